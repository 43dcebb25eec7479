package care.thoracic.contracts;

import java.util.regex.Pattern;

/** Validation shared by the identifier types, so a bad id fails with the same message everywhere. */
public final class Identifiers {
  /** Correlation and causation ids: whatever a caller sends, as long as it is safe to log and store. */
  public static final Pattern TRACE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  private Identifiers() {}

  public static String require(String field, String value, Pattern format) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is required");
    }
    if (!format.matcher(value).matches()) {
      throw new IllegalArgumentException(field + " must match " + format.pattern());
    }
    return value;
  }
}
