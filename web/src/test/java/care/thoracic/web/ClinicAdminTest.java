package care.thoracic.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * A clinic-admin of the north clinic in a real browser: changes the clinic's settings (each with a
 * reason, a refused change naming its field and changing nothing), reads who saw a patient's data and
 * exports it. A clinician reads the settings and changes nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = WebPlatform.class, restrictToAnnotatedClass = false)
class ClinicAdminTest extends BrowserTest {
  ClinicAdminTest() {
    super(DESK_WIDTH);
  }

  @Test
  void a_clinic_admin_changes_the_clinics_settings_and_a_refused_change_changes_nothing() throws Exception {
    browser.logIn("/console/settings", "admin-north");
    assertThat(browser.heading()).isEqualTo("Clinic settings");
    browser.assertAccessible();
    browser.screenshot("console-settings");

    WebElement amount = browser.driver().findElement(By.id("amount-URGENT_RED_FLAG"));
    amount.clear();
    amount.sendKeys("10");
    new Select(browser.driver().findElement(By.id("unit-URGENT_RED_FLAG"))).selectByVisibleText("minutes");
    browser.driver().findElement(By.id("reason-work-queue")).sendKeys("Two clinicians on call from December.");
    browser.driver().findElement(By.xpath("//button[normalize-space()='Save the deadlines']")).click();
    browser.awaitText(By.cssSelector(".notice"), "Work-queue deadlines: saved.");
    assertThat(browser.driver().findElement(By.id("amount-URGENT_RED_FLAG")).getAttribute("value")).isEqualTo("10");
    assertThat(browser.driver().findElement(By.id("work-queue")).getText())
        .contains("Urgent red flag (set by the clinic)")
        .contains("Last changed by admin-north").contains("Two clinicians on call from December.");
    JsonNode deadlines = calls.find("plan", "/clinic/settings/work-queue", "dr-north").orElseThrow();
    assertThat(deadlines.path("deadlines").path("URGENT_RED_FLAG").asText()).isEqualTo("PT10M");
    assertThat(deadlines.path("setByClinic").toString()).as("the others follow the platform")
        .isEqualTo("[\"URGENT_RED_FLAG\"]");

    for (String day : new String[] {"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"}) {
      WebElement box = browser.driver().findElement(By.cssSelector("input[name='day'][value='" + day + "']"));
      if (!box.isSelected()) {
        box.click();
      }
    }
    browser.driver().findElement(By.id("reason-work-days")).sendKeys("Our patients work six days a week.");
    browser.driver().findElement(By.xpath("//button[normalize-space()='Save the work days']")).click();
    browser.awaitText(By.cssSelector(".notice"), "Work days: saved.");
    assertThat(browser.driver().findElement(By.id("work-days-in-force")).getText())
        .isEqualTo("Mon, Tue, Wed, Thu, Fri, Sat");
    assertThat(calls.find("triage", "/clinic/settings/work-days", "dr-north").orElseThrow().path("days"))
        .hasSize(6);

    // quiet hours with a start and no end: refused by reminder-service, naming the field; the reason is kept
    JsonNode quietBefore = calls.find("reminder", "/clinic/settings/quiet-hours", "dr-north").orElseThrow();
    browser.driver().executeScript("document.getElementById('quiet-start').value = '21:00';");
    browser.driver().findElement(By.id("reason-quiet-hours")).sendKeys("Most of our patients are early risers.");
    browser.driver().findElement(By.xpath("//button[normalize-space()='Save the quiet hours']")).click();
    WebElement problem = browser.await(By.id("problem-quiet-hours"));
    assertThat(problem.getText()).contains("Nothing was changed").contains("End: is required with start");
    assertThat(browser.driver().findElement(By.id("reason-quiet-hours")).getAttribute("value"))
        .isEqualTo("Most of our patients are early risers.");
    assertThat(calls.find("reminder", "/clinic/settings/quiet-hours", "dr-north").orElseThrow())
        .as("nothing changed").isEqualTo(quietBefore);
    browser.assertAccessible();
    browser.screenshot("console-settings-refused");

    // a form in a character set nobody knows, and one of more fields than the form reader takes
    // (1,000): refused as such, not the framework's 500s they were
    assertThat(browser.postForm("/console/settings/quiet-hours", "reason=x&start=21%3A00&end=07%3A00",
        "application/x-www-form-urlencoded; charset=x-bogus")).isEqualTo(415L);
    String manyFields = "reason=x"
        + IntStream.range(0, 1200).mapToObj(field -> "&f" + field + "=").collect(Collectors.joining());
    assertThat(browser.postForm("/console/settings/quiet-hours", manyFields, null)).isEqualTo(413L);
    assertThat(calls.find("reminder", "/clinic/settings/quiet-hours", "dr-north").orElseThrow()).isEqualTo(quietBefore);
  }

  @Test
  void a_clinician_reads_the_settings_and_cannot_change_them() throws Exception {
    browser.logIn("/console/settings", "dr-north");
    assertThat(browser.heading()).isEqualTo("Clinic settings");
    assertThat(browser.driver().findElements(By.cssSelector("main button"))).as("no form to change them").isEmpty();
    JsonNode before = calls.find("plan", "/clinic/settings/protocol", "dr-north").orElseThrow();

    // a post made by hand, with the page's CSRF token, is refused all the same
    assertThat(browser.postForm("/console/settings/protocol", "version=&reason=Forged+by+a+clinician.", null))
        .isEqualTo(403L);
    assertThat(calls.find("plan", "/clinic/settings/protocol", "dr-north").orElseThrow()).isEqualTo(before);
    browser.assertAccessible();
  }

  @Test
  void a_clinic_admin_reads_who_saw_a_patients_data_and_exports_it() throws Exception {
    calls.post("triage", "/triage", "pat-jon", PlatformCalls.intake("pat-jon", 5, false), Map.of());
    String planId = calls.awaitPlan("pat-jon", "ACTIVE").path("planId").asText();

    browser.logIn("/console/plans/" + planId, "admin-north");
    browser.await(By.id("access-log-link")).click();
    browser.awaitText(By.tagName("h1"), "Access log of pat-jon");
    assertThat(browser.driver().findElement(By.id("access-log")).getText())
        .as("the admin's own reading of the plan").contains("admin-north").contains("pat-jon");
    browser.assertAccessible();
    browser.screenshot("console-access-log");

    // the page's own export form, sent as the button sends it (the browser would save the answer as a file)
    String exported = (String) browser.driver().executeAsyncScript("var done = arguments[arguments.length - 1];"
        + "var form = document.getElementById('export-form');"
        + "fetch(form.action, {method: 'POST', body: new URLSearchParams(new FormData(form)), credentials: 'same-origin'})"
        + ".then(function (r) { return r.text().then(function (t) { done(r.status + ' ' + "
        + "r.headers.get('Content-Disposition') + ' ' + t); }); });");
    assertThat(exported).startsWith("200 attachment; filename=\"patient-pat-jon.fhir.json\"")
        .contains("\"resourceType\":\"Bundle\"").contains(planId).doesNotContain("\"link\"");

    assertThat(browser.postStatus("/console/patients/pat-cleo/export")).as("another clinic's patient")
        .isIn(403L, 404L);
    browser.open("/console/patients/pat-cleo/access-log");
    assertThat(browser.driver().getPageSource()).as("another clinic's patient").doesNotContain("dr-south");
  }

  @Test
  void a_clinician_has_no_access_log_or_export() throws Exception {
    browser.logIn("/console", "dr-north");
    assertThat(browser.postStatus("/console/patients/pat-jon/export")).isEqualTo(403L);
    browser.open("/console/patients/pat-jon/access-log");
    assertThat(browser.heading()).isEqualTo("Not allowed");
  }
}
