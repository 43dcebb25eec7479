package care.thoracic.platform.tenancy;

import care.thoracic.platform.config.AuthConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.jwt.KeyFormat;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies each bearer token once and then serves it from the {@link VerifiedTokenCache}. A token
 * that says it comes from the clinic's OpenID Connect provider ({@code care.auth.oidc.issuer}) is
 * verified against that provider's published keys and issuer; any other against the platform's own
 * ({@code mp.jwt.verify.*}). What a token says before it is verified only picks which of the two
 * checks it; each then checks the signature and the issuer itself.
 */
@Decorator
@Priority(Interceptor.Priority.APPLICATION)
public abstract class CachingJwtParser implements JWTParser {
  private final JWTParser delegate;
  private final VerifiedTokenCache cache;
  private final Counter hits;
  private final Counter misses;
  /** The provider's issuer and a parser for its tokens; null when none is configured. */
  private final String providerIssuer;
  private final JWTParser provider;

  @Inject
  CachingJwtParser(@Delegate JWTParser delegate, AuthConfig config, JWTAuthContextInfo platform, MeterRegistry meters) {
    this.delegate = delegate;
    this.cache = new VerifiedTokenCache(config.verifiedTokenCacheSize(),
        () -> System.currentTimeMillis() / 1000);
    this.hits = meters.counter("care.auth.verified.tokens", "cache", "hit");
    this.misses = meters.counter("care.auth.verified.tokens", "cache", "miss");
    this.providerIssuer = config.oidc().issuer().orElse(null);
    this.provider = providerIssuer == null ? null : new DefaultJWTParser(providerContext(platform, providerIssuer,
        config.oidc().jwksUrl().orElse(providerIssuer + "/protocol/openid-connect/certs")));
  }

  /** The platform's checks (clock skew, claims, algorithms), with the provider's issuer and keys. */
  static JWTAuthContextInfo providerContext(JWTAuthContextInfo platform, String issuer, String jwksUrl) {
    JWTAuthContextInfo context = new JWTAuthContextInfo(platform);
    context.setIssuedBy(issuer);
    context.setPublicVerificationKey(null);
    context.setPublicKeyContent(null);
    context.setPublicKeyLocation(jwksUrl);
    context.setKeyFormat(KeyFormat.JWK);
    return context;
  }

  @Override
  public JsonWebToken parse(String token) throws ParseException {
    JsonWebToken cached = cache.get(token);
    if (cached != null) {
      hits.increment();
      return cached;
    }
    misses.increment();
    boolean fromProvider = provider != null && providerIssuer.equals(ClaimedIssuer.of(token));
    JsonWebToken verified = (fromProvider ? provider : delegate).parse(token);
    cache.put(token, verified);
    return verified;
  }
}
