package care.thoracic.platform.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** The access audit ({@code care.audit.*}): how accesses to patients' data are written before they are answered. */
@ConfigMapping(prefix = "care.audit")
public interface AuditConfig {
  /**
   * Whether accesses are recorded. Off only for a benchmark's baseline: a clinic's deployment keeps
   * it on (a service started with it off says so in a warning).
   */
  @WithDefault("true")
  boolean enabled();

  /** Requests whose records wait to be written, at most; beyond that a read is answered 503. */
  @WithDefault("10000")
  @Min(1)
  int queueCapacity();

  /** Requests' records one writer commits at once (one store write per clinic among them). */
  @WithDefault("256")
  @Min(1)
  int batchSize();

  /** Writer threads. */
  @WithDefault("2")
  @Min(1)
  int writers();

  /**
   * Answers that may leave before their records are committed, at most at any moment (0, the default:
   * every answer waits for its records). Beyond that, answers wait again, so a crash or a store outage
   * loses the records of at most this many answers: the bound a deployment states when it trades
   * them for throughput (BENCHMARKS.md, the access audit).
   */
  @WithDefault("0")
  @Min(0)
  int answerAhead();

  /** How long an answer waits for its records to be written: a read is 503 after that, unanswered by data. */
  @WithDefault("5s")
  Duration commitTimeout();
}
