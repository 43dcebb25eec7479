package care.thoracic.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who caused an event: a user (patient, clinician; id = JWT subject) or a service reacting on its
 * own (a scheduler, a consumer). Written as {@code user:dr-ada} or {@code service:plan-service}.
 */
public record Actor(Kind kind, String id) {
  public enum Kind {
    USER, SERVICE;

    String prefix() {
      return name().toLowerCase();
    }
  }

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9@._-]{0,127}");

  public Actor {
    Objects.requireNonNull(kind, "actor kind is required");
    Identifiers.require("actor", id, ID);
  }

  public static Actor user(String subject) {
    return new Actor(Kind.USER, subject);
  }

  public static Actor service(String name) {
    return new Actor(Kind.SERVICE, name);
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Actor parse(String text) {
    int colon = text == null ? -1 : text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("actor must look like user:<id> or service:<name>");
    }
    String prefix = text.substring(0, colon);
    for (Kind kind : Kind.values()) {
      if (kind.prefix().equals(prefix)) {
        return new Actor(kind, text.substring(colon + 1));
      }
    }
    throw new IllegalArgumentException("actor kind must be user or service, was " + prefix);
  }

  @JsonValue
  @Override
  public String toString() {
    return kind.prefix() + ":" + id;
  }
}
