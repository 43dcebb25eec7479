package care.thoracic.platform.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {
  private final AtomicLong now = new AtomicLong(1_000);

  @Test
  void a_verified_token_is_served_until_its_expiry_and_not_a_second_longer() {
    VerifiedTokenCache cache = new VerifiedTokenCache(10, now::get);
    JsonWebToken token = token(1_060);
    cache.put("t1", token);
    assertThat(cache.get("t1")).isSameAs(token);
    now.set(1_059);
    assertThat(cache.get("t1")).isSameAs(token);
    now.set(1_060);
    assertThat(cache.get("t1")).isNull();
    assertThat(cache.get("t1")).isNull();
  }

  @Test
  void an_unknown_or_already_expired_token_is_not_served() {
    VerifiedTokenCache cache = new VerifiedTokenCache(10, now::get);
    cache.put("old", token(999));
    assertThat(cache.get("old")).isNull();
    assertThat(cache.get("never-seen")).isNull();
  }

  @Test
  void the_cache_stays_within_its_size_dropping_expired_entries_first() {
    VerifiedTokenCache cache = new VerifiedTokenCache(3, now::get);
    cache.put("a", token(1_010));
    cache.put("b", token(2_000));
    cache.put("c", token(2_000));
    now.set(1_020); // "a" has expired
    cache.put("d", token(2_000));
    assertThat(cache.get("b")).isNotNull();
    assertThat(cache.get("d")).isNotNull();
    cache.put("e", token(2_000)); // full of live tokens: start over
    assertThat(cache.get("b")).isNull();
    assertThat(cache.get("e")).isNotNull();
  }

  @Test
  void size_zero_turns_the_cache_off() {
    VerifiedTokenCache cache = new VerifiedTokenCache(0, now::get);
    cache.put("t", token(5_000));
    assertThat(cache.get("t")).isNull();
  }

  private static JsonWebToken token(long exp) {
    return new JsonWebToken() {
      @Override
      public String getName() {
        return "p";
      }

      @Override
      public Set<String> getClaimNames() {
        return Set.of("exp");
      }

      @Override
      @SuppressWarnings("unchecked")
      public <T> T getClaim(String claimName) {
        return "exp".equals(claimName) ? (T) Long.valueOf(exp) : null;
      }

      @Override
      public long getExpirationTime() {
        return exp;
      }
    };
  }
}
