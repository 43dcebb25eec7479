package care.thoracic.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.EventType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pins the JSON of every published event. A failing test here means a published shape changed:
 * other services and other teams read these bytes. Make it a new {@code .v2} type with an
 * upcaster, or, if the change is really compatible, regenerate the golden file on purpose.
 */
class GoldenEventJsonTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  @ParameterizedTest
  @EnumSource(EventType.class)
  void serialises_exactly_as_the_golden_file(EventType type) throws IOException {
    JsonNode written = CareJson.mapper().readTree(CareJson.mapper().writeValueAsBytes(SampleEvents.of(type)));
    Path file = GOLDEN.resolve(type.ceType() + ".json");
    if (ContractDocumentsTest.REGENERATE) {
      Files.writeString(file, PRETTY.writeValueAsString(written) + "\n");
    }
    assertThat(CareJson.mapper().readTree(file.toFile())).isEqualTo(written);
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void golden_file_reads_back_into_the_same_event(EventType type) throws IOException {
    CareEvent read = CareJson.mapper().readValue(golden(type).toString(), type.javaType());
    assertThat(read).isEqualTo(SampleEvents.of(type));
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void golden_file_satisfies_the_published_schema(EventType type) throws IOException {
    assertThat(schema(type).validate(golden(type))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void schema_and_reader_both_refuse_the_event_without_its_first_field(EventType type) throws IOException {
    ObjectNode event = (ObjectNode) golden(type);
    Iterator<String> names = event.fieldNames();
    String first = names.next();
    event.remove(first);
    assertThat(schema(type).validate(event)).as("schema requires %s", first).isNotEmpty();
    assertThatThrownBy(() -> CareJson.mapper().readValue(event.toString(), type.javaType()))
        .as("reader requires %s", first)
        .hasMessageContaining(first);
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void schema_refuses_fields_the_contract_does_not_have(EventType type) throws IOException {
    ObjectNode event = (ObjectNode) golden(type);
    event.put("painScroe", 3);
    assertThat(schema(type).validate(event)).isNotEmpty();
  }

  private static JsonNode golden(EventType type) throws IOException {
    return CareJson.mapper().readTree(GOLDEN.resolve(type.ceType() + ".json").toFile());
  }

  private static Schema schema(EventType type) throws IOException {
    return SCHEMAS.getSchema(CareJson.mapper().readTree(ContractArtifacts.schemaPath(type).toFile()));
  }
}
