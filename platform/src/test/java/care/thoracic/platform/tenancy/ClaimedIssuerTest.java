package care.thoracic.platform.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Which verifier a token goes to is read from it unverified, so nothing a client sends may break that reading. */
class ClaimedIssuerTest {
  private static String jws(String payload) {
    Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
    return encoder.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + encoder.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
  }

  @Test
  void the_issuer_a_token_claims_is_read_from_its_payload() {
    assertThat(ClaimedIssuer.of(jws("{\"iss\":\"http://localhost:8180/realms/care\",\"sub\":\"pat-ada\"}")))
        .isEqualTo("http://localhost:8180/realms/care");
  }

  @Test
  void anything_else_claims_no_issuer_and_goes_to_the_platforms_verifier_which_refuses_it() {
    assertThat(ClaimedIssuer.of("")).isNull();
    assertThat(ClaimedIssuer.of("not-a-jwt")).isNull();
    assertThat(ClaimedIssuer.of("a.b")).isNull();
    assertThat(ClaimedIssuer.of("..")).isNull();
    assertThat(ClaimedIssuer.of("e30.!!!not-base64!!!.c2ln")).isNull();
    assertThat(ClaimedIssuer.of(jws("not json"))).isNull();
    assertThat(ClaimedIssuer.of(jws("[\"iss\"]"))).isNull();
    assertThat(ClaimedIssuer.of(jws("{\"iss\": 42}"))).isNull();
    assertThat(ClaimedIssuer.of(jws("{\"iss\": [\"a\", \"b\"]}"))).isNull();
    assertThat(ClaimedIssuer.of(jws("{\"sub\": \"x\"}"))).isNull();
    assertThat(ClaimedIssuer.of(jws("[".repeat(10_000)))).isNull();
    assertThat(ClaimedIssuer.of(jws("{\"iss\":\"" + "x".repeat(20_000) + "\"}"))).as("payload over 16 KiB").isNull();
  }
}
