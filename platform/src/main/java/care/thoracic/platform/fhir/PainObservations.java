package care.thoracic.platform.fhir;

import care.thoracic.contracts.PatientId;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;

/**
 * A logged session's pain scores as FHIR R4 Observations (LOINC 72514-3, 0-10): one before the
 * session and one after it, each identified by the session so a receiver can de-duplicate.
 * {@link #BASE} is the base of every fullUrl the platform's FHIR answers carry.
 */
public final class PainObservations {
  /** Where the platform's FHIR resources live: the base of every fullUrl it writes. */
  public static final String BASE = "https://care.thoracic/fhir/";
  public static final String LOINC = "http://loinc.org";
  public static final String PAIN_SCORE = "72514-3";
  public static final String PAIN_SCORE_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported";
  private static final String SESSION_IDS = BASE + "session";
  private static final String CATEGORIES = "http://terminology.hl7.org/CodeSystem/observation-category";

  private PainObservations() {}

  /** The session's two Observations, before then after. */
  public static List<Observation> of(PatientId patient, UUID planId, UUID sessionId, LocalDate performedOn,
      int painBefore, int painAfter) {
    return List.of(observation(patient, planId, sessionId, performedOn, "before", painBefore),
        observation(patient, planId, sessionId, performedOn, "after", painAfter));
  }

  private static Observation observation(PatientId patient, UUID planId, UUID sessionId, LocalDate performedOn,
      String when, int pain) {
    Observation observation = new Observation();
    // the app picks session ids, unique within a plan: the plan is part of the resource's id
    observation.setId(UUID.nameUUIDFromBytes((planId + "/" + sessionId).getBytes(StandardCharsets.UTF_8)) + "-" + when);
    observation.addIdentifier(new Identifier().setSystem(SESSION_IDS).setValue(sessionId + "/" + when));
    observation.setStatus(Observation.ObservationStatus.FINAL);
    observation.addCategory(new CodeableConcept().addCoding(new Coding(CATEGORIES, "survey", "Survey")));
    observation.setCode(new CodeableConcept()
        .addCoding(new Coding(LOINC, PAIN_SCORE, PAIN_SCORE_DISPLAY))
        .setText("Pain " + when + " the session"));
    observation.setSubject(FhirPatients.reference(patient));
    observation.setEffective(new DateTimeType(performedOn.toString()));
    observation.setValue(new IntegerType(pain));
    observation.addNote().setText("Reported " + when + " the exercise session of " + performedOn
        + " (plan " + planId + ").");
    return observation;
  }
}
