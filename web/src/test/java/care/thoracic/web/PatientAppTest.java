package care.thoracic.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Patients of the north clinic on a small phone (360 CSS pixels) in a real browser, against the real
 * services, broker, store and Keycloak: the intake in plain words, today's plan, a session logged
 * (once, however often it is sent) and the chart that moves without a reload; an urgent answer that
 * says what to do now and starts nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = WebPlatform.class, restrictToAnnotatedClass = false)
class PatientAppTest extends BrowserTest {
  PatientAppTest() {
    super(PHONE_WIDTH);
  }

  @Test
  void a_patient_does_the_intake_sees_todays_plan_logs_a_session_and_sees_the_chart_move() throws Exception {
    browser.logIn("/", "pat-eve");
    assertThat(browser.heading()).isEqualTo("Welcome");
    browser.driver().findElement(By.linkText("Answer the questions")).click();
    browser.awaitText(By.tagName("h1"), "About your back");
    browser.assertAccessible();
    browser.screenshot("app-intake");

    for (String question : new String[] {"chestPainOrBreathlessness", "progressiveNumbness", "bowelBladderDysfunction",
        "fever", "unexplainedWeightLoss", "significantTrauma"}) {
      browser.driver().findElement(By.id(question + "-no")).click();
    }
    new Select(browser.driver().findElement(By.id("field-painScore"))).selectByVisibleText("6");
    browser.driver().findElement(By.id("onset-gradual")).click();
    browser.driver().findElement(By.id("aggravator-SITTING")).click();
    // the age left out: triage-service names the field, the answers stay
    browser.driver().findElement(By.xpath("//button[normalize-space()='Send my answers']")).click();
    browser.await(By.id("intake-problems"));
    assertThat(browser.driver().findElement(By.id("intake-problems")).getText()).contains("age");
    assertThat(browser.driver().findElement(By.cssSelector("#intake-problems a")).getDomAttribute("href"))
        .as("the summary leads to the field").isEqualTo("#field-age");
    assertThat(browser.driver().findElement(By.id("field-age")).getDomAttribute("aria-describedby"))
        .as("the field says what is wrong with it").isEqualTo("problem-age");
    assertThat(browser.driver().findElement(By.id("fever-no")).isSelected()).isTrue();
    assertThat(browser.driver().findElement(By.id("aggravator-SITTING")).isSelected()).isTrue();
    browser.assertAccessible();
    browser.screenshot("app-intake-problem");

    browser.driver().findElement(By.id("field-age")).sendKeys("38");
    setDate("field-onsetDate", LocalDate.now().minusDays(10));
    browser.driver().findElement(By.xpath("//button[normalize-space()='Send my answers']")).click();
    browser.awaitText(By.tagName("h1"), "Thank you");
    assertThat(browser.driver().findElement(By.tagName("main")).getText()).contains("You can start your exercise plan now");

    calls.awaitPlan("pat-eve", "ACTIVE");
    browser.driver().findElement(By.linkText("See your plan")).click();
    browser.awaitText(By.tagName("h1"), "Today");
    assertThat(browser.driver().findElements(By.cssSelector(".activities li"))).isNotEmpty();
    new WebDriverWait(browser.driver(), Duration.ofSeconds(30))
        .until(driver -> "0".equals(driver.findElement(By.id("pain-chart")).getDomAttribute("data-points")));
    browser.assertAccessible();
    browser.screenshot("app-today");
    assertThat(browser.driver().executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        Promise.all([navigator.serviceWorker.ready.then(registration => registration.scope),
            fetch('/manifest.webmanifest').then(answer => answer.json()).then(manifest => manifest.start_url)])
          .then(found => done(found.join(' ')), failed => done('failed: ' + failed));"""))
        .as("installable: a service worker for the app and a manifest that starts there")
        .isEqualTo(web.resolve("/app") + " /app");

    browser.driver().executeScript("window.notReloaded = true;");
    browser.driver().findElement(By.cssSelector("#session-form input[name=exercise]")).click();
    new Select(browser.driver().findElement(By.id("painBefore"))).selectByVisibleText("5");
    new Select(browser.driver().findElement(By.id("painAfter"))).selectByVisibleText("4");
    String sentForm = (String) browser.driver().executeScript(
        "return new URLSearchParams(new FormData(document.getElementById('session-form'))).toString();");
    browser.driver().findElement(By.xpath("//button[normalize-space()='Log the session']")).click();
    browser.awaitText(By.cssSelector("#session-form .notice"), "Session logged");
    new WebDriverWait(browser.driver(), Duration.ofSeconds(40))
        .until(driver -> "1".equals(driver.findElement(By.id("pain-chart")).getDomAttribute("data-points")));
    assertThat(browser.driver().executeScript("return window.notReloaded === true;")).as("no reload").isEqualTo(true);
    assertThat(browser.driver().findElement(By.id("progress-summary")).getText())
        .contains("Your 7-day average pain is 5.0").contains("1 sessions logged");
    assertThat(browser.driver().findElements(By.cssSelector("#pain-chart canvas"))).as("uPlot drew it").isNotEmpty();
    browser.screenshot("app-session-logged");

    // the connection dropped and the app sends the same form again: still one session
    Object resent = browser.driver().executeAsyncScript("""
        const done = arguments[arguments.length - 1];
        fetch('/app/sessions', {method: 'POST', credentials: 'same-origin', body: arguments[0],
            headers: {'Content-Type': 'application/x-www-form-urlencoded', 'HX-Request': 'true'}})
          .then(answer => done(answer.status), () => done(-1));""", sentForm);
    assertThat(resent).isEqualTo(200L);
    String planId = calls.awaitPlan("pat-eve", "ACTIVE").path("planId").asText();
    JsonNode progress = PlatformCalls.await("the session counted", () -> calls.find("progress",
        "/plans/" + planId + "/progress", "pat-eve").filter(report -> report.path("sessionsLogged").asInt() >= 1));
    Thread.sleep(2_000); // a second session would have been counted by now
    assertThat(calls.find("progress", "/plans/" + planId + "/progress", "pat-eve").orElseThrow()
        .path("sessionsLogged").asInt()).as("the resent form is the same session").isEqualTo(1);
    assertThat(progress.path("painSeries")).hasSize(1);
  }

  @Test
  void an_urgent_answer_says_what_to_do_now_and_starts_nothing() throws Exception {
    browser.logIn("/app/intake", "pat-fay");
    browser.driver().findElement(By.id("chestPainOrBreathlessness-yes")).click();
    for (String question : new String[] {"progressiveNumbness", "bowelBladderDysfunction", "fever",
        "unexplainedWeightLoss", "significantTrauma"}) {
      browser.driver().findElement(By.id(question + "-no")).click();
    }
    new Select(browser.driver().findElement(By.id("field-painScore"))).selectByVisibleText("7");
    browser.driver().findElement(By.id("onset-sudden")).click();
    setDate("field-onsetDate", LocalDate.now());
    browser.driver().findElement(By.id("field-age")).sendKeys("52");
    browser.driver().findElement(By.xpath("//button[normalize-space()='Send my answers']")).click();

    browser.awaitText(By.tagName("h1"), "Get medical help now");
    assertThat(browser.driver().findElement(By.cssSelector(".urgent-box")).getText())
        .contains("Call 112").contains("No exercise plan was started");
    browser.assertAccessible();
    browser.screenshot("app-urgent");
    Thread.sleep(2_000); // plan-service has read the triage by now, and started nothing
    assertThat(calls.find("plan", "/patients/pat-fay/plan", "pat-fay")).isEmpty();
    browser.open("/app");
    assertThat(browser.heading()).isEqualTo("Welcome");
  }

  /** A date field takes what a person types in their locale; the browser's own value setter is locale-free. */
  private void setDate(String id, LocalDate date) {
    browser.driver().executeScript("document.getElementById(arguments[0]).value = arguments[1];", id, date.toString());
  }
}
