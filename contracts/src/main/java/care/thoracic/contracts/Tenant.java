package care.thoracic.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/** A clinic: the unit of data isolation. Every document, event and query carries one. */
public record Tenant(String id) {
  /** Lower-case slug; no characters with a meaning to Mongo queries or Kafka keys ({@code $ . : { }}). */
  public static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public Tenant {
    Identifiers.require("tenant", id, FORMAT);
  }

  public static Tenant of(String id) {
    return new Tenant(id);
  }

  @JsonValue
  @Override
  public String id() {
    return id;
  }

  @Override
  public String toString() {
    return id;
  }
}
