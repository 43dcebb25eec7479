package care.thoracic.reminder.domain;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.clinical.ReminderKind;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A reminder the schedule wants sent.
 *
 * @param reminderId the same whenever the schedule is computed again (from plan, kind and the
 *     local time the rule named, before any quiet-hour move), so recomputing stores nothing twice
 *     and receivers can de-duplicate by it
 * @param localDue when it is due on the patient's clock
 * @param focus the maintenance week's focus, for WEEKLY_FOCUS
 * @param reasons which rule planned it, and any move
 */
public record PlannedReminder(UUID reminderId, UUID planId, ReminderKind kind, Instant dueAt, LocalDateTime localDue,
    @Nullable String focus, List<String> reasons) {
  public PlannedReminder {
    reasons = List.copyOf(reasons);
  }
}
