package care.thoracic.reminder.api;

import care.thoracic.contracts.Nullable;
import care.thoracic.reminder.domain.FeedEntry;
import care.thoracic.reminder.domain.FeedEntryKind;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One entry of a patient's feed as the app reads it (how it is pushed stays inside). */
@Schema(name = "FeedEntry", example = """
    {"sequence": 7, "kind": "PHASE_ADVANCED", "occurredAt": "2026-12-12T06:00:00Z",
     "title": "Next phase: mobility",
     "text": "You moved from the foundation phase to the mobility phase. Today's activities changed. Adherence 86% (12 of 14 days with a session; at least 70% needed).",
     "planId": "8f14e45f-ceea-467f-a0e6-0b6b1c1f1a01", "details": {"phase": "MOBILITY", "todayChanged": "true"}}""")
public record FeedEntryView(long sequence, FeedEntryKind kind, Instant occurredAt, String title, String text,
    @Nullable UUID planId, Map<String, String> details) {
  static FeedEntryView of(FeedEntry entry) {
    var notice = entry.notice();
    return new FeedEntryView(entry.sequence(), notice.kind(), notice.occurredAt(), notice.title(), notice.text(),
        notice.planId(), notice.details());
  }
}
