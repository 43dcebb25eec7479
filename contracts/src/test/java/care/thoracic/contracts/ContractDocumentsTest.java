package care.thoracic.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.events.EventType;
import care.thoracic.contracts.kafka.BrokerSetupScript;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The committed JSON schemas, AsyncAPI document and broker set-up script are what other teams read
 * and run; they must say what the code does. On a deliberate change, regenerate them with
 * {@code ./mvnw -pl contracts test -Dcontracts.regenerate=true} and review the diff.
 */
class ContractDocumentsTest {
  static final boolean REGENERATE = Boolean.getBoolean("contracts.regenerate");
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @ParameterizedTest
  @EnumSource(EventType.class)
  void committed_schema_matches_the_event_record(EventType type) throws IOException {
    JsonNode generated = ContractArtifacts.schema(type);
    Path file = ContractArtifacts.schemaPath(type);
    if (REGENERATE) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, JSON.writeValueAsString(generated) + "\n");
    }
    assertThat(file).as("schema for %s; regenerate with -Dcontracts.regenerate=true", type).exists();
    assertThat(JSON.readTree(file.toFile())).isEqualTo(generated);
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void a_field_added_to_a_published_shape_is_described_but_not_required(EventType type) throws IOException {
    JsonNode definitions = JSON.readTree(ContractArtifacts.schemaPath(type).toFile()).path("$defs");
    CareJson.ADDED_LATER.forEach((shape, added) -> {
      JsonNode definition = definitions.path(shape.getSimpleName());
      if (definition.isMissingNode()) {
        return; // this event does not carry the shape
      }
      for (String field : added.keySet()) {
        assertThat(definition.path("properties").has(field)).as("%s.%s described", shape.getSimpleName(), field)
            .isTrue();
        assertThat(definition.path("required").toString()).as("events published before %s.%s lack it",
            shape.getSimpleName(), field).doesNotContain("\"" + field + "\"");
      }
    });
  }

  @Test
  void committed_asyncapi_document_matches_the_catalogue() throws IOException {
    JsonNode generated = ContractArtifacts.asyncApi();
    Path file = ContractArtifacts.asyncApiPath();
    if (REGENERATE) {
      Files.writeString(file, "# Generated from the event catalogue by ContractDocumentsTest; do not edit by hand.\n"
          + ContractArtifacts.YAML.writeValueAsString(generated));
    }
    assertThat(ContractArtifacts.YAML.readTree(file.toFile())).isEqualTo(generated);
  }

  @Test
  void committed_broker_setup_script_matches_the_catalogue() throws IOException {
    Path file = Path.of("..").resolve(BrokerSetupScript.COMMITTED_PATH);
    if (REGENERATE) {
      Files.writeString(file, BrokerSetupScript.render());
      file.toFile().setExecutable(true);
    }
    assertThat(file).as("regenerate with -Dcontracts.regenerate=true").hasContent(BrokerSetupScript.render());
  }

  @Test
  void asyncapi_lists_every_topic_as_a_channel_and_every_event_as_a_message() throws IOException {
    JsonNode doc = ContractArtifacts.YAML.readTree(ContractArtifacts.asyncApiPath().toFile());
    for (EventType type : EventType.values()) {
      String name = type.javaType().getSimpleName();
      JsonNode message = doc.at("/components/messages/" + name);
      assertThat(message.at("/title").asText()).isEqualTo(type.ceType());
      String payload = message.at("/payload/$ref").asText();
      assertThat(ContractArtifacts.RESOURCES.resolve(payload)).exists();
      boolean onItsChannel = false;
      for (JsonNode channel : doc.get("channels")) {
        if (channel.get("address").asText().equals(type.topic().topicName())) {
          onItsChannel = channel.at("/messages/" + name).isObject();
        }
      }
      assertThat(onItsChannel).as("%s listed on channel %s", name, type.topic().topicName()).isTrue();
    }
  }
}
