package care.thoracic.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.kafka.BrokerAccess;
import care.thoracic.eventsourcing.config.CareConfig;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * An erasure is acknowledged only after every instance's cached data key has expired
 * ({@code care.crypto.key-cache-ttl}). SmallRye fails a channel whose record stays unacknowledged
 * longer than {@code throttled.unprocessed-record-max-age.ms} (60 s unless set), and a failed channel
 * makes the service report not ready: with the defaults equal, every erasure took every service out
 * of its load balancer. Each service's erasure channel must allow several cache lifetimes.
 */
class ErasureChannelTest {
  @Test
  void every_service_waits_out_the_key_cache_well_within_what_its_erasure_channel_allows() throws IOException {
    // the default as CareConfig declares it, read from its bytecode (this module has no smallrye-config)
    JavaClass crypto = new ClassFileImporter().importClasses(CareConfig.Crypto.class).get(CareConfig.Crypto.class);
    Object ttl = crypto.getMethod("keyCacheTtl").getAnnotationOfType("io.smallrye.config.WithDefault")
        .get("value").orElseThrow();
    Duration keyCacheTtl = Duration.parse("PT" + ttl.toString().toUpperCase(Locale.ROOT));
    for (String service : BrokerAccess.services()) {
      Properties config = properties(service);
      assertThat(config.getProperty("mp.messaging.incoming.patient-erasures.topic")).as(service).isNotNull();
      String maxAge = config.getProperty("mp.messaging.incoming.patient-erasures.throttled.unprocessed-record-max-age.ms");
      assertThat(maxAge).as(service + " sets how long an erasure may wait for its acknowledgement").isNotNull();
      assertThat(Duration.ofMillis(Long.parseLong(maxAge))).as(service)
          .isGreaterThanOrEqualTo(keyCacheTtl.multipliedBy(5));
    }
  }

  private static Properties properties(String service) throws IOException {
    Properties config = new Properties();
    try (Reader in = Files.newBufferedReader(ProjectFiles.root().resolve(service)
        .resolve("src/main/resources/application.properties"))) {
      config.load(in);
    }
    return config;
  }
}
