package care.thoracic.progress.domain;

/**
 * The numbers of CLINICAL.md §4-§5 the progress rules use, as one versioned set: every flag and
 * assessment names the version it was decided by, so a changed threshold is a new version.
 */
public record Thresholds(
    String version,
    int improvementPoints,
    int improvementPercent,
    int worseningPoints,
    int noImprovementAfterDays,
    int triedAdherencePercent,
    int neurologicalPersistenceDays,
    int neurologicalEpisodeGapDays,
    int noImprovementAfterResumeDays,
    int feverPain,
    int assessmentEveryDays,
    int atRiskAdherencePercent) {

  /**
   * Farrar 2001 / IMMPACT: at least 2 points and 30%; six weeks; fourteen days within an episode whose
   * reports are at most 7 days apart (§8); four weeks after a clinician's resume; every four weeks.
   */
  public static final Thresholds CURRENT =
      new Thresholds("progress-rules-2026.12", 2, 30, 2, 42, 50, 14, 7, 28, 7, 28, 50);
}
