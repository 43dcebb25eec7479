package care.thoracic.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.kafka.BrokerAccess;
import care.thoracic.eventsourcing.config.CareConfig;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * A consumer's record may stay unacknowledged as long as the store is down (EventConsumer waits for
 * it) and an erasure until every instance's cached data key has expired. SmallRye fails a channel
 * whose record waits longer than {@code throttled.unprocessed-record-max-age.ms} (60 s unless set),
 * for good: a store restart behind a lagging consumer stopped progress-service counting sessions, and
 * with the key cache's default every erasure took every service out of its load balancer. Every
 * service's channels get one limit from the eventsourcing module, long enough for both.
 */
class ConsumerChannelsTest {
  private static final String MAX_AGE = "throttled.unprocessed-record-max-age.ms";
  /** Longer than a store restart or a failover, which the consumers wait out. */
  private static final Duration STORE_OUTAGE_WAITED_OUT = Duration.ofMinutes(10);

  @Test
  void every_service_gets_channels_whose_records_may_wait_out_a_store_outage_and_the_key_cache() throws IOException {
    Properties defaults = properties(ProjectFiles.root()
        .resolve("eventsourcing/src/main/resources/META-INF/microprofile-config.properties"));
    Duration maxAge = Duration.ofMillis(Long.parseLong(
        defaults.getProperty("mp.messaging.connector.smallrye-kafka." + MAX_AGE)));
    assertThat(maxAge).as("how long a record may wait for its acknowledgement (0 would never fail a stuck channel)")
        .isGreaterThanOrEqualTo(STORE_OUTAGE_WAITED_OUT)
        .isGreaterThanOrEqualTo(keyCacheTtl().multipliedBy(5));
    for (String service : BrokerAccess.services()) {
      Properties config = properties(ProjectFiles.root().resolve(service)
          .resolve("src/main/resources/application.properties"));
      assertThat(config.getProperty("mp.messaging.incoming.patient-erasures.topic")).as(service).isNotNull();
      assertThat(config.stringPropertyNames()).as(service + " sets no limit of its own on a channel")
          .noneMatch(key -> key.endsWith(MAX_AGE));
    }
  }

  /** The default as CareConfig declares it, read from its bytecode (this module has no smallrye-config). */
  private static Duration keyCacheTtl() {
    JavaClass crypto = new ClassFileImporter().importClasses(CareConfig.Crypto.class).get(CareConfig.Crypto.class);
    Object ttl = crypto.getMethod("keyCacheTtl").getAnnotationOfType("io.smallrye.config.WithDefault")
        .get("value").orElseThrow();
    return Duration.parse("PT" + ttl.toString().toUpperCase(Locale.ROOT));
  }

  private static Properties properties(Path file) throws IOException {
    Properties config = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      config.load(in);
    }
    return config;
  }
}
