package care.thoracic.platform.tenancy;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Tokens that passed verification, by their exact text, until they expire. A mobile app sends the
 * same token with every request for its whole lifetime; verifying the RS256 signature every time
 * was a third of the HTTP thread's work. An entry is never used after the token's own {@code exp}
 * (wall clock), and only tokens that were verified get in.
 */
public final class VerifiedTokenCache {
  private final int maxSize;
  private final LongSupplier nowEpochSeconds;
  private final ConcurrentHashMap<String, JsonWebToken> verified = new ConcurrentHashMap<>();

  public VerifiedTokenCache(int maxSize, LongSupplier nowEpochSeconds) {
    this.maxSize = maxSize;
    this.nowEpochSeconds = nowEpochSeconds;
  }

  /** The verified token, or null when it was not verified here or has expired since. */
  public JsonWebToken get(String token) {
    JsonWebToken hit = verified.get(token);
    if (hit == null) {
      return null;
    }
    if (hit.getExpirationTime() <= nowEpochSeconds.getAsLong()) {
      verified.remove(token, hit);
      return null;
    }
    return hit;
  }

  /** Remembers a token its verifier accepted; tokens without an expiry are not kept. */
  public void put(String token, JsonWebToken verifiedToken) {
    if (maxSize <= 0 || verifiedToken.getExpirationTime() <= nowEpochSeconds.getAsLong()) {
      return;
    }
    if (verified.size() >= maxSize) {
      long now = nowEpochSeconds.getAsLong();
      verified.values().removeIf(t -> t.getExpirationTime() <= now);
      if (verified.size() >= maxSize) {
        verified.clear(); // all live: start over rather than track recency on every hit
      }
    }
    verified.put(token, verifiedToken);
  }

  int size() {
    return verified.size();
  }
}
