package care.thoracic.reminder.domain;

import care.thoracic.contracts.Nullable;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What the patient's app is told about one event, in words the patient can read, before the feed
 * numbers it. {@code sourceKey} names what it is about (the event's id; for a reminder, the
 * reminder's id, which a reminder fired twice keeps), so the same thing is never numbered twice.
 * {@code details} are the few plain values the app shows or refreshes by (phase, reminder kind,
 * figures), never clinicians' notes or flag codes. {@code push} is how it is pushed, if it is.
 */
public record FeedNotice(String sourceKey, FeedEntryKind kind, Instant occurredAt, String title, String text,
    @Nullable UUID planId, Map<String, String> details, @Nullable PushNotice push) {
  public FeedNotice {
    Objects.requireNonNull(sourceKey, "sourceKey is required");
    Objects.requireNonNull(kind, "kind is required");
    Objects.requireNonNull(occurredAt, "occurredAt is required");
    Objects.requireNonNull(title, "title is required");
    Objects.requireNonNull(text, "text is required");
    details = Map.copyOf(details);
  }
}
