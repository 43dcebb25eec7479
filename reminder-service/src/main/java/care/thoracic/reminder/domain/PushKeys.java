package care.thoracic.reminder.domain;

import java.math.BigInteger;
import java.util.Base64;
import java.util.Optional;

/**
 * What a browser's subscription keys must be (RFC 8291 §3): {@code p256dh} an uncompressed P-256
 * point (65 bytes, 0x04, x, y) that lies on the curve, and {@code auth} a 16-byte secret, each
 * base64url. A point off the curve is refused, not merely a wrong length: encrypting to one would
 * fail at every push, and an off-curve point is how invalid-curve attacks start.
 */
public final class PushKeys {
  public static final int POINT_BYTES = 65;
  public static final int AUTH_BYTES = 16;

  // P-256 (FIPS 186-4 D.1.2.3): y^2 = x^3 - 3x + b over the prime p
  private static final BigInteger P = new BigInteger(
      "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
  private static final BigInteger B = new BigInteger(
      "5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", 16);

  private PushKeys() {}

  /** Why {@code p256dh} is not a browser's P-256 public key, if it is not. */
  public static Optional<String> refusalOfP256dh(String p256dh) {
    Optional<byte[]> decoded = base64url(p256dh);
    if (decoded.isEmpty()) {
      return Optional.of("must be base64url (RFC 4648 §5)");
    }
    byte[] point = decoded.get();
    if (point.length != POINT_BYTES || point[0] != 0x04) {
      return Optional.of("must be an uncompressed P-256 point: 65 bytes starting with 0x04, not " + point.length
          + " bytes");
    }
    BigInteger x = new BigInteger(1, point, 1, 32);
    BigInteger y = new BigInteger(1, point, 33, 32);
    if (x.compareTo(P) >= 0 || y.compareTo(P) >= 0
        || !y.modPow(BigInteger.TWO, P).equals(x.pow(3).subtract(x.multiply(BigInteger.valueOf(3))).add(B).mod(P))) {
      return Optional.of("is not a point on the P-256 curve");
    }
    return Optional.empty();
  }

  /** Why {@code auth} is not a browser's 16-byte authentication secret, if it is not. */
  public static Optional<String> refusalOfAuth(String auth) {
    Optional<byte[]> decoded = base64url(auth);
    if (decoded.isEmpty()) {
      return Optional.of("must be base64url (RFC 4648 §5)");
    }
    return decoded.get().length == AUTH_BYTES ? Optional.empty()
        : Optional.of("must be 16 bytes, not " + decoded.get().length);
  }

  /** The bytes of a base64url value (padding optional, as browsers differ), if it is one. */
  public static Optional<byte[]> base64url(String value) {
    try {
      return Optional.of(Base64.getUrlDecoder().decode(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
