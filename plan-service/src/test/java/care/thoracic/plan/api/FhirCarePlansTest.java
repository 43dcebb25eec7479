package care.thoracic.plan.api;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.SingleValidationMessage;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.Phase;
import care.thoracic.contracts.clinical.PlanVariant;
import care.thoracic.plan.config.ProtocolFiles;
import care.thoracic.plan.domain.CarePlan;
import care.thoracic.plan.domain.Protocol;
import care.thoracic.testkit.FhirValidation;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Goal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The FHIR view of a plan, checked against the R4 profiles by HAPI's validator. */
class FhirCarePlansTest {
  private static final FhirContext FHIR = FhirContext.forR4();
  private static FhirValidation validation;
  private static final Protocol PROTOCOL = ProtocolFiles.load().current();
  private static final LocalDate STARTED = LocalDate.of(2026, 11, 24);

  @BeforeAll
  static void validator() {
    validation = new FhirValidation(FHIR);
  }

  private static CarePlan.Active active(PlanVariant variant, Phase phase) {
    CarePlan.PlanFacts facts = new CarePlan.PlanFacts(UUID.fromString("3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b01"),
        PatientId.of("pat-1"), UUID.randomUUID(), PROTOCOL.canonicalVersion(), variant, STARTED.minusDays(10),
        ZoneId.of("Europe/Berlin"), 6, null);
    return new CarePlan.Active(facts, phase, STARTED, STARTED, STARTED.plusDays(14), 0, false, Set.of(), false,
        List.of());
  }

  private static List<SingleValidationMessage> errors(org.hl7.fhir.r4.model.CarePlan plan) {
    return validation.errors(plan);
  }

  @Test
  void an_active_plan_is_a_valid_r4_care_plan_with_its_protocol_activities_timing_and_pain_goal() {
    var plan = FhirCarePlans.of(active(PlanVariant.STANDARD, Phase.FOUNDATION), PROTOCOL, STARTED.plusDays(3));
    assertThat(errors(plan)).isEmpty();
    assertThat(plan.getStatus()).isEqualTo(org.hl7.fhir.r4.model.CarePlan.CarePlanStatus.ACTIVE);
    assertThat(plan.getIntent()).isEqualTo(org.hl7.fhir.r4.model.CarePlan.CarePlanIntent.PLAN);
    assertThat(plan.getSubject().getReference()).isEqualTo("Patient/pat-1");
    assertThat(plan.getPeriod().getStartElement().getValueAsString()).isEqualTo("2026-11-24");
    assertThat(plan.getInstantiatesCanonical()).extracting(c -> c.getValue())
        .containsExactly("https://care.thoracic/fhir/PlanDefinition/thoracic-v1|2026.12");
    assertThat(plan.getActivity()).extracting(a -> a.getDetail().getCode().getText())
        .containsExactly("Diaphragmatic breathing", "Hook-lying thoracic rotation", "Prone scapular setting");
    var breathing = plan.getActivityFirstRep().getDetail();
    assertThat(breathing.getScheduledTiming().getRepeat().getFrequency()).isEqualTo(2);
    assertThat(breathing.getScheduledTiming().getRepeat().getPeriodUnit().toCode()).isEqualTo("d");
    assertThat(breathing.getDescription()).endsWith("Dose: 3 sets of 10 reps, twice daily.");
    Goal goal = (Goal) plan.getContained().getFirst();
    assertThat(plan.getGoalFirstRep().getReference()).isEqualTo("#pain-goal");
    assertThat(goal.getTargetFirstRep().getMeasure().getCodingFirstRep().getCode()).isEqualTo("72514-3");
    // baseline 6: at least 2 points and 30% lower is 4 (6 × 0.7 = 4.2, floor 4; 6 − 2 = 4)
    assertThat(goal.getTargetFirstRep().getDetailQuantity().getValue().intValue()).isEqualTo(4);
  }

  @Test
  void every_phase_and_variant_and_status_maps_to_a_valid_care_plan() {
    for (PlanVariant variant : PlanVariant.values()) {
      for (Phase phase : Phase.values()) {
        CarePlan.Active active = active(variant, phase);
        assertThat(errors(FhirCarePlans.of(active, PROTOCOL, STARTED))).as(variant + " " + phase).isEmpty();
        var suspended = FhirCarePlans.of(new CarePlan.Suspended(active, List.of()), PROTOCOL, STARTED);
        assertThat(errors(suspended)).isEmpty();
        assertThat(suspended.getStatus()).isEqualTo(org.hl7.fhir.r4.model.CarePlan.CarePlanStatus.ONHOLD);
      }
    }
    CarePlan.Active active = active(PlanVariant.STRUCTURAL, Phase.MOBILITY);
    assertThat(FhirCarePlans.of(active, PROTOCOL, STARTED).getActivity())
        .extracting(a -> a.getDetail().getCode().getText()).doesNotContain("Foam-roller thoracic extension");
    var draft = FhirCarePlans.of(new CarePlan.AwaitingApproval(active.facts(), null, null, List.of(), List.of()), PROTOCOL, STARTED);
    assertThat(draft.getStatus()).isEqualTo(org.hl7.fhir.r4.model.CarePlan.CarePlanStatus.DRAFT);
    assertThat(errors(draft)).isEmpty();
  }

  @Test
  void the_validator_does_reject_a_care_plan_that_breaks_r4() {
    var broken = FhirCarePlans.of(active(PlanVariant.STANDARD, Phase.FOUNDATION), PROTOCOL, STARTED);
    broken.setStatus(null); // required by R4
    broken.getActivityFirstRep().getDetail().setStatus(null); // required too
    assertThat(errors(broken)).extracting(SingleValidationMessage::getLocationString)
        .anyMatch(location -> location.equals("CarePlan")).anyMatch(location -> location.contains("detail"));
  }
}
