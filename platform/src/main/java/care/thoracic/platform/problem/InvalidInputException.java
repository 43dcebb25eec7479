package care.thoracic.platform.problem;

import java.util.List;

/** Input that passed parsing but not the rules (answered 400 naming the fields); nothing is stored. */
public class InvalidInputException extends RuntimeException {
  private final List<FieldError> errors;

  public InvalidInputException(String field, String message) {
    this(List.of(new FieldError(field, message)));
  }

  public InvalidInputException(List<FieldError> errors) {
    super(errors.toString());
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }
}
