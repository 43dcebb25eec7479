package care.thoracic.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.events.Topic;
import care.thoracic.contracts.kafka.BrokerAccess;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The broker lets a service read only the topics the catalogue names it a consumer of
 * ({@code Topic.consumers}); its channels must read exactly those, or it would be refused at run time
 * (a channel the catalogue forgot) or hold a right it does not use (a consumer it dropped).
 */
class ConsumersCatalogueTest {

  @Test
  void every_service_consumes_exactly_the_topics_the_catalogue_grants_it() throws IOException {
    Map<String, Set<String>> configured = new TreeMap<>();
    Map<String, Set<String>> catalogued = new TreeMap<>();
    for (String service : BrokerAccess.services()) {
      Path properties = ProjectFiles.root().resolve(service).resolve("src/main/resources/application.properties");
      Properties config = new Properties();
      try (Reader in = Files.newBufferedReader(properties)) {
        config.load(in);
      }
      Set<String> topics = new TreeSet<>();
      config.stringPropertyNames().stream()
          .filter(name -> name.matches("mp\\.messaging\\.incoming\\.[^.]+\\.topic"))
          .forEach(name -> topics.add(config.getProperty(name)));
      configured.put(service, topics);
      Set<String> granted = new TreeSet<>();
      for (Topic topic : Topic.values()) {
        if (topic.consumers().contains(service)) {
          granted.add(topic.topicName());
        }
      }
      catalogued.put(service, granted);
    }
    assertThat(configured).as("topics each service's channels read").isNotEmpty().isEqualTo(catalogued);
  }
}
