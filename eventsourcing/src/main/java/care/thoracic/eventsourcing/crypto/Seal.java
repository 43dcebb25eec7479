package care.thoracic.eventsourcing.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a fresh random 96-bit nonce per message, bound to a context (GCM's associated
 * data): what was sealed for one context does not open for another, so a sealed value cannot be
 * moved to another patient or event. Sealed form: nonce, then ciphertext and 128-bit tag.
 */
public final class Seal {
  public static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Seal() {}

  public static SecretKey newKey() {
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(KEY_BYTES * 8, RANDOM);
      return generator.generateKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256 is part of every JDK", e);
    }
  }

  /** @throws IllegalArgumentException unless {@code raw} is 32 bytes */
  public static SecretKey key(byte[] raw) {
    if (raw.length != KEY_BYTES) {
      throw new IllegalArgumentException("an AES-256 key is " + KEY_BYTES + " bytes, not " + raw.length);
    }
    return new SecretKeySpec(raw, "AES");
  }

  public static byte[] seal(SecretKey key, byte[] plain, byte[] context) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(context);
      ByteBuffer sealed = ByteBuffer.allocate(NONCE_BYTES + cipher.getOutputSize(plain.length));
      sealed.put(nonce);
      cipher.doFinal(ByteBuffer.wrap(plain), sealed);
      return sealed.array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  /** @throws IllegalArgumentException if the value was not sealed with this key for this context, or was changed */
  public static byte[] open(SecretKey key, byte[] sealed, byte[] context) {
    if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new IllegalArgumentException("sealed value too short: " + sealed.length + " bytes");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
      cipher.updateAAD(context);
      return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new IllegalArgumentException("not sealed with this key for this context, or changed since");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }
}
