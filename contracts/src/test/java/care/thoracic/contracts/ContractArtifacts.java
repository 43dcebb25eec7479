package care.thoracic.contracts;

import care.thoracic.contracts.cloudevents.CloudEventCodec;
import care.thoracic.contracts.events.EventType;
import care.thoracic.contracts.events.Topic;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Generates the published contract documents from the event records and the catalogue: one JSON
 * schema per event type and the AsyncAPI 3 document. They are committed under
 * {@code src/main/resources}; {@link ContractDocumentsTest} fails when they drift from the code.
 */
final class ContractArtifacts {
  static final Path RESOURCES = Path.of("src/main/resources");
  static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private static final SchemaGenerator SCHEMAS = new SchemaGenerator(schemaConfig().build());

  private ContractArtifacts() {}

  static String schemaFileName(EventType type) {
    return type.ceType() + ".schema.json";
  }

  static Path schemaPath(EventType type) {
    return RESOURCES.resolve("schemas").resolve(schemaFileName(type));
  }

  static Path asyncApiPath() {
    return RESOURCES.resolve("asyncapi.yaml");
  }

  static ObjectNode schema(EventType type) {
    ObjectNode schema = SCHEMAS.generateSchema(type.javaType());
    ObjectNode ordered = JSON.objectNode();
    ordered.put("$schema", schema.get("$schema").asText());
    ordered.put("$id", "https://care.thoracic/schemas/" + schemaFileName(type));
    ordered.put("title", type.javaType().getSimpleName());
    ordered.put("description", type.summary() + " CloudEvents type " + type.ceType() + " on topic "
        + type.topic().topicName() + ".");
    schema.remove("$schema");
    ordered.setAll(schema);
    return ordered;
  }

  private static SchemaGeneratorConfigBuilder schemaConfig() {
    SchemaGeneratorConfigBuilder config =
        new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
            .with(new JacksonModule())
            .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT, Option.DEFINITIONS_FOR_ALL_OBJECTS,
                Option.SCHEMA_VERSION_INDICATOR);
    // Every field is always written (absent ones as null), so every field is required; but one added
    // to a published shape is missing from what was published before it, and readers take that.
    config.forFields().withRequiredCheck(field -> !CareJson.ADDED_LATER
        .getOrDefault(field.getDeclaringType().getErasedType(), Map.of()).containsKey(field.getName()));
    config.forFields().withNullableCheck(
        field -> field.getAnnotationConsideringFieldAndGetter(Nullable.class) != null);
    Map<Class<?>, ObjectNode> strings = Map.of(
        UUID.class, string("uuid", null, "A UUID."),
        Instant.class, string("date-time", null, "An instant, RFC 3339, UTC."),
        LocalDate.class, string("date", null, "A local date, ISO 8601."),
        LocalTime.class, string("time", null, "A local time, HH:mm[:ss]."),
        ZoneId.class, string(null, null, "An IANA time zone id, e.g. Europe/Berlin."),
        Tenant.class, string(null, Tenant.FORMAT, "The clinic (tenant) id."),
        PatientId.class, string(null, PatientId.FORMAT, "The patient id within the clinic."));
    config.forTypesInGeneral().withCustomDefinitionProvider((javaType, context) -> {
      ObjectNode node = strings.get(javaType.getErasedType());
      return node == null ? null : new CustomDefinition(node.deepCopy(), CustomDefinition.DefinitionType.INLINE,
          CustomDefinition.AttributeInclusion.NO);
    });
    return config;
  }

  private static ObjectNode string(String format, Pattern pattern, String description) {
    ObjectNode node = JSON.objectNode().put("type", "string");
    if (format != null) {
      node.put("format", format);
    }
    if (pattern != null) {
      node.put("pattern", "^" + pattern.pattern() + "$");
    }
    node.put("description", description);
    return node;
  }

  /** The AsyncAPI 3 document of every topic, message and CloudEvents header. */
  static ObjectNode asyncApi() {
    ObjectNode doc = JSON.objectNode();
    doc.put("asyncapi", "3.0.0");
    ObjectNode info = doc.putObject("info");
    info.put("title", "Thoracic care-plan platform events");
    info.put("version", "1.0.0");
    info.put("description", "Events the four services exchange over Kafka. CloudEvents 1.0 in binary mode: "
        + "attributes in ce_* headers, the event as JSON in the value, key {tenant}:{patientId} so one "
        + "patient's events keep their order. Poison records go to <topic>.dlq with the reason.");
    doc.put("defaultContentType", CloudEventCodec.CONTENT_TYPE_JSON);
    ObjectNode server = doc.putObject("servers").putObject("local");
    server.put("host", "127.0.0.1:9092");
    server.put("protocol", "kafka");
    server.put("description", "The broker the local run command starts.");

    ObjectNode channels = doc.putObject("channels");
    ObjectNode operations = doc.putObject("operations");
    ObjectNode components = doc.putObject("components");
    ObjectNode messages = components.putObject("messages");
    components.putObject("schemas").set("CloudEventHeaders", cloudEventHeaders());

    for (Topic topic : Topic.values()) {
      String channelId = channelId(topic);
      ObjectNode channel = channels.putObject(channelId);
      channel.put("address", topic.topicName());
      channel.put("description", topic.description());
      ObjectNode channelMessages = channel.putObject("messages");
      channel.putObject("bindings").putObject("kafka")
          .put("topic", topic.topicName())
          .put("partitions", Topic.DEFAULT_PARTITIONS)
          .put("bindingVersion", "0.5.0");
      for (EventType type : EventType.values()) {
        if (type.topic() != topic) {
          continue;
        }
        String name = type.javaType().getSimpleName();
        channelMessages.putObject(name).put("$ref", "#/components/messages/" + name);
        messages.set(name, message(type));
        for (String producer : type.producers()) {
          ObjectNode operation = operations.putObject(operationId(producer, name));
          operation.put("action", "send");
          operation.put("summary", producer + " publishes " + name + ".");
          operation.putObject("channel").put("$ref", "#/channels/" + channelId);
          operation.putArray("messages").addObject().put("$ref", "#/channels/" + channelId + "/messages/" + name);
        }
      }
      for (String consumer : topic.consumers()) {
        ObjectNode operation = operations.putObject(camel(consumer.replace('-', '_').toUpperCase()) + "Receives"
            + camel(topic.name()));
        operation.put("action", "receive");
        operation.put("summary", consumer + " consumes " + topic.topicName() + " (the broker lets only its consumers "
            + "read it, and they accept each event type only from its declared producers).");
        operation.putObject("channel").put("$ref", "#/channels/" + channelId);
      }
    }
    return doc;
  }

  private static ObjectNode message(EventType type) {
    ObjectNode message = JSON.objectNode();
    message.put("name", type.javaType().getSimpleName());
    message.put("title", type.ceType());
    message.put("summary", type.summary());
    message.put("contentType", CloudEventCodec.CONTENT_TYPE_JSON);
    ObjectNode headers = message.putObject("headers");
    ArrayNode allOf = headers.putArray("allOf");
    allOf.addObject().put("$ref", "#/components/schemas/CloudEventHeaders");
    allOf.addObject().putObject("properties").putObject(CloudEventCodec.HEADER_TYPE).put("const", type.ceType());
    message.putObject("payload").put("$ref", "./schemas/" + schemaFileName(type));
    message.putObject("bindings").putObject("kafka")
        .put("bindingVersion", "0.5.0")
        .putObject("key").put("type", "string").put("pattern", "^[a-z0-9][a-z0-9-]{1,62}:.+$")
        .put("description", "{tenant}:{patientId}");
    return message;
  }

  private static ObjectNode cloudEventHeaders() {
    ObjectNode schema = JSON.objectNode().put("type", "object");
    schema.put("description", "CloudEvents 1.0 binary-mode attributes and the platform's extensions.");
    ObjectNode p = schema.putObject("properties");
    header(p, CloudEventCodec.HEADER_SPECVERSION, "Always 1.0.").put("const", CloudEventCodec.SPEC_VERSION);
    header(p, CloudEventCodec.HEADER_ID, "The event id (UUID); consumers de-duplicate by it.").put("format", "uuid");
    header(p, CloudEventCodec.HEADER_TYPE, "The event type, e.g. care.triage.completed.v1.");
    header(p, CloudEventCodec.HEADER_SOURCE, "The producing service, e.g. /triage-service.");
    header(p, CloudEventCodec.HEADER_SUBJECT, "The aggregate stream id.");
    header(p, CloudEventCodec.HEADER_TIME, "When the event occurred (RFC 3339).").put("format", "date-time");
    header(p, CloudEventCodec.HEADER_CONTENT_TYPE, "Always application/json.");
    header(p, CloudEventCodec.HEADER_TENANT, "The clinic; must equal the key's tenant.");
    header(p, CloudEventCodec.HEADER_STREAM_VERSION, "The event's version in its stream, from 1.")
        .put("pattern", "^[1-9][0-9]*$");
    header(p, CloudEventCodec.HEADER_CORRELATION, "Shared by everything one original request caused.");
    header(p, CloudEventCodec.HEADER_CAUSATION, "The request or event that directly caused this one.");
    header(p, CloudEventCodec.HEADER_ACTOR, "user:<subject> or service:<name>.");
    ArrayNode required = schema.putArray("required");
    p.fieldNames().forEachRemaining(required::add);
    return schema;
  }

  private static ObjectNode header(ObjectNode properties, String name, String description) {
    return properties.putObject(name).put("type", "string").put("description", description);
  }

  private static String channelId(Topic topic) {
    return camel(topic.name());
  }

  private static String operationId(String producer, String message) {
    return camel(producer.replace('-', '_').toUpperCase()) + "Sends" + message;
  }

  private static String camel(String constant) {
    StringBuilder out = new StringBuilder();
    for (String part : constant.toLowerCase().split("_")) {
      out.append(out.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
    }
    return out.toString();
  }
}
