package care.thoracic.reminder.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Entries after {@code after}, in order; {@code head} is the highest number the feed has given, so
 * {@code more} says whether to read again from the last entry's number.
 */
@Schema(name = "FeedPage", example = """
    {"after": 5, "head": 7, "more": false, "entries": [
      {"sequence": 6, "kind": "REMINDER", "occurredAt": "2026-12-12T05:00:00Z",
       "title": "Time for your breathing exercise", "text": "Time for your breathing exercise.",
       "planId": "8f14e45f-ceea-467f-a0e6-0b6b1c1f1a01",
       "details": {"reminderId": "0b6b1c1f-ceea-467f-a0e6-8f14e45f1a02", "reminderKind": "BREATHING", "dueAt": "2026-12-12T05:00:00Z"}},
      {"sequence": 7, "kind": "PHASE_ADVANCED", "occurredAt": "2026-12-12T06:00:00Z", "title": "Next phase: mobility",
       "text": "You moved from the foundation phase to the mobility phase. Today's activities changed.",
       "planId": "8f14e45f-ceea-467f-a0e6-0b6b1c1f1a01", "details": {"phase": "MOBILITY", "todayChanged": "true"}}]}""")
public record FeedPage(long after, long head, boolean more, List<FeedEntryView> entries) {}
