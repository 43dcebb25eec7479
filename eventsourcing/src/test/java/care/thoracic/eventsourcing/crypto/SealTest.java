package care.thoracic.eventsourcing.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class SealTest {
  private static final byte[] NOTE = "canary-7f3a: pain worse after lifting".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CONTEXT = "clinic-a:pat-1|care.session.logged.v1/42".getBytes(StandardCharsets.UTF_8);

  @Test
  void what_is_sealed_opens_with_its_key_and_context_and_hides_the_text() {
    SecretKey key = Seal.newKey();
    byte[] sealed = Seal.seal(key, NOTE, CONTEXT);
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("canary");
    assertThat(Seal.open(key, sealed, CONTEXT)).isEqualTo(NOTE);
  }

  @Test
  void sealing_twice_gives_two_different_values() {
    SecretKey key = Seal.newKey();
    assertThat(Seal.seal(key, NOTE, CONTEXT)).isNotEqualTo(Seal.seal(key, NOTE, CONTEXT));
  }

  @Test
  void another_key_another_context_or_a_changed_byte_does_not_open() {
    SecretKey key = Seal.newKey();
    byte[] sealed = Seal.seal(key, NOTE, CONTEXT);
    assertThatThrownBy(() -> Seal.open(Seal.newKey(), sealed, CONTEXT)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Seal.open(key, sealed, "clinic-a:pat-2|care.session.logged.v1/42".getBytes(
        StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class);
    byte[] changed = sealed.clone();
    changed[changed.length / 2] ^= 1;
    assertThatThrownBy(() -> Seal.open(key, changed, CONTEXT)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Seal.open(key, new byte[5], CONTEXT)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_key_encryption_key_must_be_32_bytes_of_base64_and_the_error_never_quotes_it() {
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> KeyEncryptionKey.fromBase64(shortKey)).hasMessageContaining("32")
        .hasMessageNotContaining(shortKey);
    assertThatThrownBy(() -> KeyEncryptionKey.fromBase64("not base64 at all!")).hasMessage(
        "care.crypto.kek is not base64");
  }

  @Test
  void a_wrapped_key_unwraps_only_for_its_owner_under_the_same_key_encryption_key() {
    KeyEncryptionKey kek = KeyEncryptionKey.fromBase64(Base64.getEncoder().encodeToString(Seal.newKey().getEncoded()));
    SecretKey dataKey = Seal.newKey();
    byte[] wrapped = kek.wrap(dataKey, "clinic-a:pat-1");
    assertThat(kek.unwrap(wrapped, "clinic-a:pat-1").getEncoded()).isEqualTo(dataKey.getEncoded());
    assertThatThrownBy(() -> kek.unwrap(wrapped, "clinic-b:pat-1")).isInstanceOf(IllegalArgumentException.class);
    KeyEncryptionKey other = KeyEncryptionKey.fromBase64(Base64.getEncoder().encodeToString(
        Seal.newKey().getEncoded()));
    assertThat(other.id()).isNotEqualTo(kek.id());
    assertThatThrownBy(() -> other.unwrap(wrapped, "clinic-a:pat-1")).isInstanceOf(IllegalArgumentException.class);
  }
}
