package care.thoracic.progress.domain;

import care.thoracic.contracts.Nullable;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Why a running plan needs attention on a day, as the clinic's at-risk list shows it: the reasons
 * ({@link ProgressReport#risk}, the same as its report's) and the figures beside them. The list's order is {@link #rank}: plans with an urgent
 * flag first, then by the number of reasons, then by the lowest adherence.
 */
public record PlanRisk(List<String> reasons, int openFlags, boolean urgentFlag,
    @Nullable ProgressReport.Percent adherence, @Nullable Double meanPain7d, int baselinePain) {

  /**
   * A key whose text order is the list's order, so the store sorts and pages it: the urgent flag,
   * the reasons (most first), the adherence percent (lowest first; none counts as 100), then the
   * patient and the plan, which make it unique.
   */
  public String rank(String patientId, UUID planId) {
    return String.format(Locale.ROOT, "%d%d%03d %s %s", urgentFlag ? 0 : 1, 9 - Math.min(9, reasons.size()),
        adherence == null ? 100 : adherence.percent(), patientId, planId);
  }
}
