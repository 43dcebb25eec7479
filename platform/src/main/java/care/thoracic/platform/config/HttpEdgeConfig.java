package care.thoracic.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The bounds every request meets at the edge ({@code care.http.*}). The decoder's own caps
 * ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size}) sit above these, so
 * a request over a bound here is answered with a problem; one over the decoder's caps is refused bare.
 */
@ConfigMapping(prefix = "care.http")
public interface HttpEdgeConfig {
  /** How long a command's body may take to arrive once its headers have: 408 after that. */
  @WithDefault("5s")
  Duration bodyTimeout();

  /** The longest request target (path and query) answered: 414 above it. */
  @WithDefault("4096")
  int maxUriLength();

  /** The most header bytes (names and values) a request may carry: 431 above it. */
  @WithDefault("16384")
  int maxHeaderBytes();

  /** How many live streams (SSE) one caller may hold open at once on one instance: 429 for the next. */
  @WithDefault("5")
  int maxStreamsPerCaller();

  /**
   * How long a stream ticket waits to be redeemed (at most 60 s: a ticket travels in a URL, so it
   * should be worth nothing by the time a log holding it is read).
   */
  @WithDefault("30s")
  Duration streamTicketLifetime();

  /** How deeply a JSON body may nest objects and arrays: 400 deeper than that. */
  @WithDefault("64")
  int maxJsonDepth();
}
