package care.thoracic.plan.domain;

import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A therapy protocol as versioned data (CLINICAL §3-§4): its phases with their activities and
 * dosage, the variants, the advancement thresholds and the education attached to every plan. A plan
 * pins {@link #canonicalVersion()}; the data is checked by {@link #problems()} at start-up.
 */
public record Protocol(
    String id,
    String version,
    String source,
    Advancement advancement,
    List<PhaseSpec> phases,
    Map<PlanVariant, VariantSpec> variants,
    List<EducationItem> education) {

  /** When a phase review advances the plan, and when it looks again after a hold. */
  public record Advancement(
      double minAdherence, int maxPainAboveBaseline, int reviewAgainAfterDays, int holdsBeforeClinicianReview) {}

  /** Where a phase's length counts from: the onset of pain (ACUTE) or the day the phase began. */
  public enum CountsFrom { ONSET, PHASE_START }

  /**
   * One phase. {@code lengthDays} is null for MAINTENANCE, which has no end and repeats its monthly
   * {@code cycle}; the other phases list their {@code activities}.
   */
  public record PhaseSpec(
      Phase phase,
      String window,
      Integer lengthDays,
      CountsFrom lengthCountsFrom,
      boolean reviewed,
      List<Activity> activities,
      List<CycleWeek> cycle) {

    public PhaseSpec {
      activities = activities == null ? List.of() : List.copyOf(activities);
      cycle = cycle == null ? List.of() : List.copyOf(cycle);
    }

    /** The activities of a day in this phase; in MAINTENANCE, those of its week of the monthly cycle. */
    public List<Activity> activitiesOn(long dayOfPhase) {
      if (cycle.isEmpty()) {
        return activities;
      }
      int week = (int) ((dayOfPhase / 7) % cycle.size()) + 1;
      return cycle.stream().filter(w -> w.week() == week).findFirst().orElseThrow().activities();
    }

    List<Activity> allActivities() {
      List<Activity> all = new ArrayList<>(activities);
      cycle.forEach(week -> all.addAll(week.activities()));
      return all;
    }
  }

  public record CycleWeek(int week, String focus, List<Activity> activities) {
    public CycleWeek {
      activities = activities == null ? List.of() : List.copyOf(activities);
    }
  }

  /**
   * @param carryOverFrom the earlier phase this activity comes from, when a phase keeps it beyond
   *     its own exercises (breathing in STRENGTH, say): the patient sees it marked as carried over
   */
  public record Activity(String id, String name, Set<String> tags, String instructions, Dosage dosage,
      Phase carryOverFrom) {
    public Activity {
      tags = tags == null ? Set.of() : Set.copyOf(tags);
    }
  }

  /**
   * How much and how often: any of sets, reps, hold, minutes (ranges by their max), always a
   * frequency in words, and its timing when it has one (none for "whenever sitting").
   */
  public record Dosage(
      Integer sets,
      Integer reps,
      Integer repsMax,
      Integer holdSeconds,
      Integer holdSecondsMax,
      Integer minutes,
      Integer minutesMax,
      String each,
      String frequency,
      Timing timing) {}

  /** {@code frequency} (to {@code frequencyMax}) times per {@code period} (to {@code periodMax}) {@code periodUnit} (h, d, wk), as FHIR's Timing.repeat. */
  public record Timing(int frequency, Integer frequencyMax, double period, Double periodMax, String periodUnit) {}

  /**
   * A variant keeps the activities with none of {@code excludeTags} and, when given, one of
   * {@code onlyTags}. A {@code clearable} variant is a restriction a clinician may lift (a decision
   * with a reason, CLINICAL §8): the plan then follows the full protocol.
   */
  public record VariantSpec(String description, Set<String> excludeTags, Set<String> onlyTags, boolean clearable) {
    public VariantSpec {
      excludeTags = excludeTags == null ? Set.of() : Set.copyOf(excludeTags);
      onlyTags = onlyTags == null ? Set.of() : Set.copyOf(onlyTags);
    }

    boolean keeps(Activity activity) {
      boolean excluded = activity.tags().stream().anyMatch(excludeTags::contains);
      boolean allowed = onlyTags.isEmpty() || activity.tags().stream().anyMatch(onlyTags::contains);
      return !excluded && allowed;
    }
  }

  public record EducationItem(String id, String topic, String text) {}

  public Protocol {
    phases = List.copyOf(phases);
    variants = Map.copyOf(variants);
    education = List.copyOf(education);
  }

  /** What a plan pins and FHIR's {@code instantiatesCanonical} names: {@code thoracic-v1@2026.11}. */
  public String canonicalVersion() {
    return id + "@" + version;
  }

  public PhaseSpec phase(Phase phase) {
    return phases.stream().filter(p -> p.phase() == phase).findFirst()
        .orElseThrow(() -> new IllegalStateException(canonicalVersion() + " has no phase " + phase));
  }

  public VariantSpec variant(PlanVariant variant) {
    return variants.get(variant);
  }

  /**
   * The activities of one day of a phase, as the plan's variant keeps them; all of them once a
   * clinician cleared the variant's restriction.
   */
  public List<Activity> activities(PlanVariant variant, boolean restrictionCleared, Phase phase, long dayOfPhase) {
    List<Activity> day = phase(phase).activitiesOn(dayOfPhase);
    VariantSpec spec = variants.get(variant);
    return restrictionCleared && spec.clearable() ? day : day.stream().filter(spec::keeps).toList();
  }

  /** Everything wrong with this protocol's data; empty when it may be used. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (id == null || id.isBlank() || version == null || version.isBlank()) {
      problems.add("id and version are required");
    }
    if (advancement == null || advancement.minAdherence() <= 0 || advancement.minAdherence() > 1
        || advancement.reviewAgainAfterDays() < 1 || advancement.holdsBeforeClinicianReview() < 1) {
      problems.add("advancement needs minAdherence in (0, 1], reviewAgainAfterDays ≥ 1, holdsBeforeClinicianReview ≥ 1");
    }
    List<Phase> order = phases.stream().map(PhaseSpec::phase).toList();
    if (!order.equals(List.of(Phase.values()))) {
      problems.add("phases must be " + List.of(Phase.values()) + " in that order, each once; found " + order);
    }
    if (!variants.keySet().equals(EnumSet.allOf(PlanVariant.class))) {
      problems.add("every variant needs a definition; found " + variants.keySet());
    }
    Set<String> tags = new HashSet<>();
    for (PhaseSpec spec : phases) {
      boolean maintenance = spec.phase() == Phase.MAINTENANCE;
      if (maintenance != (spec.lengthDays() == null)) {
        problems.add(spec.phase() + ": every phase but MAINTENANCE has a length, and MAINTENANCE has none");
      } else if (spec.lengthDays() != null && spec.lengthDays() < 1) {
        problems.add(spec.phase() + ": length must be at least one day");
      }
      if (maintenance == spec.cycle().isEmpty() || maintenance == !spec.activities().isEmpty()) {
        problems.add(spec.phase() + ": MAINTENANCE has a cycle of weeks, every other phase a list of activities");
      }
      if ((spec.lengthCountsFrom() == CountsFrom.ONSET) != (spec.phase() == Phase.ACUTE)) {
        problems.add(spec.phase() + ": only ACUTE counts from the onset of pain");
      }
      for (int w = 0; w < spec.cycle().size(); w++) {
        if (spec.cycle().get(w).week() != w + 1) {
          problems.add(spec.phase() + ": cycle weeks must run 1, 2, 3…");
        }
      }
      for (Activity activity : spec.allActivities()) {
        tags.addAll(activity.tags());
        if (activity.dosage() == null || activity.dosage().frequency() == null || activity.dosage().frequency().isBlank()) {
          problems.add(spec.phase() + "/" + activity.id() + ": every activity needs a dosage with a frequency");
        }
        Timing timing = activity.dosage() == null ? null : activity.dosage().timing();
        if (timing != null && (timing.frequency() < 1 || timing.period() <= 0
            || !List.of("h", "d", "wk").contains(timing.periodUnit()))) {
          problems.add(spec.phase() + "/" + activity.id() + ": timing needs frequency ≥ 1, period > 0, unit h, d or wk");
        }
        if (activity.instructions() == null || activity.instructions().isBlank()) {
          problems.add(spec.phase() + "/" + activity.id() + ": every activity needs instructions");
        }
        if (activity.carryOverFrom() != null && (activity.carryOverFrom().compareTo(spec.phase()) >= 0
            || phases.stream().filter(p -> p.phase() == activity.carryOverFrom()).flatMap(p -> p.allActivities().stream())
                .noneMatch(earlier -> earlier.id().equals(activity.id())))) {
          problems.add(spec.phase() + "/" + activity.id() + ": carried over from " + activity.carryOverFrom()
              + ", an earlier phase that must have it");
        }
      }
      for (PlanVariant variant : variants.keySet()) {
        List<List<Activity>> days = spec.cycle().isEmpty() ? List.of(spec.activities())
            : spec.cycle().stream().map(CycleWeek::activities).toList();
        for (List<Activity> day : days) {
          if (day.stream().noneMatch(variants.get(variant)::keeps)) {
            problems.add(spec.phase() + ": variant " + variant + " would leave a day with nothing to do");
          }
        }
      }
    }
    variants.forEach((variant, spec) -> {
      if (spec != null && spec.clearable() && spec.excludeTags().isEmpty()) {
        problems.add("variant " + variant + " is clearable but restricts nothing it could lift (no excludeTags)");
      }
      for (String tag : spec == null ? Set.<String>of() : union(spec.excludeTags(), spec.onlyTags())) {
        if (!tags.contains(tag)) {
          problems.add("variant " + variant + " names tag " + tag + ", which no activity has");
        }
      }
    });
    return problems;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }
}
