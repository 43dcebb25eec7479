package care.thoracic.platform.http;

import care.thoracic.platform.problem.InvalidInputException;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Path, query and header parameters are read as strictly as bodies: a whole number is written in
 * decimal digits only ({@code 1e3}, {@code 0x10}, {@code +5} and {@code 99999999999} are refused), an
 * id that should be a UUID is one, an instant is ISO-8601 within 2000-2200, an enum or boolean filter
 * is one of its values (blank: no filter), and a refusal is a 400
 * naming the parameter. (JAX-RS would answer
 * a query or path parameter it cannot convert with 404, as if the resource did not exist.)
 */
@Provider
public class StrictParameters implements ParamConverterProvider {
  private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,9}");
  /** The instants a clinical record can be about; anything beyond is a typo or an attack on date arithmetic. */
  static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

  @Override
  @SuppressWarnings("unchecked")
  public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
    String name = nameOf(annotations);
    if (name == null) {
      return null;
    }
    if (rawType == Integer.class || rawType == int.class) {
      return (ParamConverter<T>) new Converter<>(name, "must be a whole number in decimal digits, e.g. 20",
          text -> WHOLE_NUMBER.matcher(text).matches() ? Integer.valueOf(text) : null);
    }
    if (rawType == Instant.class) {
      return (ParamConverter<T>) new Converter<>(name, "must be an ISO-8601 instant between " + EARLIEST + " and "
          + LATEST + ", e.g. 2026-12-01T09:00:00Z", StrictParameters::instant);
    }
    if (rawType == UUID.class) {
      return (ParamConverter<T>) new Converter<>(name, "must be an id such as 3f2b8c1e-5d6a-4e7f-9a0b-1c2d3e4f5a6b",
          StrictParameters::uuid);
    }
    if (rawType == Boolean.class) { // a filter: left out or blank, no filter
      return (ParamConverter<T>) new Converter<>(name, "must be true or false",
          text -> text.isBlank() ? Converter.ABSENT : switch (text) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> null;
          });
    }
    if (rawType.isEnum()) { // a filter: left out or blank, no filter
      return (ParamConverter<T>) new Converter<>(name, "must be one of " + Arrays.toString(rawType.getEnumConstants()),
          text -> text.isBlank() ? Converter.ABSENT : Arrays.stream(rawType.getEnumConstants())
              .filter(constant -> ((Enum<?>) constant).name().equals(text)).findFirst().orElse(null));
    }
    return null;
  }

  private static Instant instant(String text) {
    try {
      Instant instant = Instant.parse(text);
      return instant.isBefore(EARLIEST) || instant.isAfter(LATEST) ? null : instant;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static UUID uuid(String text) {
    if (text.length() != 36) {
      return null;
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String nameOf(Annotation[] annotations) {
    for (Annotation annotation : annotations) {
      switch (annotation) {
        case QueryParam query -> { return query.value(); }
        case PathParam path -> { return path.value(); }
        case HeaderParam header -> { return header.value(); }
        default -> { }
      }
    }
    return null;
  }

  private record Converter<T>(String name, String expected, Function<String, Object> parse)
      implements ParamConverter<T> {
    /** What {@code parse} answers for a value that stands for no value (a blank filter). */
    static final Object ABSENT = new Object();

    @Override
    @SuppressWarnings("unchecked")
    public T fromString(String text) {
      Object value = text == null ? null : parse.apply(text);
      if (text != null && value == null) {
        throw new InvalidInputException(name, expected);
      }
      return value == ABSENT ? null : (T) value;
    }

    @Override
    public String toString(T value) {
      return String.valueOf(value);
    }
  }
}
