package care.thoracic.testkit;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The key-encryption key every service of the test JVM wraps patients' data keys with: made when the
 * test JVM starts, never committed, handed to the services by {@link CareTestResource} and
 * {@link PackagedService}. They share the JVM's store, and with it the key vault, so they must share
 * this key too.
 */
public final class TestKek {
  private static final String BASE64 = newKey();

  private TestKek() {}

  public static String base64() {
    return BASE64;
  }

  /** The services' setting for it. */
  public static Map<String, String> config() {
    return Map.of("care.crypto.kek", BASE64);
  }

  private static String newKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
