package care.thoracic.plan.api;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Channel;
import care.thoracic.contracts.events.RedFlagRaised;
import care.thoracic.contracts.events.ReminderSent;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.contracts.events.TriageCompleted;
import care.thoracic.plan.store.PatientRecords;
import care.thoracic.platform.fhir.FhirPatients;
import care.thoracic.platform.fhir.PainObservations;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ClinicalImpression;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

/**
 * Everything the platform holds about a patient as one FHIR R4 Bundle (a collection): the patient,
 * the intake questionnaire and each intake as a response to it with its triage as a
 * ClinicalImpression, every version of every plan as a CarePlan, the pain scores of each logged
 * session as Observations, red flags as Flags, and the reminders sent as Communications.
 */
final class FhirExport {
  private static final String PATIENT_IDS = PainObservations.BASE + "sid/patient";
  private static final String EXPORT_IDS = PainObservations.BASE + "export";
  private static final String FLAG_IDS = PainObservations.BASE + "red-flag";
  private static final String REMINDER_IDS = PainObservations.BASE + "reminder";
  private static final String RED_FLAG_CODES = PainObservations.BASE + "CodeSystem/red-flag";
  private static final String FLAG_CATEGORIES = "http://terminology.hl7.org/CodeSystem/flag-category";
  private static final String COMMUNICATION_CATEGORIES = "http://terminology.hl7.org/CodeSystem/communication-category";

  /** One version of a plan: the CarePlan as it stood after the plan's event number {@code version}. */
  record PlanVersion(org.hl7.fhir.r4.model.CarePlan carePlan, long version, Date at) {}

  private FhirExport() {}

  static Bundle of(Tenant clinic, PatientId patient, List<PlanVersion> plans, List<PatientRecords.Recorded> records,
      Date now) {
    Bundle bundle = new Bundle();
    bundle.setType(Bundle.BundleType.COLLECTION);
    bundle.setIdentifier(new Identifier().setSystem(EXPORT_IDS).setValue(UUID.randomUUID().toString()));
    bundle.setTimestamp(now);
    add(bundle, patient(clinic, patient));
    boolean triaged = records.stream().anyMatch(recorded -> recorded.event() instanceof TriageCompleted);
    if (triaged) {
      add(bundle, FhirIntake.questionnaire());
    }
    for (PatientRecords.Recorded recorded : records) {
      if (recorded.event() instanceof TriageCompleted triage) {
        add(bundle, FhirIntake.response(triage.triageId(), patient, recorded.occurredAt(), triage.intake()));
        add(bundle, triageOutcome(triage, recorded));
      }
    }
    for (PlanVersion version : plans) {
      version.carePlan().getMeta().setVersionId(Long.toString(version.version())).setLastUpdated(version.at());
      add(bundle, version.carePlan());
    }
    for (PatientRecords.Recorded recorded : records) {
      switch (recorded.event()) {
        case SessionLogged session -> PainObservations.of(patient, session.planId(), session.sessionId(),
            session.performedOn(), session.painBefore(), session.painAfter()).forEach(o -> add(bundle, o));
        case RedFlagRaised flag -> add(bundle, flag(flag, recorded));
        case ReminderSent reminder -> add(bundle, communication(reminder, recorded));
        default -> { }
      }
    }
    return bundle;
  }

  private static void add(Bundle bundle, Resource resource) {
    bundle.addEntry().setFullUrl(PainObservations.BASE + resource.fhirType() + "/" + resource.getIdPart())
        .setResource(resource);
  }

  private static Patient patient(Tenant clinic, PatientId id) {
    Patient patient = new Patient();
    patient.setId(FhirPatients.id(id));
    patient.addIdentifier().setSystem(PATIENT_IDS + "/" + clinic.id()).setValue(id.value());
    patient.setActive(true);
    return patient;
  }

  private static ClinicalImpression triageOutcome(TriageCompleted triage, PatientRecords.Recorded recorded) {
    ClinicalImpression impression = new ClinicalImpression();
    impression.setId("triage-" + triage.triageId());
    impression.setStatus(ClinicalImpression.ClinicalImpressionStatus.COMPLETED);
    impression.setCode(new CodeableConcept().setText("Mid-back pain triage (rules " + triage.rulesVersion() + ")"));
    impression.setSubject(FhirPatients.reference(triage.patientId()));
    impression.setEffective(new DateTimeType(Date.from(recorded.occurredAt())));
    impression.setDate(Date.from(recorded.occurredAt()));
    impression.addSupportingInfo(new Reference("QuestionnaireResponse/" + triage.triageId()));
    String suspected = triage.suspectedConditions().isEmpty() ? "none"
        : triage.suspectedConditions().stream().map(FhirIntake::display).collect(Collectors.joining(", "));
    impression.setSummary("Category: " + FhirIntake.display(triage.category()) + ". Disposition: "
        + FhirIntake.display(triage.disposition()) + ". Suspected: " + suspected + ".");
    triage.reasons().forEach(reason -> impression.addNote().setText(reason));
    return impression;
  }

  private static Flag flag(RedFlagRaised raised, PatientRecords.Recorded recorded) {
    Flag flag = new Flag();
    flag.setId(raised.flagId().toString());
    flag.addIdentifier().setSystem(FLAG_IDS).setValue(raised.flagId().toString());
    flag.setStatus(Flag.FlagStatus.ACTIVE);
    flag.addCategory(new CodeableConcept().addCoding(new Coding(FLAG_CATEGORIES, "clinical", "Clinical")));
    flag.setCode(new CodeableConcept()
        .addCoding(new Coding(RED_FLAG_CODES, raised.code().name(), FhirIntake.display(raised.code())))
        .setText(FhirIntake.display(raised.severity()) + ": " + FhirIntake.display(raised.code()).toLowerCase(Locale.ROOT)
            + " (" + FhirIntake.display(raised.recommendation()).toLowerCase(Locale.ROOT) + ")"));
    flag.setSubject(FhirPatients.reference(raised.patientId()));
    flag.setPeriod(new Period().setStart(Date.from(recorded.occurredAt())));
    return flag;
  }

  private static Communication communication(ReminderSent sent, PatientRecords.Recorded recorded) {
    Communication communication = new Communication();
    communication.setId(recorded.eventId().toString());
    communication.addIdentifier().setSystem(REMINDER_IDS).setValue(sent.reminderId() + "/" + sent.attempt());
    // by identifier: the Bundle holds every version of the plan under one fullUrl, so a literal reference is ambiguous
    communication.addBasedOn(new Reference().setType("CarePlan")
        .setIdentifier(new Identifier().setSystem(FhirCarePlans.PLAN_IDS).setValue(sent.planId().toString())));
    communication.setStatus(Communication.CommunicationStatus.COMPLETED);
    communication.addCategory(new CodeableConcept()
        .addCoding(new Coding(COMMUNICATION_CATEGORIES, "reminder", "Reminder")));
    communication.addMedium(new CodeableConcept().setText(medium(sent.channel())));
    communication.setSubject(FhirPatients.reference(sent.patientId()));
    communication.addRecipient(FhirPatients.reference(sent.patientId()));
    communication.setSent(Date.from(sent.sentAt()));
    communication.addPayload().setContent(new StringType(sent.kind().title()));
    return communication;
  }

  private static String medium(Channel channel) {
    return switch (channel) {
      case INBOX -> "The app's inbox (and a push notification where the patient allowed them)";
      case WEBHOOK -> "The clinic's own messaging, through its webhook";
      case LOG -> "Recorded only (no channel was set up)";
    };
  }
}
