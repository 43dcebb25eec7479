package care.thoracic.web;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.testkit.ClockControl;
import care.thoracic.testkit.PushServiceStandIn;
import care.thoracic.testkit.TestKeycloak;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A patient's reminders and her plan's news on a phone-sized screen: the inbox of delivered reminders,
 * her times, notifications on her device (registered at reminder-service, pushed to the test kit's
 * push service stand-in), and her plan followed live through her feed.
 */
@QuarkusTest
@QuarkusTestResource(value = WebPlatform.class, restrictToAnnotatedClass = false)
class PatientRemindersTest extends BrowserTest {
  PatientRemindersTest() {
    super(PHONE_WIDTH);
  }

  @Test
  void a_patient_turns_on_notifications_reads_her_reminders_and_changes_her_times() throws Exception {
    calls.post("triage", "/triage", "pat-ivy", PlatformCalls.intake("pat-ivy", 5, false), Map.of());
    calls.awaitPlan("pat-ivy", "ACTIVE");
    PlatformCalls.await("pat-ivy's reminders planned", () -> calls.find("reminder",
        "/patients/pat-ivy/reminders?status=PENDING", "pat-ivy").filter(page -> page.path("total").asInt() > 0));

    try (PushServiceStandIn pushService = PushServiceStandIn.start()) {
      browser.logIn("/app/reminders", "pat-ivy");
      assertThat(browser.heading()).isEqualTo("Reminders");
      assertThat(browser.driver().findElement(By.id("inbox")).getText()).contains("No reminder has reached you yet");
      assertThat(browser.driver().findElement(By.id("coming")).findElements(By.tagName("li"))).isNotEmpty();
      browser.await(By.id("push-on"));

      // the browser's own push service is out of reach here: the stand-in's device subscribes in its place,
      // through the page's own registration (a form post with the page's CSRF token)
      PushServiceStandIn.Device phone = pushService.device("ivy-phone");
      Object registered = browser.driver().executeAsyncScript("var done = arguments[arguments.length - 1];"
          + "window.carePushRegister({endpoint: arguments[0], keys: {p256dh: arguments[1], auth: arguments[2]}})"
          + ".then(done);", phone.endpoint().toString(), phone.p256dh(), phone.auth());
      assertThat(registered).as(() -> browser.driver().findElement(By.id("push-status")).getText()).isEqualTo(true);
      assertThat(browser.driver().findElement(By.id("push-status")).getText()).contains("Notifications are on");
      JsonNode devices = calls.find("reminder", "/patients/pat-ivy/push-subscriptions", "pat-ivy").orElseThrow();
      assertThat(devices.findValuesAsText("endpoint")).containsExactly(phone.endpoint().toString());

      // a day and a half later (reminder-service's clock moved on), reminders are due: delivered to the
      // app's inbox, and the phone woken with a push that says nothing of her health
      ClockControl.setOffset(PlatformCalls.service("reminder"), TestKeycloak.get().accessToken("ops-1"),
          Duration.ofHours(36));
      PlatformCalls.await("a reminder delivered to pat-ivy", () -> calls.find("reminder",
          "/patients/pat-ivy/reminders?status=SENT", "pat-ivy").filter(page -> page.path("total").asInt() > 0));
      List<PushServiceStandIn.Received> pushes = PlatformCalls.await("a push to pat-ivy's phone",
          () -> Optional.of(pushService.delivered(phone)).filter(delivered -> !delivered.isEmpty()));
      JsonNode push = pushes.getFirst().json();
      assertThat(push.path("patientId").asText()).isEqualTo("pat-ivy");
      assertThat(push.path("catchUp").asText()).startsWith("/patients/pat-ivy/feed?after=");
      assertThat(push.path("title").asText()).isNotBlank();
    }

    browser.open("/app/reminders");
    WebElement first = browser.await(By.cssSelector("#inbox li.unread"));
    String firstId = first.getAttribute("id");
    assertThat(browser.driver().findElement(By.id("unread")).getText()).matches("\\(\\d+ unread\\)");
    browser.assertAccessible();
    browser.screenshot("app-reminders");
    first.findElement(By.xpath(".//button[normalize-space()='Mark read']")).click();
    browser.awaitText(By.id(firstId), "(read)");
    String reminderId = firstId.substring("reminder-".length());
    JsonNode sent = calls.find("reminder", "/patients/pat-ivy/reminders?status=SENT&size=200", "pat-ivy").orElseThrow();
    assertThat(sent.path("items").findParents("reminderId").stream()
        .filter(reminder -> reminder.path("reminderId").asText().equals(reminderId))
        .map(reminder -> reminder.path("readAt").isTextual()).toList()).containsExactly(true);

    browser.driver().executeScript("document.getElementById('exercise-at').value = '07:30';");
    browser.driver().findElement(By.xpath("//button[normalize-space()='Save my times']")).click();
    browser.awaitText(By.cssSelector(".notice"), "Saved");
    assertThat(browser.driver().findElement(By.id("exercise-at")).getAttribute("value")).isEqualTo("07:30");
    JsonNode preferences = calls.find("reminder", "/patients/pat-ivy/reminder-preferences", "pat-ivy").orElseThrow();
    assertThat(preferences.path("exerciseAt").asText()).startsWith("07:30");

    // a hostile page sends the quiet hours without their start: refused naming the field, nothing changed
    browser.driver().executeScript("var from = document.getElementById('quiet-from');"
        + "from.removeAttribute('required'); from.value = '';");
    browser.driver().findElement(By.xpath("//button[normalize-space()='Save my times']")).click();
    assertThat(browser.await(By.id("preferences-problem")).getText()).contains("Quiet from");
    assertThat(calls.find("reminder", "/patients/pat-ivy/reminder-preferences", "pat-ivy").orElseThrow())
        .isEqualTo(preferences);
    browser.assertAccessible();
  }

  @Test
  void a_patients_today_page_follows_her_plan_through_her_feed() throws Exception {
    calls.post("triage", "/triage", "pat-kai", PlatformCalls.intake("pat-kai", 6, false), Map.of());
    JsonNode plan = calls.awaitPlan("pat-kai", "ACTIVE");
    String planId = plan.path("planId").asText();

    browser.logIn("/app", "pat-kai");
    browser.awaitText(By.tagName("h1"), "Today");
    browser.driver().executeScript("window.notReloaded = true;");

    plan = calls.decide(planId, "suspend", plan.path("version").asLong(), "Flare-up: pause until reviewed.",
        "dr-north");
    browser.awaitText(By.id("plan-live-notice"), "Your plan changed");
    assertThat(browser.heading()).isEqualTo("Your plan");
    assertThat(browser.driver().findElement(By.id("plan-area")).getText()).containsIgnoringCase("paused");
    assertThat(browser.driver().findElement(By.id("news")).getText()).contains("Your plan is paused");
    assertThat(browser.driver().executeScript("return window.notReloaded === true;")).as("no reload").isEqualTo(true);
    browser.assertAccessible();
    browser.screenshot("app-plan-paused-live");

    calls.decide(planId, "resume", plan.path("version").asLong(), "Reviewed by phone.", "dr-north");
    browser.awaitText(By.tagName("h1"), "Today");
    browser.await(By.id("session-form"));
    assertThat(browser.driver().findElement(By.id("news")).getText()).contains("Your plan goes on");
    assertThat(browser.driver().executeScript("return window.notReloaded === true;")).as("no reload").isEqualTo(true);
  }
}
