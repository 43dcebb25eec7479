package care.thoracic.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * A clinician of the north clinic in a real browser, against the real services, broker, store and
 * Keycloak: logs in, takes an urgent flag from the queue, and decides on a plan someone else changed
 * first. The patients of the committed realm act through the APIs, as their app would.
 */
@QuarkusTest
@QuarkusTestResource(value = WebPlatform.class, restrictToAnnotatedClass = false)
class ClinicConsoleTest extends BrowserTest {
  ClinicConsoleTest() {
    super(DESK_WIDTH);
  }

  @Test
  void a_clinician_logs_in_and_acknowledges_an_urgent_flag_from_the_queue() throws Exception {
    JsonNode triage = calls.post("triage", "/triage", "pat-ada", PlatformCalls.intake("pat-ada", 7, true), Map.of());
    assertThat(triage.path("disposition").asText()).isEqualTo("URGENT");
    JsonNode item = PlatformCalls.await("the urgent flag in the north clinic's queue", () -> queueItemOf("pat-ada"));

    browser.logIn("/", "dr-north");
    assertThat(browser.heading()).isEqualTo("Work queue");
    WebElement row = browser.await(By.id("item-" + item.path("itemId").asText()));
    assertThat(row.getText()).contains("Urgent red flag").contains("pat-ada");
    assertThat(row.findElement(By.cssSelector("time.countdown")).getText()).matches("in \\d+ (min|h)|\\d+ (min|h) overdue");
    browser.assertAccessible();
    browser.screenshot("console-work-queue");

    row.findElement(By.xpath(".//button[normalize-space()='Acknowledge']")).click();
    browser.awaitText(By.id("item-" + item.path("itemId").asText()), "dr-north");
    assertThat(browser.driver().findElement(By.id("item-" + item.path("itemId").asText()))
        .findElements(By.xpath(".//button[normalize-space()='Acknowledge']"))).isEmpty();
    JsonNode acknowledged = calls.find("plan", "/clinic/work-queue/" + item.path("itemId").asText(), "dr-north")
        .orElseThrow();
    assertThat(acknowledged.path("acknowledgedBy").asText()).isEqualTo("dr-north");
    browser.screenshot("console-work-queue-acknowledged");
  }

  @Test
  void a_clinician_resumes_a_plan_after_someone_else_changed_it_first() throws Exception {
    calls.post("triage", "/triage", "pat-ben", PlatformCalls.intake("pat-ben", 6, false), Map.of());
    JsonNode plan = calls.awaitPlan("pat-ben", "ACTIVE");
    String planId = plan.path("planId").asText();
    plan = calls.decide(planId, "suspend", plan.path("version").asLong(), "Flare-up: pause until reviewed.", "admin-north");

    browser.logIn("/console/plans/" + planId, "dr-north");
    assertThat(browser.heading()).isEqualTo("Plan of pat-ben");
    assertThat(browser.driver().findElement(By.id("plan-status")).getText()).isEqualTo("SUSPENDED");
    browser.assertAccessible();
    browser.screenshot("console-plan");

    // meanwhile, the clinic-admin resumes the plan and suspends it again: the page shows it live, and
    // says that a decision is still taken on the version the clinician saw
    browser.driver().executeScript("window.notReloaded = true;");
    long seen = plan.path("version").asLong();
    plan = calls.decide(planId, "resume", plan.path("version").asLong(), "Reviewed by phone.", "admin-north");
    plan = calls.decide(planId, "suspend", plan.path("version").asLong(), "Second flare-up.", "admin-north");
    browser.awaitText(By.id("plan-version"), Long.toString(plan.path("version").asLong()));
    assertThat(browser.driver().findElement(By.id("plan-timeline")).getText())
        .contains("resumed by admin-north").contains("Second flare-up.");
    assertThat(browser.driver().findElement(By.id("live-notice")).getText())
        .contains("now version " + plan.path("version").asLong()).contains("the version you saw (" + seen + ")");
    assertThat(browser.driver().executeScript("return window.notReloaded === true;")).as("no reload").isEqualTo(true);
    browser.assertAccessible();
    browser.screenshot("console-plan-live");

    new Select(browser.driver().findElement(By.id("decision"))).selectByVisibleText("Resume");
    browser.driver().findElement(By.id("reason")).sendKeys("Pain settled; back to the plan.");
    browser.driver().findElement(By.xpath("//button[normalize-space()='Record the decision']")).click();
    WebElement problem = browser.await(By.id("decision-problem"));
    assertThat(problem.getText()).contains("Someone else changed this plan first");
    assertThat(browser.driver().findElement(By.id("reason")).getAttribute("value"))
        .as("the clinician's reason is kept").isEqualTo("Pain settled; back to the plan.");
    assertThat(browser.driver().findElement(By.id("plan-version")).getText())
        .isEqualTo(Long.toString(plan.path("version").asLong()));
    assertThat(calls.find("plan", "/plans/" + planId, "dr-north").orElseThrow().path("status").asText())
        .as("nothing of the refused decision applied").isEqualTo("SUSPENDED");
    browser.assertAccessible();
    browser.screenshot("console-plan-conflict");

    // decided again with the keyboard alone: the choice typed into the list, Tab past the kept reason
    // to the button, Enter
    WebElement choice = browser.driver().findElement(By.id("decision"));
    choice.sendKeys("Resume");
    assertThat(new Select(choice).getFirstSelectedOption().getText()).isEqualTo("Resume");
    choice.sendKeys(Keys.TAB);
    assertThat(browser.driver().switchTo().activeElement().getAttribute("id")).isEqualTo("reason");
    browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
    WebElement focused = browser.driver().switchTo().activeElement();
    assertThat(focused.getText()).isEqualTo("Record the decision");
    focused.sendKeys(Keys.ENTER);
    browser.awaitText(By.id("plan-status"), "ACTIVE");
    assertThat(browser.driver().findElement(By.cssSelector(".notice")).getText()).isEqualTo("Resume: done.");
    assertThat(browser.driver().findElement(By.cssSelector(".timeline")).getText())
        .contains("resumed by dr-north").contains("Pain settled; back to the plan.");
    browser.screenshot("console-plan-resumed");
  }

  @Test
  void a_clinicians_plan_page_charts_the_patients_progress_and_shows_a_new_flag_live() throws Exception {
    calls.post("triage", "/triage", "pat-hal", PlatformCalls.intake("pat-hal", 6, false), Map.of());
    JsonNode plan = calls.awaitPlan("pat-hal", "ACTIVE");
    String planId = plan.path("planId").asText();
    PlatformCalls.await("pat-hal's plan at progress-service", () -> calls.find("progress",
        "/plans/" + planId + "/progress", "pat-hal"));
    calls.post("progress", "/plans/" + planId + "/sessions", "pat-hal", PlatformCalls.session(4), Map.of());
    JsonNode report = PlatformCalls.await("the session in pat-hal's progress", () -> calls.find("progress",
        "/plans/" + planId + "/progress", "dr-north").filter(progress -> progress.path("sessionsLogged").asInt() == 1));

    browser.logIn("/console/plans/" + planId, "dr-north");
    browser.awaitAttribute(By.id("pain-chart"), "data-points", "1");
    browser.awaitAttribute(By.id("adherence-chart"), "data-weeks", "1");
    assertThat(browser.driver().findElements(By.cssSelector("#pain-chart canvas, #adherence-chart canvas"))).hasSize(2);
    assertThat(browser.driver().findElement(By.id("pain-in-words")).getText())
        .startsWith(String.format(Locale.ROOT, "7-day mean pain %.1f against a baseline of 6",
            report.path("meanPain7d").asDouble()))
        .contains(String.format(Locale.ROOT, "at or under %.1f", report.path("improvementLine").asDouble()));
    assertThat(browser.driver().findElement(By.id("adherence-table")).getText()).contains("week 1")
        .contains(report.path("weeks").get(0).path("adherence").path("percent").asInt() + "% (");
    assertThat(browser.driver().findElement(By.id("plan-flags")).getText()).contains("No flag has been raised");
    browser.assertAccessible();
    browser.screenshot("console-plan-progress");

    // the patient reports trouble with the bladder: the page shows the plan suspended for the open flag, no reload
    browser.driver().executeScript("window.notReloaded = true;");
    calls.post("progress", "/plans/" + planId + "/sessions", "pat-hal",
        PlatformCalls.session(5, "BOWEL_BLADDER_DYSFUNCTION"), Map.of());
    browser.awaitText(By.id("plan-status"), "SUSPENDED");
    browser.awaitText(By.id("open-flags"), "BOWEL_BLADDER_DYSFUNCTION");
    assertThat(browser.driver().findElement(By.id("open-flags")).getText()).contains("URGENT");
    assertThat(browser.driver().executeScript("return window.notReloaded === true;")).as("no reload").isEqualTo(true);
    browser.assertAccessible();
    browser.screenshot("console-plan-flag");

    // resumed after the patient was seen: the flag is listed as resolved
    plan = calls.find("plan", "/plans/" + planId, "dr-north").orElseThrow();
    calls.decide(planId, "resume", plan.path("version").asLong(), "Seen in the emergency department; cleared.",
        "admin-north");
    PlatformCalls.await("the flag resolved in pat-hal's progress", () -> calls.find("progress",
        "/plans/" + planId + "/progress", "dr-north").filter(progress -> progress.path("openFlags").isEmpty()));
    browser.open("/console/plans/" + planId);
    assertThat(browser.driver().findElement(By.id("resolved-flags")).getText()).contains("BOWEL_BLADDER_DYSFUNCTION");
    assertThat(browser.driver().findElements(By.id("open-flags"))).isEmpty();
  }

  @Test
  void a_clinician_replaces_a_plan_with_the_one_a_new_intake_proposes() throws Exception {
    calls.post("triage", "/triage", "pat-lin", PlatformCalls.intake("pat-lin", 4, false), Map.of());
    String first = calls.awaitPlan("pat-lin", "ACTIVE").path("planId").asText();
    // the patient answers the questions again, worse: recorded and put in the queue, nothing replaced yet
    calls.post("triage", "/triage", "pat-lin", PlatformCalls.intake("pat-lin", 7, false), Map.of());
    PlatformCalls.await("the re-triage waiting on pat-lin's plan", () -> calls.find("plan", "/plans/" + first,
        "dr-north").filter(plan -> !plan.path("retriages").isEmpty()));

    browser.logIn("/console", "dr-north");
    assertThat(browser.driver().findElement(By.tagName("main")).getText()).contains("Re triaged");
    browser.open("/console/plans/" + first);
    WebElement waiting = browser.await(By.cssSelector("section.retriage"));
    assertThat(waiting.getText()).contains("A new intake waits for your decision").contains("7 / 10");
    browser.assertAccessible();
    browser.screenshot("console-plan-retriage");
    assertThat(browser.postStatus("/console/plans/" + first + "/retriages/" + UUID.randomUUID() + "/decision"))
        .as("a decision with no choice and no reason").isEqualTo(400L);

    waiting.findElement(By.cssSelector("input[value='REPLACE_PLAN']")).click();
    waiting.findElement(By.tagName("textarea")).sendKeys("Pain is worse: the new plan from the new baseline.");
    waiting.findElement(By.tagName("button")).click();
    browser.awaitText(By.cssSelector(".notice"), "The plan was replaced");
    assertThat(browser.driver().getCurrentUrl()).doesNotContain(first);
    assertThat(browser.heading()).isEqualTo("Plan of pat-lin");
    assertThat(browser.driver().findElement(By.xpath("//dt[.='Baseline pain']/following-sibling::dd")).getText())
        .isEqualTo("7 / 10");
    assertThat(calls.find("plan", "/plans/" + first, "dr-north").orElseThrow().path("status").asText())
        .isEqualTo("COMPLETED");
  }

  @Test
  void the_session_cookie_is_out_of_scripts_reach_and_a_change_without_the_pages_token_is_refused() throws Exception {
    browser.logIn("/console", "dr-north");

    Cookie session = browser.driver().manage().getCookieNamed("q_session");
    assertThat(session).as("the session cookie").isNotNull();
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(session.isSecure()).isTrue();
    assertThat(session.getSameSite()).isEqualTo("Lax");
    assertThat(browser.driver().executeScript("return document.cookie + JSON.stringify(localStorage) "
        + "+ JSON.stringify(sessionStorage)")).asString().doesNotContain("q_session").doesNotContain("eyJ");

    // another site's form posting with the person's cookies but without the page's token is refused
    // before it reaches a service: with the token, an unknown item would be plan-service's 404
    String cookies = browser.driver().manage().getCookies().stream()
        .map(cookie -> cookie.getName() + "=" + cookie.getValue()).collect(Collectors.joining("; "));
    String unknownItem = "/console/work-queue/" + UUID.randomUUID() + "/acknowledgement";
    assertThat(post(unknownItem, cookies, "").statusCode()).isEqualTo(400);
    String pagesToken = browser.driver().findElement(By.cssSelector("form.logout input[name=csrf-token]"))
        .getAttribute("value");
    assertThat(post(unknownItem, cookies, "csrf-token=" + pagesToken).statusCode())
        .as("the same post with the page's token reaches plan-service").isEqualTo(404);

    browser.driver().findElement(By.xpath("//button[normalize-space()='Log out']")).click();
    browser.awaitText(By.tagName("h1"), "Logged out");
    browser.open("/console");
    browser.await(By.id("username")); // logged out here and at Keycloak: the console asks to log in again
  }

  private HttpResponse<String> post(String path, String cookies, String form) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(web.resolve(path)).header("Cookie", cookies)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void the_clinics_lists_show_its_own_patients_and_no_other_clinics() throws Exception {
    calls.post("triage", "/triage", "pat-gus", PlatformCalls.intake("pat-gus", 6, false), Map.of());
    String northPlan = calls.awaitPlan("pat-gus", "ACTIVE").path("planId").asText();
    calls.find("plan", "/patients/pat-cleo/plan", "pat-cleo").orElseGet(() -> {
      calls.post("triage", "/triage", "pat-cleo", PlatformCalls.intake("pat-cleo", 5, false), Map.of());
      return null;
    });
    calls.awaitPlan("pat-cleo", "ACTIVE");

    browser.logIn("/console/patients?status=ACTIVE", "dr-north");
    assertThat(browser.heading()).isEqualTo("Patients");
    String running = browser.driver().findElement(By.tagName("main")).getText();
    assertThat(running).contains("pat-gus").doesNotContain("pat-cleo");
    long total = calls.find("plan", "/clinic/plans?status=ACTIVE", "dr-north").orElseThrow().path("total").asLong();
    assertThat(running).contains(total + " plan" + (total == 1 ? "" : "s"));
    browser.assertAccessible();
    browser.screenshot("console-patients");
    browser.driver().findElement(By.cssSelector("a[aria-label='Open pat-gus']")).click();
    browser.awaitText(By.tagName("h1"), "Plan of pat-gus");
    assertThat(browser.driver().getCurrentUrl()).endsWith("/console/plans/" + northPlan);

    browser.open("/console/patients?status=SUSPENDED&page=x'%7B%22$gt%22:1%7D");
    assertThat(browser.heading()).as("a page number that is none is the first page").isEqualTo("Patients");
    browser.open("/console/at-risk");
    assertThat(browser.heading()).isEqualTo("Patients at risk");
    assertThat(browser.driver().getPageSource()).doesNotContain("pat-cleo");
    browser.assertAccessible();
  }

  @Test
  void a_clinician_of_one_clinic_finds_nothing_of_another_by_editing_urls() throws Exception {
    calls.post("triage", "/triage", "pat-cleo", PlatformCalls.intake("pat-cleo", 5, false), Map.of());
    String southPlan = calls.awaitPlan("pat-cleo", "ACTIVE").path("planId").asText();

    browser.logIn("/console/plans/" + southPlan, "dr-north");
    assertThat(browser.heading()).isEqualTo("Not found");
    assertThat(browser.driver().getPageSource()).doesNotContain("pat-cleo");
    assertThat(browser.fetchStatus("/console/plans/" + southPlan + "/progress")).as("another clinic's figures")
        .isEqualTo(404);
    browser.screenshot("console-other-clinic");

    browser.open("/app");
    assertThat(browser.heading()).as("a clinician has no patient app").isEqualTo("Not allowed");
  }

  @Test
  void a_patient_reaches_neither_the_console_nor_another_clinics_plan() throws Exception {
    calls.post("triage", "/triage", "pat-dev", PlatformCalls.intake("pat-dev", 5, false), Map.of());
    String southPlan = calls.awaitPlan("pat-dev", "ACTIVE").path("planId").asText();

    browser.logIn("/", "pat-ada");
    assertThat(browser.driver().getCurrentUrl()).endsWith("/app");
    browser.open("/console");
    assertThat(browser.heading()).isEqualTo("Not allowed");
    browser.open("/console/plans/" + southPlan);
    assertThat(browser.heading()).isEqualTo("Not allowed");
    assertThat(browser.driver().getPageSource()).doesNotContain("pat-dev");
  }

  private Optional<JsonNode> queueItemOf(String patientId) {
    return calls.find("plan", "/clinic/work-queue?size=100", "dr-north").flatMap(page -> {
      for (JsonNode item : page.path("items")) {
        if (item.path("patientId").asText().equals(patientId) && item.path("kind").asText().equals("URGENT_RED_FLAG")) {
          return Optional.of(item);
        }
      }
      return Optional.empty();
    });
  }
}
