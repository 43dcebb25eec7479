package care.thoracic.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.jwt.util.KeyUtils;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;

class TokensTest {
  private final JwtConsumer verifier = new JwtConsumerBuilder()
      .setVerificationKey(publicKey())
      .setExpectedIssuer(Tokens.ISSUER)
      .setRequireExpirationTime()
      .build();

  @Test
  void a_clinician_token_carries_subject_role_and_clinic() throws Exception {
    JwtClaims claims = verifier.processToClaims(Tokens.clinician("clinic-north", "dr-ada"));
    assertThat(claims.getSubject()).isEqualTo("dr-ada");
    assertThat(claims.getStringListClaimValue("groups")).containsExactly("clinician");
    assertThat(claims.getStringClaimValue("clinic")).isEqualTo("clinic-north");
  }

  @Test
  void the_bad_tokens_are_bad_for_the_reason_they_say() {
    assertRejected(Tokens.token("c", "p", "patient").expired().sign(), ErrorCodes.EXPIRED);
    assertRejected(Tokens.token("c", "p", "patient").signedByAStranger().sign(), ErrorCodes.SIGNATURE_INVALID);
    assertRejected(Tokens.token("c", "p", "patient").issuer("https://evil.example").sign(), ErrorCodes.ISSUER_INVALID);
  }

  private void assertRejected(String token, int errorCode) {
    assertThatThrownBy(() -> verifier.processToClaims(token))
        .isInstanceOfSatisfying(InvalidJwtException.class, e -> assertThat(e.hasErrorCode(errorCode)).isTrue());
  }

  private static PublicKey publicKey() {
    try (InputStream in = Tokens.class.getClassLoader().getResourceAsStream(Tokens.PUBLIC_KEY_LOCATION)) {
      return KeyUtils.decodePublicKey(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
