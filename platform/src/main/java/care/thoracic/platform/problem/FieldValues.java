package care.thoracic.platform.problem;

/**
 * What a client sent, as problem details may quote it (a rejected value, a field name, the path):
 * whole when short, cut with its length when long, so a problem never echoes a huge or hostile
 * value back in full.
 */
public final class FieldValues {
  static final int LONGEST_QUOTED = 100;

  private FieldValues() {}

  public static String cut(String value) {
    if (value == null || value.length() <= LONGEST_QUOTED) {
      return value;
    }
    return value.substring(0, LONGEST_QUOTED) + "… (" + value.length() + " characters)";
  }
}
