package care.thoracic.plan.api;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import care.thoracic.contracts.clinical.Channel;
import care.thoracic.contracts.clinical.ReminderKind;
import care.thoracic.contracts.events.ProgressAssessed;
import care.thoracic.contracts.events.RedFlagRaised;
import care.thoracic.contracts.events.ReminderFailed;
import care.thoracic.contracts.events.ReminderSent;
import care.thoracic.contracts.events.SessionLogged;
import care.thoracic.contracts.events.TriageCompleted;
import care.thoracic.plan.store.PatientRecords;
import care.thoracic.platform.fhir.FhirPatients;
import care.thoracic.platform.fhir.PainObservations;
import jakarta.ws.rs.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ClinicalImpression;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
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
  private static final String ASSESSMENT_IDS = PainObservations.BASE + "assessment";
  private static final String UCUM = "http://unitsofmeasure.org";
  private static final String RED_FLAG_CODES = PainObservations.BASE + "CodeSystem/red-flag";
  private static final String FLAG_CATEGORIES = "http://terminology.hl7.org/CodeSystem/flag-category";
  private static final String COMMUNICATION_CATEGORIES = "http://terminology.hl7.org/CodeSystem/communication-category";

  /** One version of a plan: the CarePlan as it stood after the plan's event number {@code version}. */
  record PlanVersion(org.hl7.fhir.r4.model.CarePlan carePlan, long version, Date at) {}

  private FhirExport() {}

  /**
   * The whole export as it stood at {@code asOf}: the caller passes only what was recorded by then.
   * Its identifier is the same for every export of this patient as of that instant, so the pages of
   * one export say they belong together.
   */
  static Bundle of(Tenant clinic, PatientId patient, List<PlanVersion> plans, PatientRecords.Record record,
      Map<UUID, Date> resolvedFlags, Date asOf) {
    Bundle bundle = new Bundle();
    bundle.setType(Bundle.BundleType.COLLECTION);
    bundle.setIdentifier(new Identifier().setSystem(EXPORT_IDS).setValue(UUID.nameUUIDFromBytes(
        (clinic.id() + "|" + patient.value() + "|" + asOf.toInstant()).getBytes(StandardCharsets.UTF_8)).toString()));
    bundle.setTimestamp(asOf);
    add(bundle, patient(clinic, patient));
    List<PatientRecords.Recorded> records = record.events();
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
    Set<String> reminders = new HashSet<>(); // a reminder recorded twice (fired again after a lease ran out) is one
    for (PatientRecords.Recorded recorded : records) {
      switch (recorded.event()) {
        case SessionLogged session -> sessionObservations(patient, session).forEach(o -> add(bundle, o));
        case ProgressAssessed assessed -> add(bundle, assessment(assessed, recorded));
        case RedFlagRaised flag -> add(bundle, flag(flag, recorded, resolvedFlags.get(flag.flagId())));
        case ReminderSent sent -> {
          if (reminders.add(sent.reminderId() + "-" + sent.attempt())) {
            add(bundle, communication(sent));
          }
        }
        case ReminderFailed failed -> {
          if (reminders.add(failed.reminderId() + "-failed")) {
            add(bundle, failedCommunication(failed));
          }
        }
        default -> { }
      }
    }
    if (record.unreadable() > 0) {
      OperationOutcome left = new OperationOutcome();
      left.setId("unreadable-records");
      left.addIssue().setSeverity(OperationOutcome.IssueSeverity.WARNING).setCode(OperationOutcome.IssueType.INCOMPLETE)
          .setDiagnostics(record.unreadable() + " recorded event(s) about the patient could not be read and are left "
              + "out of this export; the clinic's operators have them in the service's log.");
      add(bundle, left);
    }
    return bundle;
  }

  /** One page of an export, and how many pages the export has. */
  record Page(Bundle bundle, int pages) {}

  /**
   * Page {@code page} (from 1) of {@code whole}: the Patient, then up to {@code size} of the other
   * entries in the whole export's order, so each page stands alone and a large record is fetched in
   * bounded answers. The Bundle links only to itself ({@code pageUrl} of the page): FHIR keeps
   * first, previous, next and last for search sets, so the pages around it are HTTP Link headers.
   *
   * @throws NotFoundException for a page past the last
   */
  static Page page(Bundle whole, int page, int size, IntFunction<String> pageUrl) {
    List<Bundle.BundleEntryComponent> entries = whole.getEntry();
    int others = entries.size() - 1; // the Patient opens every page
    int pages = Math.max(1, (others + size - 1) / size);
    if (page > pages) {
      throw new NotFoundException("the export has " + pages + " page(s), not " + page);
    }
    Bundle handed = new Bundle();
    handed.setType(whole.getType());
    handed.setIdentifier(whole.getIdentifier());
    handed.setTimestamp(whole.getTimestamp());
    handed.addEntry(entries.getFirst());
    int from = 1 + (page - 1) * size;
    entries.subList(from, Math.min(entries.size(), from + size)).forEach(handed::addEntry);
    handed.addLink().setRelation("self").setUrl(pageUrl.apply(page));
    return new Page(handed, pages);
  }

  /** The session's pain before and after, the second with what else the patient logged. */
  private static List<Observation> sessionObservations(PatientId patient, SessionLogged session) {
    List<Observation> pair = PainObservations.of(patient, session.planId(), session.sessionId(),
        session.performedOn(), session.painBefore(), session.painAfter());
    Observation after = pair.getLast();
    session.exercises().forEach(done -> after.addNote().setText("Exercise " + done.exerciseId() + ": " + done.sets()
        + " sets of " + (done.reps() != null ? done.reps() + " reps" : done.holdSeconds() + " s holds")
        + (done.side() == null ? "" : " (" + FhirIntake.display(done.side()).toLowerCase(Locale.ROOT) + ")") + "."));
    if (!session.symptoms().isEmpty()) {
      after.addNote().setText("Symptoms: " + session.symptoms().stream().map(FhirIntake::display)
          .collect(Collectors.joining(", ")) + ".");
    }
    if (session.note() != null && !session.note().isBlank()) {
      after.addNote().setText("The patient's note: " + session.note());
    }
    return pair;
  }

  /** The 4-weekly assessment (CLINICAL §5): the 7-day mean pain, with the outcome and its reasons. */
  private static Observation assessment(ProgressAssessed assessed, PatientRecords.Recorded recorded) {
    Observation observation = new Observation();
    observation.setId(assessed.assessmentId().toString());
    observation.addIdentifier().setSystem(ASSESSMENT_IDS).setValue(assessed.assessmentId().toString());
    observation.setStatus(Observation.ObservationStatus.FINAL);
    observation.setCode(new CodeableConcept()
        .addCoding(new Coding(PainObservations.LOINC, PainObservations.PAIN_SCORE, PainObservations.PAIN_SCORE_DISPLAY))
        .setText("Mean pain of the last 7 days, at the week-" + assessed.planWeek() + " progress assessment"));
    observation.setSubject(FhirPatients.reference(assessed.patientId()));
    observation.setEffective(new DateTimeType(Date.from(recorded.occurredAt())));
    if (assessed.meanPain7d() != null) {
      observation.setValue(new Quantity().setValue(assessed.meanPain7d()).setSystem(UCUM).setCode("{score}")
          .setUnit("{score}"));
    } else {
      observation.setDataAbsentReason(new CodeableConcept().setText("No session was logged in the last 7 days"));
    }
    observation.addInterpretation(new CodeableConcept().setText(FhirIntake.display(assessed.outcome())));
    observation.addNote().setText("Baseline " + assessed.baselinePain() + "; adherence "
        + Math.round(assessed.adherence() * 100) + "% of days with a session"
        + (assessed.significantImprovement() ? "; a significant improvement." : "."));
    assessed.reasons().forEach(reason -> observation.addNote().setText(reason));
    return observation;
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

  private static Flag flag(RedFlagRaised raised, PatientRecords.Recorded recorded, Date resolvedAt) {
    Flag flag = new Flag();
    flag.setId(raised.flagId().toString());
    flag.addIdentifier().setSystem(FLAG_IDS).setValue(raised.flagId().toString());
    // resolved when a clinician resumed the plan it suspended
    flag.setStatus(resolvedAt == null ? Flag.FlagStatus.ACTIVE : Flag.FlagStatus.INACTIVE);
    flag.addCategory(new CodeableConcept().addCoding(new Coding(FLAG_CATEGORIES, "clinical", "Clinical")));
    flag.setCode(new CodeableConcept()
        .addCoding(new Coding(RED_FLAG_CODES, raised.code().name(), FhirIntake.display(raised.code())))
        .setText(FhirIntake.display(raised.severity()) + ": " + FhirIntake.display(raised.code()).toLowerCase(Locale.ROOT)
            + " (" + FhirIntake.display(raised.recommendation()).toLowerCase(Locale.ROOT) + ")"
            + (raised.reasons().isEmpty() ? "" : ". " + String.join(" ", raised.reasons()))));
    flag.setSubject(FhirPatients.reference(raised.patientId()));
    flag.setPeriod(new Period().setStart(Date.from(recorded.occurredAt())).setEnd(resolvedAt));
    return flag;
  }

  private static Communication communication(ReminderSent sent) {
    Communication communication = reminder(sent.reminderId() + "-" + sent.attempt(), sent.planId(), sent.patientId(),
        sent.kind(), sent.channel());
    communication.addIdentifier().setSystem(REMINDER_IDS).setValue(sent.reminderId() + "/" + sent.attempt());
    communication.setStatus(Communication.CommunicationStatus.COMPLETED);
    communication.addRecipient(FhirPatients.reference(sent.patientId()));
    communication.setSent(Date.from(sent.sentAt()));
    return communication;
  }

  private static Communication failedCommunication(ReminderFailed failed) {
    Communication communication = reminder(failed.reminderId() + "-failed", failed.planId(), failed.patientId(),
        failed.kind(), failed.channel());
    communication.addIdentifier().setSystem(REMINDER_IDS).setValue(failed.reminderId().toString());
    communication.setStatus(Communication.CommunicationStatus.NOTDONE);
    communication.setStatusReason(new CodeableConcept().setText("Not delivered: all " + failed.attempts()
        + " attempts failed"));
    return communication;
  }

  private static Communication reminder(String id, UUID planId, PatientId patient, ReminderKind kind,
      Channel channel) {
    Communication communication = new Communication();
    communication.setId(id);
    // by identifier: the Bundle holds every version of the plan under one fullUrl, so a literal reference is ambiguous
    communication.addBasedOn(new Reference().setType("CarePlan")
        .setIdentifier(new Identifier().setSystem(FhirCarePlans.PLAN_IDS).setValue(planId.toString())));
    communication.addCategory(new CodeableConcept()
        .addCoding(new Coding(COMMUNICATION_CATEGORIES, "reminder", "Reminder")));
    communication.addMedium(new CodeableConcept().setText(medium(channel)));
    communication.setSubject(FhirPatients.reference(patient));
    communication.addPayload().setContent(new StringType(kind.title()));
    return communication;
  }

  private static String medium(Channel channel) {
    return switch (channel) {
      case INBOX -> "The app's inbox (and a push notification where the patient allowed them)";
      case WEBHOOK -> "The clinic's own messaging, through its webhook";
      case LOG -> "The platform's log, which the clinic forwards to its own system";
    };
  }
}
