package care.thoracic.platform.tenancy;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The issuer a compact JWS says it is from, read without verifying anything: only to choose who verifies it. */
final class ClaimedIssuer {
  /** Longer payloads are not looked into: the edge bounds headers at 16 KiB anyway. */
  private static final int MAX_PAYLOAD_CHARS = 16_384;

  private ClaimedIssuer() {}

  /** The payload's {@code iss} as a string; null when the token has none or is no JWS at all. */
  static String of(String token) {
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (second < 0 || second - first - 1 > MAX_PAYLOAD_CHARS) {
      return null;
    }
    try {
      byte[] payload = Base64.getUrlDecoder().decode(token.substring(first + 1, second));
      try (var reader = Json.createReader(new StringReader(new String(payload, StandardCharsets.UTF_8)))) {
        JsonValue claims = reader.readValue();
        if (!(claims instanceof JsonObject object) || !(object.get("iss") instanceof JsonString issuer)) {
          return null;
        }
        return issuer.getString();
      }
    } catch (RuntimeException e) { // not Base64, not JSON, nested too deep (the parser's own exception): no JWS
      return null; // the platform's parser refuses it with a 401
    }
  }
}
