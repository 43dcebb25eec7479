package care.thoracic.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/** A patient within a clinic. A patient's JWT {@code sub} is their patient id. */
public record PatientId(String value) {
  /** The format as a regular expression, for {@code @Pattern} on path parameters and request fields. */
  public static final String REGEX = "[A-Za-z0-9][A-Za-z0-9_-]{0,63}";
  public static final Pattern FORMAT = Pattern.compile(REGEX);

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public PatientId {
    Identifiers.require("patientId", value, FORMAT);
  }

  public static PatientId of(String value) {
    return new PatientId(value);
  }

  @JsonValue
  @Override
  public String value() {
    return value;
  }

  @Override
  public String toString() {
    return value;
  }
}
