package care.thoracic.triage.domain;

import care.thoracic.contracts.clinical.ThoracicRange;
import java.util.Objects;

/**
 * The numbers of the triage rules, as versioned data ({@code triage-rules.json}); the version
 * travels in every {@code TriageCompleted}, so a decision can be explained later by the rules it
 * was made with.
 *
 * @param severePainFrom pain score from which fever counts as a red flag
 * @param compressionFractureFromAge age from which osteoporosis or steroids with sudden onset suggest a fracture
 * @param scheuermannAges ages in which a progressive kyphosis suggests Scheuermann's disease (inclusive)
 * @param gerdMimicRegion levels where reflux can mimic spinal pain
 * @param compressionFractureRegion levels where compression fractures usually occur (named in the reason)
 */
public record TriageRuleSet(
    String version,
    String source,
    int severePainFrom,
    int compressionFractureFromAge,
    AgeRange scheuermannAges,
    ThoracicRange gerdMimicRegion,
    ThoracicRange compressionFractureRegion) {

  public record AgeRange(int from, int to) {
    public AgeRange {
      if (from < 0 || to < from) {
        throw new IllegalArgumentException("age range " + from + "-" + to + " is not a range");
      }
    }

    boolean contains(int age) {
      return age >= from && age <= to;
    }
  }

  public TriageRuleSet {
    Objects.requireNonNull(version, "version is required");
    Objects.requireNonNull(scheuermannAges, "scheuermannAges is required");
    Objects.requireNonNull(gerdMimicRegion, "gerdMimicRegion is required");
    Objects.requireNonNull(compressionFractureRegion, "compressionFractureRegion is required");
    if (severePainFrom < 0 || severePainFrom > 10) {
      throw new IllegalArgumentException("severePainFrom must be a pain score (0-10)");
    }
    if (compressionFractureFromAge < 5 || compressionFractureFromAge > 120) {
      throw new IllegalArgumentException("compressionFractureFromAge must be an intake age (5-120)");
    }
  }
}
