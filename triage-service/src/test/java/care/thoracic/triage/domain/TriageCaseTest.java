package care.thoracic.triage.domain;

import static org.assertj.core.api.Assertions.assertThat;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.Disposition;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.FlagSource;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.RedFlagRaised;
import care.thoracic.contracts.events.TriageCompleted;
import care.thoracic.eventsourcing.testing.DeciderSpec;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TriageCaseTest {
  private static final UUID TRIAGE = UUID.fromString("6f1c2a9e-3b7d-4c1e-9a52-0d4e8b7f1a01");
  private static final PatientId PATIENT = PatientId.of("pat-1");
  private final DeciderSpec<TriageCase.Command, CareEvent, TriageCase.State> spec =
      DeciderSpec.of(new TriageCase(TriageRulesTest.RULES));

  @Test
  void a_mechanical_intake_completes_the_triage_with_no_flags() {
    spec.given()
        .when(new TriageCase.Complete(TRIAGE, PATIENT, Intakes.mechanical().build()))
        .then(events -> assertThat(events).singleElement().isInstanceOfSatisfying(TriageCompleted.class, completed -> {
          assertThat(completed.triageId()).isEqualTo(TRIAGE);
          assertThat(completed.patientId()).isEqualTo(PATIENT);
          assertThat(completed.disposition()).isEqualTo(Disposition.SELF_CARE);
          assertThat(completed.rulesVersion()).isEqualTo("triage-rules-2026.11");
          assertThat(completed.intake()).isEqualTo(Intakes.mechanical().build());
        }));
  }

  @Test
  void each_flag_is_raised_once_with_an_id_derived_from_the_triage() {
    var outcome = spec.given().when(new TriageCase.Complete(TRIAGE, PATIENT, Intakes.mechanical().trauma().chestPain().build()));
    outcome.then(events -> {
      assertThat(events).hasSize(3);
      assertThat(events.getFirst()).isInstanceOf(TriageCompleted.class);
      assertThat(events.subList(1, 3)).allSatisfy(e -> assertThat(e).isInstanceOfSatisfying(RedFlagRaised.class, flag -> {
        assertThat(flag.source()).isEqualTo(FlagSource.TRIAGE);
        assertThat(flag.triageId()).isEqualTo(TRIAGE);
        assertThat(flag.planId()).isNull();
        assertThat(flag.flagId()).isEqualTo(TriageCase.flagId(TRIAGE, flag.code()));
      }));
      assertThat(events.subList(1, 3)).extracting(e -> ((RedFlagRaised) e).code())
          .containsExactly(FlagCode.SIGNIFICANT_TRAUMA, FlagCode.CHEST_PAIN_OR_BREATHLESSNESS);
    });
    assertThat(outcome.state()).isInstanceOfSatisfying(TriageCase.Triaged.class,
        triaged -> assertThat(triaged.flags()).hasSize(2));
  }

  @Test
  void a_completed_triage_cannot_be_completed_again() {
    TriageCompleted done = (TriageCompleted) new TriageCase(TriageRulesTest.RULES)
        .decide(new TriageCase.Complete(TRIAGE, PATIENT, Intakes.mechanical().build()), new TriageCase.NotTriaged())
        .getFirst();
    spec.given(done).when(new TriageCase.Complete(TRIAGE, PATIENT, Intakes.mechanical().build()))
        .thenRejected("already complete");
  }
}
