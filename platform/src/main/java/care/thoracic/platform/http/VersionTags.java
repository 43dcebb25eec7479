package care.thoracic.platform.http;

import care.thoracic.platform.problem.InvalidInputException;
import jakarta.ws.rs.core.EntityTag;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An aggregate's version as an HTTP entity tag: answered as {@code ETag: "7"}, sent back as
 * {@code If-Match: "7"} to say "change it only if it is still version 7" (else 409).
 */
public final class VersionTags {
  public static final String IF_MATCH = "If-Match";
  private static final Pattern TAG = Pattern.compile("^(?:W/)?\"?(\\d{1,18})\"?$");

  private VersionTags() {}

  public static EntityTag of(long version) {
    return new EntityTag(Long.toString(version));
  }

  /** @throws InvalidInputException naming {@code If-Match} when the header is not a version */
  public static OptionalLong expected(String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank()) {
      return OptionalLong.empty();
    }
    Matcher matcher = TAG.matcher(ifMatch.trim());
    if (!matcher.matches()) {
      throw new InvalidInputException(IF_MATCH, "must be the ETag you read, e.g. \"7\"");
    }
    return OptionalLong.of(Long.parseLong(matcher.group(1)));
  }
}
