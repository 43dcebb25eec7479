package care.thoracic.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.kafka.BrokerAccess;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * A consumer's record may stay unacknowledged as long as the store is down (EventConsumer waits for
 * it) and an erasure until every instance's cached data key has expired. SmallRye fails a channel
 * whose record waits longer than {@code throttled.unprocessed-record-max-age.ms} (60 s unless set),
 * and a failed channel never consumes again: a store restart behind a lagging consumer stopped
 * progress-service counting sessions. Every channel of every service must allow any wait.
 */
class ConsumerChannelsTest {
  private static final String MAX_AGE = "throttled.unprocessed-record-max-age.ms";

  @Test
  void every_service_gets_channels_whose_records_may_wait_for_the_store_however_long() throws IOException {
    Properties defaults = properties(ProjectFiles.root()
        .resolve("eventsourcing/src/main/resources/META-INF/microprofile-config.properties"));
    assertThat(defaults.getProperty("mp.messaging.connector.smallrye-kafka." + MAX_AGE))
        .as("the limit every service's Kafka channels get from the eventsourcing module").isEqualTo("0");
    for (String service : BrokerAccess.services()) {
      Properties config = properties(ProjectFiles.root().resolve(service)
          .resolve("src/main/resources/application.properties"));
      assertThat(config.getProperty("mp.messaging.incoming.patient-erasures.topic")).as(service).isNotNull();
      assertThat(config.stringPropertyNames()).as(service + " sets no limit of its own on a channel")
          .noneMatch(key -> key.endsWith(MAX_AGE));
    }
  }

  private static Properties properties(Path file) throws IOException {
    Properties config = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      config.load(in);
    }
    return config;
  }
}
