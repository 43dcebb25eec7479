package care.thoracic.plan.api;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.AccessAction;
import care.thoracic.plan.store.AccessLog;
import care.thoracic.platform.fhir.FhirPatients;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * Access-log entries as FHIR R4 AuditEvents, shaped after IHE Basic Audit Log Patterns (BALP): type
 * {@code rest} with the RESTful interaction as subtype, the user (requestor) and the answering
 * service as agents, the service as source, the patient as the entity of role Patient. The
 * endpoint and the correlation id are entity details; nothing else about the data is in them.
 */
final class FhirAuditEvents {
  static final String SUBJECT_SYSTEM = "https://care.thoracic/fhir/sid/subject";
  static final String SERVICE_SYSTEM = "https://care.thoracic/fhir/sid/service";
  static final String CLINIC_SYSTEM = "https://care.thoracic/fhir/sid/clinic";
  private static final String EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
  private static final String INTERACTION = "http://hl7.org/fhir/restful-interaction";
  private static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
  private static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
  private static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
  private static final String PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
  private static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";

  private FhirAuditEvents() {}

  static Bundle bundle(List<AccessLog.Entry> entries, long total, Tenant clinic, Date now) {
    Bundle bundle = new Bundle();
    bundle.setType(Bundle.BundleType.SEARCHSET);
    bundle.setTotal((int) Math.min(total, Integer.MAX_VALUE));
    bundle.setTimestamp(now);
    for (AccessLog.Entry entry : entries) {
      AuditEvent event = of(entry, clinic);
      bundle.addEntry().setFullUrl("urn:uuid:" + entry.accessId()).setResource(event)
          .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
    }
    return bundle;
  }

  static AuditEvent of(AccessLog.Entry entry, Tenant clinic) {
    AuditEvent event = new AuditEvent();
    event.setId(entry.accessId().toString());
    event.setType(new Coding(EVENT_TYPE, "rest", "Restful Operation"));
    event.addSubtype(interaction(entry.action()));
    event.setAction(AuditEventAction.fromCode(entry.action().fhirCode()));
    event.setRecorded(entry.accessedAt());
    event.setOutcome(AuditEventOutcome.fromCode(entry.outcome().fhirCode()));
    event.setOutcomeDesc(entry.outcome().name().toLowerCase(Locale.ROOT) + " (HTTP " + entry.status() + ")");

    AuditEvent.AuditEventAgentComponent user = event.addAgent();
    user.setType(new CodeableConcept(new Coding(PARTICIPATION, "IRCP", "information recipient")));
    entry.roles().forEach(role -> user.addRole().setText(role));
    user.setWho(new Reference().setIdentifier(new Identifier().setSystem(SUBJECT_SYSTEM).setValue(entry.subject())));
    user.setRequestor(true);

    AuditEvent.AuditEventAgentComponent service = event.addAgent();
    service.setType(new CodeableConcept(new Coding(DCM, "110153", "Source Role ID")));
    service.setWho(new Reference().setIdentifier(new Identifier().setSystem(SERVICE_SYSTEM).setValue(entry.service())));
    service.setRequestor(false);

    event.getSource().setSite(clinic.id())
        .setObserver(new Reference().setIdentifier(new Identifier().setSystem(SERVICE_SYSTEM).setValue(entry.service())))
        .addType(new Coding(SOURCE_TYPE, "4", "Application Server"));

    AuditEvent.AuditEventEntityComponent patient = event.addEntity();
    patient.setWhat(FhirPatients.reference(PatientId.of(entry.patientId())));
    patient.setType(new Coding(ENTITY_TYPE, "1", "Person"));
    patient.setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
    patient.addDetail().setType("endpoint").setValue(new StringType(entry.resource()));
    patient.addDetail().setType("correlation-id").setValue(new StringType(entry.correlationId()));
    if (entry.viaTicket()) {
      patient.addDetail().setType("via-stream-ticket").setValue(new StringType("true"));
    }
    return event;
  }

  private static Coding interaction(AccessAction action) {
    return switch (action) {
      case READ, STREAM -> new Coding(INTERACTION, "read", "read");
      case LIST -> new Coding(INTERACTION, "search-type", "search-type");
      case CREATE -> new Coding(INTERACTION, "create", "create");
      case UPDATE -> new Coding(INTERACTION, "update", "update");
      case DELETE -> new Coding(INTERACTION, "delete", "delete");
    };
  }
}
