package care.thoracic.platform.stream;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A stream ticket as its caller gets it: the ticket, until when it opens the stream, and the URL that does. */
@Schema(description = "A single-use ticket that opens one live stream without an Authorization header",
    example = "{\"ticket\": \"Xl3m0cVh2Jq8m4c5Z0kGx1m9Cw7bQy2tR6dV3sN8pLo\", "
        + "\"expiresAt\": \"2026-12-01T09:00:30Z\", "
        + "\"stream\": \"/plans/3f0e8b52-5d0c-4b8e-9a57-2a1c9c4b7d10/stream?ticket=Xl3m0cVh2Jq8m4c5Z0kGx1m9Cw7bQy2tR6dV3sN8pLo\"}")
public record StreamTicketView(
    @Schema(description = "32 random bytes, base64url; opens the stream once") String ticket,
    @Schema(description = "After this (at most 60 s from now, and never after the token) it opens nothing")
    Instant expiresAt,
    @Schema(description = "The stream's path with the ticket: what to give new EventSource(...)") String stream) {

  /** The view of {@code issued}, for the stream at {@code streamPath}. */
  public static StreamTicketView of(StreamTickets.Issued issued, String streamPath) {
    return new StreamTicketView(issued.ticket(), issued.expiresAt(),
        streamPath + "?ticket=" + URLEncoder.encode(issued.ticket(), StandardCharsets.UTF_8));
  }
}
