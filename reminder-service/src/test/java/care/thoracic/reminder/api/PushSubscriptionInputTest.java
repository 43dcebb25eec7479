package care.thoracic.reminder.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.thoracic.platform.problem.FieldError;
import care.thoracic.platform.problem.InvalidInputException;
import care.thoracic.reminder.delivery.WebhookTargets;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A browser's subscription as a deployment judges it: https to a push service outside, keys a browser could have. */
class PushSubscriptionInputTest {
  /** A browser's p256dh (a point on P-256) and a 16-byte auth secret. */
  private static final String P256DH =
      "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM";
  private static final String AUTH = "tBHItJI5svbpez7KI4CCXg";
  /** As deployed: internal networks refused; push.example.net resolves outside. */
  private final WebhookTargets deployed = new WebhookTargets(List.of("reminder-service", "mongo"), false, host -> {
    if (host.equals("push.example.net")) {
      return new InetAddress[] {InetAddress.getByName("203.0.113.9")};
    }
    throw new UnknownHostException(host);
  });

  private static PushSubscriptionInput subscription(String endpoint, String p256dh, String auth) {
    return new PushSubscriptionInput(endpoint, null, new PushSubscriptionInput.Keys(p256dh, auth));
  }

  private List<FieldError> refused(PushSubscriptionInput input) {
    try {
      input.validate(deployed, false);
    } catch (InvalidInputException e) {
      return e.errors();
    }
    throw new AssertionError("accepted: " + input);
  }

  @Test
  void a_browsers_subscription_to_a_push_service_outside_is_taken() {
    var checked = subscription("https://push.example.net/wpush/v2/abc", P256DH, AUTH).validate(deployed, false);
    assertThat(checked.endpoint().getHost()).isEqualTo("push.example.net");
  }

  @Test
  void an_endpoint_that_is_not_https_is_long_internal_or_the_platforms_own_is_refused_naming_the_endpoint() {
    for (String endpoint : List.of("http://push.example.net/wpush/abc", "ftp://push.example.net/x", "/relative",
        "https://127.0.0.1/push", "https://localhost/push", "https://10.0.0.7/push", "https://169.254.169.254/latest",
        "https://mongo/x", "https://reminder-service.care-prod.svc/admin", "https://unknown.example.org/x",
        "https://push.example.net/" + "a".repeat(1024), "https://push example/")) {
      assertThat(refused(subscription(endpoint, P256DH, AUTH))).as(endpoint).extracting(FieldError::field)
          .containsExactly("endpoint");
    }
  }

  @Test
  void keys_that_are_not_a_p256_point_and_a_16_byte_secret_are_refused_naming_each() {
    byte[] point = Base64.getUrlDecoder().decode(P256DH);
    point[64] ^= 1; // y moved off the curve
    String offCurve = Base64.getUrlEncoder().withoutPadding().encodeToString(point);
    String compressed = Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(point, 33));
    for (String p256dh : List.of(offCurve, compressed, "not base64!", "")) {
      assertThat(refused(subscription("https://push.example.net/x", p256dh, AUTH))).as(p256dh)
          .extracting(FieldError::field).containsExactly("keys.p256dh");
    }
    for (String auth : List.of("tBHItJI5svbpez7KI4CC", "tBHItJI5svbpez7KI4CCXgAA", "%%%")) {
      assertThat(refused(subscription("https://push.example.net/x", P256DH, auth))).as(auth)
          .extracting(FieldError::field).containsExactly("keys.auth");
    }
    assertThat(refused(new PushSubscriptionInput("https://push.example.net/x", -1L,
        new PushSubscriptionInput.Keys(P256DH, AUTH)))).extracting(FieldError::field).containsExactly("expirationTime");
  }

  @Test
  void plain_http_is_taken_only_where_allowed_and_the_tests_allow_loopback() {
    WebhookTargets tests = new WebhookTargets(List.of(), true);
    assertThatThrownBy(() -> subscription("http://127.0.0.1:8080/push/a", P256DH, AUTH).validate(tests, false))
        .isInstanceOf(InvalidInputException.class);
    assertThat(subscription("http://127.0.0.1:8080/push/a", P256DH, AUTH).validate(tests, true).endpoint())
        .hasPort(8080);
  }
}
