package care.thoracic.plan.api;

import care.thoracic.plan.domain.CarePlan;
import care.thoracic.plan.domain.Protocol;
import care.thoracic.platform.fhir.FhirPatients;
import care.thoracic.platform.fhir.PainObservations;
import java.time.LocalDate;
import java.util.Locale;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityComponent;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityDetailComponent;
import org.hl7.fhir.r4.model.CarePlan.CarePlanActivityStatus;
import org.hl7.fhir.r4.model.CarePlan.CarePlanIntent;
import org.hl7.fhir.r4.model.CarePlan.CarePlanStatus;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Timing;

/**
 * A plan as a FHIR R4 CarePlan: status, intent, subject, period, the protocol it instantiates,
 * today's activities with their scheduled timing, and a contained Goal for pain (LOINC 72514-3)
 * at the significant-improvement threshold of CLINICAL §5.
 */
final class FhirCarePlans {
  static final String PROTOCOL_BASE = PainObservations.BASE + "PlanDefinition/";
  static final String PLAN_IDS = PainObservations.BASE + "plan";
  private static final String UCUM = "http://unitsofmeasure.org";

  private FhirCarePlans() {}

  static org.hl7.fhir.r4.model.CarePlan of(CarePlan.State state, Protocol protocol, LocalDate today) {
    CarePlan.PlanFacts facts = switch (state) {
      case CarePlan.NoPlan none -> throw new IllegalArgumentException("no plan");
      case CarePlan.AwaitingApproval awaiting -> awaiting.facts();
      case CarePlan.Active active -> active.facts();
      case CarePlan.Suspended suspended -> suspended.before().facts();
      case CarePlan.Completed done -> done.facts();
    };
    org.hl7.fhir.r4.model.CarePlan plan = new org.hl7.fhir.r4.model.CarePlan();
    plan.setId(facts.planId().toString());
    plan.addIdentifier().setSystem(PLAN_IDS).setValue(facts.planId().toString());
    plan.setStatus(switch (state) {
      case CarePlan.AwaitingApproval awaiting -> CarePlanStatus.DRAFT;
      case CarePlan.Active active -> CarePlanStatus.ACTIVE;
      case CarePlan.Suspended suspended -> CarePlanStatus.ONHOLD;
      case CarePlan.Completed done -> CarePlanStatus.COMPLETED;
      case CarePlan.NoPlan none -> CarePlanStatus.UNKNOWN;
    });
    plan.setIntent(CarePlanIntent.PLAN);
    plan.setTitle("Mid-back pain programme (" + facts.variant().name().toLowerCase(Locale.ROOT) + ")");
    plan.setSubject(FhirPatients.reference(facts.patientId()));
    plan.addInstantiatesCanonical(PROTOCOL_BASE + protocol.id() + "|" + protocol.version());
    CarePlan.Active active = switch (state) {
      case CarePlan.Active a -> a;
      case CarePlan.Suspended s -> s.before();
      default -> null;
    };
    if (active != null) {
      plan.setPeriod(new Period().setStartElement(new DateTimeType(active.startedOn().toString())));
      plan.setDescription("Phase " + active.phase() + " (" + protocol.phase(active.phase()).window() + ")");
      long dayOfPhase = Math.max(0, java.time.temporal.ChronoUnit.DAYS.between(active.phaseStartedOn(), today));
      CarePlanActivityStatus activityStatus = state instanceof CarePlan.Active
          ? CarePlanActivityStatus.INPROGRESS : CarePlanActivityStatus.ONHOLD;
      for (Protocol.Activity activity
          : protocol.activities(facts.variant(), active.restrictionCleared(), active.phase(), dayOfPhase)) {
        plan.addActivity(activity(activity, activityStatus));
      }
    }
    Goal goal = painGoal(facts);
    plan.addContained(goal);
    plan.addGoal(new Reference("#" + goal.getIdPart()));
    return plan;
  }

  private static CarePlanActivityComponent activity(Protocol.Activity activity, CarePlanActivityStatus status) {
    CarePlanActivityDetailComponent detail = new CarePlanActivityDetailComponent()
        .setStatus(status)
        .setCode(new CodeableConcept().setText(activity.name()))
        .setDescription(activity.instructions() + " Dose: " + dose(activity.dosage()) + ".");
    Protocol.Timing timing = activity.dosage().timing();
    if (timing != null) {
      Timing.TimingRepeatComponent repeat = new Timing.TimingRepeatComponent()
          .setFrequency(timing.frequency()).setPeriod(timing.period())
          .setPeriodUnit(Timing.UnitsOfTime.fromCode(timing.periodUnit()));
      if (timing.frequencyMax() != null) {
        repeat.setFrequencyMax(timing.frequencyMax());
      }
      if (timing.periodMax() != null) {
        repeat.setPeriodMax(timing.periodMax());
      }
      detail.setScheduled(new Timing().setRepeat(repeat));
    } else {
      detail.setScheduled(new Timing().setCode(new CodeableConcept().setText(activity.dosage().frequency())));
    }
    return new CarePlanActivityComponent().setDetail(detail);
  }

  /** "3 × 10 each side, hold 5 s, twice daily": the dosage in words, as the patient reads it. */
  static String dose(Protocol.Dosage dosage) {
    StringBuilder text = new StringBuilder();
    if (dosage.sets() != null) {
      text.append(dosage.sets()).append(" sets");
    }
    if (dosage.reps() != null) {
      text.append(text.isEmpty() ? "" : " of ").append(range(dosage.reps(), dosage.repsMax())).append(" reps");
    }
    if (dosage.each() != null) {
      text.append(" each ").append(dosage.each());
    }
    if (dosage.holdSeconds() != null) {
      text.append(text.isEmpty() ? "" : ", ").append("hold ").append(range(dosage.holdSeconds(), dosage.holdSecondsMax()))
          .append(" s");
    }
    if (dosage.minutes() != null) {
      text.append(text.isEmpty() ? "" : ", ").append(range(dosage.minutes(), dosage.minutesMax())).append(" min");
    }
    return text.append(text.isEmpty() ? "" : ", ").append(dosage.frequency()).toString();
  }

  private static String range(int from, Integer to) {
    return to == null ? Integer.toString(from) : from + "-" + to;
  }

  /** Significant improvement: at least 2 points and at least 30% below baseline (Farrar 2001; IMMPACT). */
  private static Goal painGoal(CarePlan.PlanFacts facts) {
    double target = Math.max(0, Math.min(facts.baselinePain() - 2, Math.floor(facts.baselinePain() * 0.7)));
    Goal goal = new Goal();
    goal.setId("pain-goal");
    goal.setLifecycleStatus(Goal.GoalLifecycleStatus.ACTIVE);
    goal.setDescription(new CodeableConcept().setText(
        "Pain at most " + (int) target + " of 10 (baseline " + facts.baselinePain() + ")"));
    goal.setSubject(FhirPatients.reference(facts.patientId()));
    goal.addTarget()
        .setMeasure(new CodeableConcept().addCoding(new Coding(PainObservations.LOINC, PainObservations.PAIN_SCORE,
            PainObservations.PAIN_SCORE_DISPLAY)))
        .setDetail(new Quantity().setValue(target).setComparator(Quantity.QuantityComparator.LESS_OR_EQUAL)
            .setSystem(UCUM).setCode("{score}").setUnit("{score}"));
    return goal;
  }

}
