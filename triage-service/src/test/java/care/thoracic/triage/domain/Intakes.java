package care.thoracic.triage.domain;

import care.thoracic.contracts.clinical.Aggravator;
import care.thoracic.contracts.clinical.HistoryItem;
import care.thoracic.contracts.clinical.IntakeSymptom;
import care.thoracic.contracts.clinical.Onset;
import care.thoracic.contracts.clinical.RedFlagAnswers;
import care.thoracic.contracts.clinical.ThoracicLevel;
import care.thoracic.contracts.clinical.ThoracicRange;
import care.thoracic.contracts.clinical.TriageIntake;
import care.thoracic.contracts.clinical.WorkPattern;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;

/** A plain mechanical intake, changed one answer at a time by each test. */
public final class Intakes {
  private int age = 34;
  private int pain = 5;
  private ThoracicRange region = new ThoracicRange(ThoracicLevel.T5, ThoracicLevel.T8);
  private Onset onset = Onset.GRADUAL;
  private final Set<Aggravator> aggravators = EnumSet.of(Aggravator.SITTING, Aggravator.DESK_WORK);
  private final Set<HistoryItem> history = EnumSet.noneOf(HistoryItem.class);
  private final Set<IntakeSymptom> symptoms = EnumSet.noneOf(IntakeSymptom.class);
  private boolean numbness, bowel, fever, weightLoss, trauma, chest;
  private WorkPattern work = new WorkPattern(7, LocalTime.of(9, 0), LocalTime.of(17, 30), false);

  public static Intakes mechanical() {
    return new Intakes();
  }

  public Intakes age(int age) {
    this.age = age;
    return this;
  }

  public Intakes pain(int pain) {
    this.pain = pain;
    return this;
  }

  public Intakes region(ThoracicLevel from, ThoracicLevel to) {
    this.region = new ThoracicRange(from, to);
    return this;
  }

  public Intakes sudden() {
    this.onset = Onset.SUDDEN;
    return this;
  }

  public Intakes aggravatedBy(Aggravator... more) {
    aggravators.addAll(Set.of(more));
    return this;
  }

  public Intakes noAggravators() {
    aggravators.clear();
    return this;
  }

  public Intakes history(HistoryItem... items) {
    history.addAll(Set.of(items));
    return this;
  }

  public Intakes symptoms(IntakeSymptom... items) {
    symptoms.addAll(Set.of(items));
    return this;
  }

  public Intakes noWork() {
    this.work = null;
    return this;
  }

  public Intakes progressiveNumbness() {
    numbness = true;
    return this;
  }

  public Intakes bowelBladder() {
    bowel = true;
    return this;
  }

  public Intakes fever() {
    fever = true;
    return this;
  }

  public Intakes weightLoss() {
    weightLoss = true;
    return this;
  }

  public Intakes trauma() {
    trauma = true;
    return this;
  }

  public Intakes chestPain() {
    chest = true;
    return this;
  }

  public TriageIntake build() {
    return new TriageIntake(age, ZoneId.of("Europe/Berlin"), pain, region, onset, LocalDate.of(2026, 11, 20), aggravators,
        history, symptoms, new RedFlagAnswers(numbness, bowel, fever, weightLoss, trauma, chest), work, null);
  }
}
