package care.thoracic.platform.http;

import care.thoracic.platform.problem.InvalidInputException;
import care.thoracic.platform.tenancy.Caller;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code Idempotency-Key} request header (IETF draft-ietf-httpapi-idempotency-key-header): a
 * client names one attempt of a {@code POST}, and a retry with the same key is answered with the
 * first outcome instead of doing it again. The key becomes the id of what the request creates,
 * scoped to the caller's clinic and subject, so a retry finds the first one and two callers' keys
 * never meet. Sent as a structured-field string ({@code "…"}) or bare.
 */
public record IdempotencyKey(String value) {
  public static final String HEADER = "Idempotency-Key";

  /** Printable ASCII without quotes or backslashes, as a structured-field string allows; a UUID is best. */
  private static final Pattern VALUE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,255}");

  /**
   * The key sent with a request, if any.
   *
   * @throws InvalidInputException naming the header when it is present but not a usable key
   */
  public static Optional<IdempotencyKey> of(List<String> headers) {
    if (headers == null || headers.isEmpty()) {
      return Optional.empty();
    }
    if (headers.size() > 1) {
      throw new InvalidInputException(HEADER, "must be sent once");
    }
    String value = headers.getFirst().strip();
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      value = value.substring(1, value.length() - 1);
    }
    if (!VALUE.matcher(value).matches()) {
      throw new InvalidInputException(HEADER,
          "must be 1 to 255 printable characters without spaces, quotes or backslashes (a UUID is best)");
    }
    return Optional.of(new IdempotencyKey(value));
  }

  /** The id the request creates under this key: the same for the same caller, key and kind of thing. */
  public UUID idFor(String kind, Caller caller) {
    return UUID.nameUUIDFromBytes(String.join("\n", "idempotency", kind, caller.tenant().id(), caller.subject(),
        value).getBytes(StandardCharsets.UTF_8));
  }
}
