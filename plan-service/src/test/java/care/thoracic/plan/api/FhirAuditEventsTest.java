package care.thoracic.plan.api;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.AccessAction;
import care.thoracic.contracts.clinical.AccessOutcome;
import care.thoracic.plan.store.AccessLog;
import care.thoracic.testkit.FhirValidation;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The access log as FHIR AuditEvents, checked against the R4 profiles by HAPI's validator. */
class FhirAuditEventsTest {
  private static final FhirContext FHIR = FhirContext.forR4();
  private static FhirValidation validation;

  @BeforeAll
  static void validator() {
    validation = new FhirValidation(FHIR);
  }

  private static AccessLog.Entry entry(AccessAction action, AccessOutcome outcome, int status, boolean viaTicket) {
    return new AccessLog.Entry(UUID.randomUUID(), "pat-1",
        Date.from(Instant.parse("2026-12-01T09:15:30.456Z")), "dr-ada", List.of("clinician"), "plan-service", action,
        "GET /plans/{planId}/history", outcome, status, "req-7f3c9a2e", viaTicket);
  }

  @Test
  void a_read_is_a_valid_r4_audit_event_in_the_basic_audit_log_pattern_shape() {
    AuditEvent event = FhirAuditEvents.of(entry(AccessAction.READ, AccessOutcome.SUCCESS, 200, false),
        Tenant.of("clinic-north"));

    assertThat(validation.errors(event)).isEmpty();
    assertThat(event.getType().getCode()).isEqualTo("rest");
    assertThat(event.getSubtypeFirstRep().getCode()).isEqualTo("read");
    assertThat(event.getAction()).isEqualTo(AuditEvent.AuditEventAction.R);
    assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
    assertThat(event.getRecorded()).isEqualTo(Date.from(Instant.parse("2026-12-01T09:15:30.456Z")));
    assertThat(event.getAgent()).hasSize(2);
    assertThat(event.getAgentFirstRep().getRequestor()).isTrue();
    assertThat(event.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo("dr-ada");
    assertThat(event.getAgent().get(1).getWho().getIdentifier().getValue()).isEqualTo("plan-service");
    assertThat(event.getSource().getSite()).isEqualTo("clinic-north");
    assertThat(event.getEntityFirstRep().getWhat().getReference()).isEqualTo("Patient/pat-1");
    assertThat(event.getEntityFirstRep().getRole().getCode()).isEqualTo("1");
    assertThat(event.getEntityFirstRep().getDetail()).extracting(d -> d.getType() + "=" + ((StringType) d.getValue()).getValue())
        .containsExactly("endpoint=GET /plans/{planId}/history", "correlation-id=req-7f3c9a2e");
  }

  @Test
  void every_action_and_outcome_validates_and_a_ticket_is_said() {
    for (AccessAction action : AccessAction.values()) {
      for (AccessOutcome outcome : AccessOutcome.values()) {
        int status = switch (outcome) {
          case SUCCESS -> 200;
          case DENIED -> 404;
          case REFUSED -> 409;
          case FAILED -> 503;
        };
        AuditEvent event = FhirAuditEvents.of(entry(action, outcome, status, true), Tenant.of("clinic-north"));
        assertThat(validation.errors(event)).as("%s %s", action, outcome).isEmpty();
        assertThat(event.getAction().toCode()).isEqualTo(action.fhirCode());
        assertThat(event.getOutcome().toCode()).isEqualTo(outcome.fhirCode());
        assertThat(event.getOutcomeDesc()).contains("HTTP " + status);
        assertThat(event.getEntityFirstRep().getDetail()).anyMatch(d -> d.getType().equals("via-stream-ticket"));
      }
    }
  }

  @Test
  void a_page_of_the_log_is_a_valid_searchset_bundle_with_the_total() {
    Bundle bundle = FhirAuditEvents.bundle(List.of(entry(AccessAction.LIST, AccessOutcome.SUCCESS, 200, false),
        entry(AccessAction.UPDATE, AccessOutcome.DENIED, 403, false)), 17, Tenant.of("clinic-north"), new Date());

    assertThat(validation.errors(bundle)).isEmpty();
    assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
    assertThat(bundle.getTotal()).isEqualTo(17);
    assertThat(bundle.getEntry()).hasSize(2).allMatch(e -> e.getResource() instanceof AuditEvent);
  }
}
