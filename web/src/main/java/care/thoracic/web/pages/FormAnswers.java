package care.thoracic.web.pages;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A form's answers as a service's JSON reads them: an empty answer is missing, a number is a number,
 * and anything else is sent as given, so that the service refuses it naming the field.
 */
public final class FormAnswers {
  private FormAnswers() {}

  public static void putText(ObjectNode node, String field, String value) {
    if (value.isBlank()) {
      node.putNull(field);
    } else {
      node.put(field, value.strip());
    }
  }

  public static void putNumber(ObjectNode node, String field, String value) {
    try {
      node.put(field, Integer.parseInt(value.strip()));
    } catch (NumberFormatException notANumber) {
      putText(node, field, value);
    }
  }
}
