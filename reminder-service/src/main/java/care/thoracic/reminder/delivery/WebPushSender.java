package care.thoracic.reminder.delivery;

import care.thoracic.reminder.domain.PushKeys;
import care.thoracic.reminder.domain.PushNotice;
import care.thoracic.reminder.domain.PushSubscription;
import com.interaso.webpush.VapidKeys;
import com.interaso.webpush.WebPush;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Web Push through the push service a device's endpoint names. The message encryption (RFC 8291,
 * aes128gcm) and the VAPID token (RFC 8292, ES256, 12 hours) are the {@code com.interaso:webpush}
 * library's; the call is this class's own, so that it is bounded like every other delivery (one
 * deadline for the endpoint's address check, connecting and the answer), never follows a redirect,
 * re-judges the endpoint against the platform's own hosts and internal networks at every push (a
 * push service's name could come to point inside), and reads the status and Retry-After.
 */
public final class WebPushSender implements PushSender {
  private final WebPush webPush;
  private final Duration timeout;
  private final WebhookTargets targets;
  private final Clock clock;
  private final HttpClient http;

  public WebPushSender(String subject, VapidKeys keys, Duration timeout, WebhookTargets targets, Clock clock) {
    this.webPush = new WebPush(subject, keys);
    this.timeout = timeout;
    this.targets = targets;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** The public key browsers subscribe with ({@code applicationServerKey}), base64url without padding. */
  public String publicKey() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(webPush.getVapidKeys().getApplicationServerKey());
  }

  @Override
  public PushAnswer send(PushSubscription device, byte[] payload, Duration timeToLive, String topic,
      PushNotice.Urgency urgency) {
    long started = System.nanoTime();
    Optional<String> refusal = targets.refusalOf(device.endpoint());
    if (refusal.isPresent()) {
      // a name that no longer resolves outside may resolve again: tried again, up to the attempts
      return new PushAnswer.RetryLater("the endpoint " + refusal.get(), Optional.empty());
    }
    Duration left = timeout.minusNanos(System.nanoTime() - started);
    if (left.isNegative() || left.isZero()) {
      return timedOut();
    }
    byte[] body = webPush.getBody(payload, PushKeys.base64url(device.p256dh()).orElseThrow(),
        PushKeys.base64url(device.auth()).orElseThrow());
    Map<String, String> headers = webPush.getHeaders(device.endpoint().toString(),
        (int) Math.min(Integer.MAX_VALUE, timeToLive.toSeconds()), opaqueTopic(device, topic), urgency(urgency));
    HttpRequest.Builder request = HttpRequest.newBuilder(device.endpoint()).timeout(left)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    CompletableFuture<HttpResponse<Void>> call = http.sendAsync(request.build(),
        HttpResponse.BodyHandlers.discarding());
    try {
      HttpResponse<Void> answer = call.get(left.toNanos(), TimeUnit.NANOSECONDS);
      return PushAnswer.of(answer.statusCode(), answer.headers().firstValue("Retry-After").orElse(null),
          clock.instant());
    } catch (TimeoutException e) {
      call.cancel(true);
      return timedOut();
    } catch (ExecutionException e) {
      return e.getCause() instanceof HttpTimeoutException ? timedOut()
          : new PushAnswer.RetryLater("the push service could not be reached: " + e.getCause(), Optional.empty());
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      return new PushAnswer.RetryLater("interrupted while pushing", Optional.empty());
    }
  }

  /**
   * The {@code Topic} header for {@code topic} on this device. The push service reads it in the
   * clear, so it must not say what the push is about ("flag", "reminder-ice" would tell it about the
   * patient's health): an HMAC of the topic under the device's auth secret, which the push service
   * never sees, cut to the 32 characters RFC 8030 allows. The same thing keeps the same topic on a
   * device, so a newer push still replaces one the push service holds.
   */
  static String opaqueTopic(PushSubscription device, String topic) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(PushKeys.base64url(device.auth()).orElseThrow(), "HmacSHA256"));
      byte[] digest = mac.doFinal(topic.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 32);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private PushAnswer timedOut() {
    return new PushAnswer.RetryLater("the push service did not answer within " + timeout.toMillis() + " ms",
        Optional.empty());
  }

  private static WebPush.Urgency urgency(PushNotice.Urgency urgency) {
    return switch (urgency) {
      case VERY_LOW -> WebPush.Urgency.VeryLow;
      case LOW -> WebPush.Urgency.Low;
      case NORMAL -> WebPush.Urgency.Normal;
      case HIGH -> WebPush.Urgency.High;
    };
  }
}
