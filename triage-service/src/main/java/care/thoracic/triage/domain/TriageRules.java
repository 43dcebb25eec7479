package care.thoracic.triage.domain;

import static care.thoracic.contracts.clinical.HistoryItem.CANCER;
import static care.thoracic.contracts.clinical.HistoryItem.DEGENERATIVE_DISC_DISEASE;
import static care.thoracic.contracts.clinical.HistoryItem.FIBROMYALGIA;
import static care.thoracic.contracts.clinical.HistoryItem.GERD;
import static care.thoracic.contracts.clinical.HistoryItem.LONG_TERM_STEROIDS;
import static care.thoracic.contracts.clinical.HistoryItem.OSTEOPOROSIS;
import static care.thoracic.contracts.clinical.HistoryItem.RHEUMATOID_ARTHRITIS;
import static care.thoracic.contracts.clinical.HistoryItem.SCHEUERMANN;
import static care.thoracic.contracts.clinical.IntakeSymptom.HEARTBURN;
import static care.thoracic.contracts.clinical.IntakeSymptom.MORNING_STIFFNESS_OVER_30_MIN;
import static care.thoracic.contracts.clinical.IntakeSymptom.MULTIPLE_JOINT_PAIN;
import static care.thoracic.contracts.clinical.IntakeSymptom.PROGRESSIVE_KYPHOSIS;
import static care.thoracic.contracts.clinical.IntakeSymptom.TENDER_POINTS;
import static care.thoracic.contracts.clinical.IntakeSymptom.WIDESPREAD_PAIN;

import care.thoracic.contracts.clinical.Aggravator;
import care.thoracic.contracts.clinical.Category;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.Onset;
import care.thoracic.contracts.clinical.Recommendation;
import care.thoracic.contracts.clinical.RedFlagAnswers;
import care.thoracic.contracts.clinical.RedFlagFinding;
import care.thoracic.contracts.clinical.Severity;
import care.thoracic.contracts.clinical.SuspectedCondition;
import care.thoracic.contracts.clinical.ThoracicRange;
import care.thoracic.contracts.clinical.TriageIntake;
import care.thoracic.contracts.clinical.WorkPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The triage decision of CLINICAL.md §2, as small pure functions that each return what they found
 * and why. Order and precedence are exactly as written there: red flags, then a history of cancer,
 * then systemic, structural and mechanical causes. Every matching condition is listed; the
 * first matching category decides.
 */
public final class TriageRules {
  private final TriageRuleSet rules;

  public TriageRules(TriageRuleSet rules) {
    this.rules = rules;
  }

  public TriageRuleSet ruleSet() {
    return rules;
  }

  public TriageDecision decide(TriageIntake intake) {
    Finding<List<FlagCode>> redFlags = redFlags(intake);
    Finding<Boolean> cancer = historyOfCancer(intake);
    Finding<Boolean> fever = feverWithoutSeverePain(intake);
    Finding<List<SuspectedCondition>> systemic = systemicConditions(intake);
    Finding<List<SuspectedCondition>> structural = structuralConditions(intake);
    Finding<Boolean> mechanical = mechanicalPattern(intake);

    Category category = !systemic.found().isEmpty() ? Category.SYSTEMIC
        : !structural.found().isEmpty() ? Category.STRUCTURAL : Category.MECHANICAL;
    List<SuspectedCondition> conditions = new ArrayList<>(systemic.found());
    conditions.addAll(structural.found());
    if (category == Category.MECHANICAL) {
      conditions.add(SuspectedCondition.POSTURAL_STRAIN);
    }

    boolean urgent = !redFlags.found().isEmpty();
    List<RedFlagFinding> flags = new ArrayList<>();
    redFlags.found().forEach(code -> flags.add(new RedFlagFinding(code, Severity.URGENT, Recommendation.EMERGENCY_CARE)));
    // A history of cancer is flagged only when no red flag already sends the patient to emergency care.
    if (!urgent && cancer.found()) {
      flags.add(new RedFlagFinding(FlagCode.HISTORY_OF_CANCER, Severity.HIGH, Recommendation.CLINICIAN_REVIEW));
    }
    Disposition disposition = urgent ? Disposition.URGENT
        : cancer.found() || fever.found() || category == Category.SYSTEMIC ? Disposition.REFER
        : category == Category.STRUCTURAL ? Disposition.MODIFIED_CARE : Disposition.SELF_CARE;

    List<String> reasons = new ArrayList<>(redFlags.reasons());
    if (!urgent) {
      reasons.add("None of the warning signs that need emergency care were reported.");
      reasons.addAll(cancer.reasons());
      reasons.addAll(fever.reasons());
    }
    reasons.addAll(systemic.reasons());
    reasons.addAll(structural.reasons());
    if (category == Category.MECHANICAL) {
      reasons.addAll(mechanical.reasons());
    }
    reasons.add(nextStep(disposition));
    return new TriageDecision(category, conditions, disposition, flags, reasons, rules.version());
  }

  /** Rule 1: the warning signs that need emergency care, in the order the intake asks them. */
  Finding<List<FlagCode>> redFlags(TriageIntake intake) {
    RedFlagAnswers answers = intake.redFlags();
    List<FlagCode> found = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    if (answers.progressiveNumbness()) {
      found.add(FlagCode.PROGRESSIVE_NUMBNESS);
      reasons.add("Numbness that keeps getting worse can mean a nerve or the spinal cord is being pressed on.");
    }
    if (answers.bowelBladderDysfunction()) {
      found.add(FlagCode.BOWEL_BLADDER_DYSFUNCTION);
      reasons.add("New trouble controlling your bowel or bladder can be a sign of pressure on the spinal cord.");
    }
    if (answers.fever() && intake.painScore() >= rules.severePainFrom()) {
      found.add(FlagCode.FEVER_WITH_SEVERE_PAIN);
      reasons.add("A fever together with severe pain (" + intake.painScore() + " out of 10) can mean an infection of "
          + "the spine.");
    }
    if (answers.unexplainedWeightLoss()) {
      found.add(FlagCode.UNEXPLAINED_WEIGHT_LOSS);
      reasons.add("Losing weight without trying, together with back pain, needs checking straight away.");
    }
    if (answers.significantTrauma()) {
      found.add(FlagCode.SIGNIFICANT_TRAUMA);
      reasons.add("Pain after a significant injury can mean a fracture.");
    }
    if (answers.chestPainOrBreathlessness()) {
      found.add(FlagCode.CHEST_PAIN_OR_BREATHLESSNESS);
      reasons.add("Chest pain or breathlessness with pain between the shoulder blades can come from the heart or "
          + "lungs, not the back.");
    }
    return Finding.of(List.copyOf(found), reasons);
  }

  /** Rule 2: the only history item that meaningfully raises the chance of a serious cause. */
  Finding<Boolean> historyOfCancer(TriageIntake intake) {
    return intake.history().contains(CANCER)
        ? Finding.of(true, List.of("Because you have had cancer, a clinician should check your back pain before you "
            + "start exercises."))
        : Finding.of(false, List.of());
  }

  /** Fever below severe pain is no red flag on its own, but a clinician should see it. */
  Finding<Boolean> feverWithoutSeverePain(TriageIntake intake) {
    return intake.redFlags().fever() && intake.painScore() < rules.severePainFrom()
        ? Finding.of(true, List.of("You have a fever. With pain below " + rules.severePainFrom() + " out of 10 this is "
            + "not an emergency on its own, but a clinician should check it."))
        : Finding.of(false, List.of());
  }

  /** Rule 3: conditions of the whole body that show up as mid-back pain. */
  Finding<List<SuspectedCondition>> systemicConditions(TriageIntake intake) {
    List<SuspectedCondition> found = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    if (intake.history().contains(RHEUMATOID_ARTHRITIS)) {
      found.add(SuspectedCondition.RHEUMATOID_ARTHRITIS);
      reasons.add("Rheumatoid arthritis can affect the joints between the ribs and the spine.");
    } else if (intake.symptoms().containsAll(Set.of(MORNING_STIFFNESS_OVER_30_MIN, MULTIPLE_JOINT_PAIN))) {
      found.add(SuspectedCondition.RHEUMATOID_ARTHRITIS);
      reasons.add("Morning stiffness that lasts more than 30 minutes, with pain in several joints, can point to "
          + "rheumatoid arthritis in the joints between the ribs and the spine.");
    }
    if (intake.history().contains(FIBROMYALGIA)) {
      found.add(SuspectedCondition.FIBROMYALGIA);
      reasons.add("Fibromyalgia causes tender points and widespread pain, including in the mid back.");
    } else if (intake.symptoms().containsAll(Set.of(WIDESPREAD_PAIN, TENDER_POINTS))) {
      found.add(SuspectedCondition.FIBROMYALGIA);
      reasons.add("Widespread pain with tender points can point to fibromyalgia.");
    }
    boolean reflux = intake.history().contains(GERD) || intake.symptoms().contains(HEARTBURN);
    boolean worseAfterMealsOrLyingDown = intake.aggravators().contains(Aggravator.MEALS)
        || intake.aggravators().contains(Aggravator.LYING_DOWN);
    if (reflux && worseAfterMealsOrLyingDown && intake.painRegion().overlaps(rules.gerdMimicRegion())) {
      found.add(SuspectedCondition.GERD_MIMIC);
      reasons.add("Reflux that gets worse after meals or lying down, with pain at " + levels(rules.gerdMimicRegion())
          + ", can come from the stomach rather than the spine.");
    }
    return Finding.of(List.copyOf(found), reasons);
  }

  /** Rule 4: conditions of the spine's structure, which need a modified programme. */
  Finding<List<SuspectedCondition>> structuralConditions(TriageIntake intake) {
    List<SuspectedCondition> found = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    boolean weakenedBone = intake.history().contains(OSTEOPOROSIS) || intake.history().contains(LONG_TERM_STEROIDS);
    if (intake.age() >= rules.compressionFractureFromAge() && weakenedBone && intake.onset() == Onset.SUDDEN) {
      found.add(SuspectedCondition.COMPRESSION_FRACTURE);
      reasons.add("At " + rules.compressionFractureFromAge() + " or older, with osteoporosis or long-term steroid use, "
          + "pain that starts suddenly may be a compression fracture (most often at "
          + levels(rules.compressionFractureRegion()) + ").");
    }
    boolean kyphosis = intake.symptoms().contains(PROGRESSIVE_KYPHOSIS) || intake.history().contains(SCHEUERMANN);
    if (rules.scheuermannAges().contains(intake.age()) && kyphosis) {
      found.add(SuspectedCondition.SCHEUERMANN);
      reasons.add("A rounding of the upper back in a young person can be Scheuermann's disease.");
    }
    if (intake.history().contains(DEGENERATIVE_DISC_DISEASE)) {
      found.add(SuspectedCondition.DEGENERATIVE_DISC_DISEASE);
      reasons.add("With degenerative disc disease some exercises need to be adapted.");
    }
    return Finding.of(List.copyOf(found), reasons);
  }

  /** Rule 5: what the aggravators and the working day say about posture and strain. */
  Finding<Boolean> mechanicalPattern(TriageIntake intake) {
    List<String> reasons = new ArrayList<>();
    reasons.add("No sign of another cause was found: your pain looks mechanical, from posture or strain.");
    Set<Aggravator> aggravators = intake.aggravators();
    if (aggravators.contains(Aggravator.DESK_WORK) || aggravators.contains(Aggravator.SITTING)) {
      reasons.add("It gets worse with sitting or desk work, which points to a forward head posture.");
    }
    if (aggravators.contains(Aggravator.PHONE_USE)) {
      reasons.add("It gets worse with phone use: looking down at a screen rounds the shoulders.");
    }
    if (aggravators.contains(Aggravator.LIFTING)) {
      reasons.add("It gets worse with lifting, which strains the muscles between the shoulder blades.");
    }
    if (aggravators.contains(Aggravator.TWISTING) || aggravators.contains(Aggravator.REACHING)) {
      reasons.add("It gets worse with twisting or reaching, which loads the joints of the mid back.");
    }
    WorkPattern work = intake.work();
    if (work != null && work.deskWorker()) {
      reasons.add("You spend about " + work.deskHoursPerDay() + " hours a day at a desk, so short hourly breaks will "
          + "be part of your plan" + (work.standingDesk() ? ", with changes at your standing desk." : "."));
    }
    return Finding.of(true, reasons);
  }

  private static String nextStep(Disposition disposition) {
    return switch (disposition) {
      case URGENT -> "Please seek emergency care now, and do not start exercises until a doctor has seen you.";
      case REFER -> "A clinician will review your answers before any exercise plan starts.";
      case MODIFIED_CARE -> "A clinician will approve an adapted exercise plan before you start.";
      case SELF_CARE -> "You can start your exercise plan now.";
    };
  }

  private static String levels(ThoracicRange range) {
    return range.from() + "-" + range.to();
  }
}
