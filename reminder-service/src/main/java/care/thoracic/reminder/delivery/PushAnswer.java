package care.thoracic.reminder.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What came of one push, by the push service's answer (RFC 8030 §5, §6.2; RFC 8292 §4): delivered
 * (2xx), the subscription gone (404, 410: the browser unsubscribed or the push service forgot it),
 * to be tried again (429, 5xx, no answer in time, unreachable), or refused for good (any other
 * answer: a bad token, a payload too large; trying again would get the same).
 */
public sealed interface PushAnswer {
  /** The push service accepted the message. */
  record Delivered(int status) implements PushAnswer {}

  /** The subscription is gone: delete it, never push to it again. */
  record Gone(int status) implements PushAnswer {}

  /** Try again later; not before {@code notBefore} if the push service said so (Retry-After). */
  record RetryLater(String reason, Optional<Instant> notBefore) implements PushAnswer {}

  /** Refused for good. */
  record Refused(String reason) implements PushAnswer {}

  /** The answer to an HTTP {@code status} with its {@code Retry-After} header (or null), received at {@code now}. */
  static PushAnswer of(int status, String retryAfter, Instant now) {
    if (status / 100 == 2) {
      return new Delivered(status);
    }
    if (status == 404 || status == 410) {
      return new Gone(status);
    }
    if (status == 429 || status / 100 == 5) {
      return new RetryLater("the push service answered HTTP " + status, retryAfter(retryAfter, now));
    }
    return new Refused("the push service answered HTTP " + status);
  }

  /** Retry-After as seconds or an HTTP-date (RFC 9110 §10.2.3); anything else is ignored. */
  static Optional<Instant> retryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String trimmed = value.trim();
    if (trimmed.matches("[0-9]{1,9}")) {
      return Optional.of(now.plus(Duration.ofSeconds(Long.parseLong(trimmed))));
    }
    try {
      return Optional.of(ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
