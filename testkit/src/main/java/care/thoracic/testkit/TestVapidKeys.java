package care.thoracic.testkit;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * The VAPID key pair (P-256) that reminder-service pushes with in the tests: made when the test JVM
 * starts, never committed, handed to the service by {@link CareTestResource} and
 * {@link PackagedService}, and checked by {@link PushServiceStandIn}. Base64url, as the service
 * reads them: the 65-byte uncompressed public point and the 32-byte private scalar.
 */
public final class TestVapidKeys {
  private static final KeyPair PAIR = newP256Pair();

  private TestVapidKeys() {}

  public static ECPublicKey publicKey() {
    return (ECPublicKey) PAIR.getPublic();
  }

  /** The public key as the service's configuration and GET /push/vapid-public-key give it. */
  public static String publicKeyBase64url() {
    return base64url(uncompressed(publicKey()));
  }

  /** reminder-service's settings for this pair. */
  public static Map<String, String> config() {
    byte[] scalar = fixed(((ECPrivateKey) PAIR.getPrivate()).getS());
    return Map.of("reminders.push.vapid.public-key", publicKeyBase64url(),
        "reminders.push.vapid.private-key", base64url(scalar),
        "reminders.push.vapid.subject", "mailto:push-tests@care.thoracic");
  }

  /** {@code 0x04 || x || y}, each coordinate 32 bytes. */
  public static byte[] uncompressed(ECPublicKey key) {
    byte[] point = new byte[65];
    point[0] = 0x04;
    System.arraycopy(fixed(key.getW().getAffineX()), 0, point, 1, 32);
    System.arraycopy(fixed(key.getW().getAffineY()), 0, point, 33, 32);
    return point;
  }

  static KeyPair newP256Pair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 is part of every JDK", e);
    }
  }

  static String base64url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** An unsigned number as exactly 32 big-endian bytes. */
  private static byte[] fixed(BigInteger number) {
    byte[] bytes = number.toByteArray();
    if (bytes.length == 32) {
      return bytes;
    }
    byte[] fixed = new byte[32];
    if (bytes.length > 32) { // a leading sign byte
      return Arrays.copyOfRange(bytes, bytes.length - 32, bytes.length);
    }
    System.arraycopy(bytes, 0, fixed, 32 - bytes.length, bytes.length);
    return fixed;
  }
}
