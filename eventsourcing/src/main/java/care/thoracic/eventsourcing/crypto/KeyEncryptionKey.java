package care.thoracic.eventsourcing.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKey;

/**
 * The key that wraps every patient's data key in the key vault, from configuration
 * ({@code care.crypto.kek}, in production a Kubernetes secret): the vault alone reveals nothing. Its
 * id (a digest, not the key) is stored with each wrapped key, so a vault read with another key-encryption
 * key says so instead of failing obscurely.
 */
public final class KeyEncryptionKey {
  private final SecretKey key;
  private final String id;

  private KeyEncryptionKey(byte[] raw) {
    this.key = Seal.key(raw);
    this.id = id(raw);
  }

  /** @throws IllegalArgumentException (never quoting the value) unless it is 32 bytes in base64 */
  public static KeyEncryptionKey fromBase64(String base64) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("care.crypto.kek is not base64");
    }
    if (raw.length != Seal.KEY_BYTES) {
      throw new IllegalArgumentException("care.crypto.kek must be " + Seal.KEY_BYTES + " random bytes, not "
          + raw.length + " (make one: openssl rand -base64 32)");
    }
    return new KeyEncryptionKey(raw);
  }

  public String id() {
    return id;
  }

  /** @param owner whose key this is: a wrapped key moved to another owner does not unwrap */
  byte[] wrap(SecretKey dataKey, String owner) {
    return Seal.seal(key, dataKey.getEncoded(), context(owner));
  }

  SecretKey unwrap(byte[] wrapped, String owner) {
    return Seal.key(Seal.open(key, wrapped, context(owner)));
  }

  /**
   * A secret of a clinic's (a webhook signing key) sealed for storage, bound to {@code owner}: never
   * at rest in the clear, and a sealed secret moved to another clinic does not open.
   */
  public byte[] sealSecret(byte[] secret, String owner) {
    return Seal.seal(key, secret, secretContext(owner));
  }

  /** @throws IllegalArgumentException if it was sealed for another owner, under another key, or changed since */
  public byte[] openSecret(byte[] sealed, String owner) {
    return Seal.open(key, sealed, secretContext(owner));
  }

  private static byte[] secretContext(String owner) {
    return ("care-clinic-secret:" + owner).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] context(String owner) {
    return ("care-data-key:" + owner).getBytes(StandardCharsets.UTF_8);
  }

  private static String id(byte[] raw) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update("care-kek-id:".getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest(raw), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
