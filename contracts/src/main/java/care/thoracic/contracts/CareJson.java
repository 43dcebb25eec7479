package care.thoracic.contracts;

import care.thoracic.contracts.clinical.TriageIntake;
import care.thoracic.contracts.clinical.WorkPattern;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Map;

/**
 * The JSON of events. Every field is written, absent ones as {@code null}, and every field must be
 * present when read: a missing {@code painScore} must never turn into 0. Unknown fields are
 * ignored so a consumer survives a producer that is one additive release ahead.
 *
 * <p>The one exception is {@link #ADDED_LATER}: a field added to a published shape, with the value
 * everything written before it means. Reading an old event or document fills it in (an upcast by
 * default), so stored events, Kafka records and projections from before the field stay readable.
 */
public final class CareJson {
  /** Per type, the fields added after it was first published, with the value older JSON means. */
  static final Map<Class<?>, Map<String, JsonNode>> ADDED_LATER = Map.of(
      WorkPattern.class, Map.of("days", weekdays()), // 2026-11-30: work days (CLINICAL §8)
      TriageIntake.class, Map.of("notes", NullNode.getInstance())); // 2026-12-01: the patient's own words

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .addModule(new SimpleModule("added-later").setDeserializerModifier(new FillAddedFields()))
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .serializationInclusion(JsonInclude.Include.ALWAYS)
          .build();

  private CareJson() {}

  /** Thread-safe and shared; do not reconfigure. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static JsonNode weekdays() {
    var days = JsonNodeFactory.instance.arrayNode();
    WorkPattern.WEEKDAYS.forEach(day -> days.add(day.name()));
    return days;
  }

  /** Wraps the reader of each type in {@link #ADDED_LATER}: a missing added field gets its older meaning. */
  private static final class FillAddedFields extends BeanDeserializerModifier {
    @Override
    public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
        JsonDeserializer<?> deserializer) {
      Map<String, JsonNode> added = ADDED_LATER.get(description.getBeanClass());
      return added == null ? deserializer : new Filling(deserializer, added);
    }
  }

  private static final class Filling extends DelegatingDeserializer {
    private final Map<String, JsonNode> added;

    Filling(JsonDeserializer<?> delegate, Map<String, JsonNode> added) {
      super(delegate);
      this.added = added;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
      return new Filling(newDelegatee, added);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      JsonNode node = context.readTree(parser);
      if (node instanceof ObjectNode object) {
        added.forEach((field, olderMeaning) -> {
          if (!object.has(field)) {
            object.set(field, olderMeaning.deepCopy());
          }
        });
      }
      try (JsonParser filled = parser.getCodec().treeAsTokens(node)) {
        filled.nextToken();
        return _delegatee.deserialize(filled, context);
      }
    }
  }
}
