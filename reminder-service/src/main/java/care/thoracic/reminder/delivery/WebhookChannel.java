package care.thoracic.reminder.delivery;

import care.thoracic.contracts.CareJson;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Channel;
import care.thoracic.reminder.store.PreferencesStore;
import care.thoracic.reminder.store.Reminders;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs the reminder as JSON to the patient's webhook, signed with the clinic's secret:
 * {@code X-Care-Signature: sha256=<hex HMAC-SHA256 of "<X-Care-Timestamp>.<body>">}, so a receiver
 * can check it came from here and is fresh; {@code X-Care-Reminder-Id} lets it de-duplicate a
 * reminder fired twice. Anything but a 2xx answer within {@code timeout} (counted from the start of
 * the attempt, name check included) is a failed attempt.
 */
public final class WebhookChannel implements ReminderChannel {
  public static final String SIGNATURE = "X-Care-Signature";
  public static final String TIMESTAMP = "X-Care-Timestamp";
  public static final String REMINDER_ID = "X-Care-Reminder-Id";

  private final Function<Tenant, Optional<String>> secrets;
  private final Duration timeout;
  private final Clock clock;
  private final WebhookTargets targets;
  private final HttpClient http;

  public WebhookChannel(Function<Tenant, Optional<String>> secrets, Duration timeout, Clock clock,
      WebhookTargets targets) {
    this.secrets = secrets;
    this.timeout = timeout;
    this.clock = clock;
    this.targets = targets;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public Channel channel() {
    return Channel.WEBHOOK;
  }

  @Override
  public void deliver(Reminders.StoredReminder reminder, PreferencesStore.Stored preferences) {
    // one deadline for the whole attempt (name check, connect, request, answer): the JDK's connect
    // and request timeouts each start their own clock, and the dispatcher needs one bound it can
    // plan its lease around
    long started = System.nanoTime();
    String secret = secrets.apply(reminder.tenant()).orElseThrow(() -> new DeliveryFailedException(
        "no webhook secret is configured for clinic " + reminder.tenant().id()));
    targets.refusalOf(preferences.webhookUrl()).ifPresent(refusal -> {
      throw new DeliveryFailedException("the webhook URL " + refusal);
    });
    Duration left = timeout.minusNanos(System.nanoTime() - started);
    if (left.isNegative() || left.isZero()) {
      throw new DeliveryFailedException("the webhook did not answer within " + timeout.toMillis() + " ms");
    }
    String body = body(reminder);
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    HttpRequest request = HttpRequest.newBuilder(preferences.webhookUrl()).timeout(left)
        .header("Content-Type", "application/json").header(TIMESTAMP, timestamp)
        .header(SIGNATURE, "sha256=" + sign(secret, timestamp + "." + body))
        .header(REMINDER_ID, reminder.reminderId().toString())
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    CompletableFuture<HttpResponse<Void>> call = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
    int status;
    try {
      status = call.get(left.toNanos(), TimeUnit.NANOSECONDS).statusCode();
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new DeliveryFailedException("the webhook did not answer within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof HttpTimeoutException) {
        throw new DeliveryFailedException("the webhook did not answer within " + timeout.toMillis() + " ms");
      }
      throw new DeliveryFailedException("the webhook could not be reached: " + e.getCause());
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw new DeliveryFailedException("interrupted while calling the webhook");
    }
    if (status / 100 != 2) {
      throw new DeliveryFailedException("the webhook answered HTTP " + status);
    }
  }

  /** HMAC-SHA256 of {@code payload} under {@code secret}, in lower-case hex. */
  public static String sign(String secret, String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static String body(Reminders.StoredReminder reminder) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("reminderId", reminder.reminderId());
    json.put("planId", reminder.planId());
    json.put("patientId", reminder.patientId());
    json.put("clinic", reminder.tenant().id());
    json.put("kind", reminder.kind());
    json.put("focus", reminder.focus());
    json.put("dueAt", reminder.dueAt().toString());
    json.put("localDue", reminder.localDue().toString());
    json.put("attempt", reminder.attempts());
    json.put("reasons", reminder.reasons());
    try {
      return CareJson.mapper().writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a reminder is plain data", e);
    }
  }
}
