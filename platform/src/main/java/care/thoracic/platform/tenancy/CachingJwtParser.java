package care.thoracic.platform.tenancy;

import care.thoracic.platform.config.AuthConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Verifies each bearer token once and then serves it from the {@link VerifiedTokenCache}. */
@Decorator
@Priority(Interceptor.Priority.APPLICATION)
public abstract class CachingJwtParser implements JWTParser {
  private final JWTParser delegate;
  private final VerifiedTokenCache cache;
  private final Counter hits;
  private final Counter misses;

  @Inject
  CachingJwtParser(@Delegate JWTParser delegate, AuthConfig config, MeterRegistry meters) {
    this.delegate = delegate;
    this.cache = new VerifiedTokenCache(config.verifiedTokenCacheSize(),
        () -> System.currentTimeMillis() / 1000);
    this.hits = meters.counter("care.auth.verified.tokens", "cache", "hit");
    this.misses = meters.counter("care.auth.verified.tokens", "cache", "miss");
  }

  @Override
  public JsonWebToken parse(String token) throws ParseException {
    JsonWebToken cached = cache.get(token);
    if (cached != null) {
      hits.increment();
      return cached;
    }
    misses.increment();
    JsonWebToken verified = delegate.parse(token);
    cache.put(token, verified);
    return verified;
  }
}
