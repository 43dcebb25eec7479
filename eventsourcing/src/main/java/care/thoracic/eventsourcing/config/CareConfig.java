package care.thoracic.eventsourcing.config;

import care.thoracic.eventsourcing.crypto.PatientKeys;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The platform's own settings ({@code care.*}); Quarkus, Kafka and Mongo settings keep their usual names. */
@ConfigMapping(prefix = "care")
public interface CareConfig {

  /** This service's name: the {@code ce_source} of its events and the actor of its reactions. */
  @WithName("service.name")
  @WithDefault("${quarkus.application.name}")
  String serviceName();

  Store store();

  Outbox outbox();

  ClockSettings clock();

  Crypto crypto();

  interface Store {
    /** The service's own database; services never share one. */
    String database();
  }

  interface Outbox {
    /** Off only for tools that read a store without publishing it. */
    @WithDefault("true")
    boolean enabled();

    @WithDefault("500")
    int batchSize();

    /** How often an idle relay looks for commits appended by other instances. */
    @WithDefault("250ms")
    Duration pollInterval();

    /** How long a relay that stopped renewing keeps others from taking over. */
    @WithDefault("10s")
    Duration leaseTtl();

    @WithDefault("5s")
    Duration maxBackoff();

    /** Extra producer settings, e.g. {@code care.outbox.kafka."linger.ms"=5}. */
    Map<String, String> kafka();
  }

  interface Crypto {
    /**
     * The key-encryption key: 32 random bytes in base64 ({@code openssl rand -base64 32}), the same for
     * every service; in production from a secret, never committed. It wraps each patient's data key.
     */
    String kek();

    /** The key vault: the one database every service shares, holding each patient's wrapped data key. */
    @WithDefault(PatientKeys.DEFAULT_DATABASE)
    String keyDatabase();

    /** How long an instance keeps a patient's key in memory: the longest an erasure takes to reach it. */
    @WithDefault("60s")
    Duration keyCacheTtl();
  }

  interface ClockSettings {
    /** Lets {@code PUT /admin/clock} move the service clock. Dev and test profiles only. */
    @WithDefault("false")
    boolean adjustable();

    /**
     * The offset an adjustable clock starts with, e.g. to restart a service where a demo or a
     * system test had moved it (an offset is otherwise lost with the process).
     */
    Optional<Duration> offset();
  }
}
