package care.thoracic.progress.api;

import care.thoracic.progress.store.ProgressViews;
import java.util.Date;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;

/**
 * A plan's pain scores as a FHIR R4 Bundle of Observations (LOINC 72514-3, 0-10): two per logged
 * session, before and after it, each identified by the session so a receiver can de-duplicate.
 */
final class FhirObservations {
  private static final String BASE = "https://care.thoracic/fhir/";
  private static final String LOINC = "http://loinc.org";
  private static final String PAIN_SCORE = "72514-3";
  private static final String SESSION_IDS = "https://care.thoracic/fhir/session";
  private static final String CATEGORIES = "http://terminology.hl7.org/CodeSystem/observation-category";

  private FhirObservations() {}

  static Bundle of(ProgressViews.PlanRecord plan, Date now) {
    Bundle bundle = new Bundle();
    bundle.setType(Bundle.BundleType.COLLECTION);
    bundle.setTimestamp(now);
    for (ProgressViews.Logged session : plan.sessions()) {
      for (Observation observation : new Observation[] {observation(plan, session, "before", session.painBefore()),
          observation(plan, session, "after", session.painAfter())}) {
        bundle.addEntry().setFullUrl(BASE + "Observation/" + observation.getIdPart()).setResource(observation);
      }
    }
    return bundle;
  }

  private static Observation observation(ProgressViews.PlanRecord plan, ProgressViews.Logged session, String when,
      int pain) {
    Observation observation = new Observation();
    observation.setId(session.sessionId() + "-" + when);
    observation.addIdentifier(new Identifier().setSystem(SESSION_IDS).setValue(session.sessionId() + "/" + when));
    observation.setStatus(Observation.ObservationStatus.FINAL);
    observation.addCategory(new CodeableConcept().addCoding(new Coding(CATEGORIES, "survey", "Survey")));
    observation.setCode(new CodeableConcept()
        .addCoding(new Coding(LOINC, PAIN_SCORE, "Pain severity - 0-10 verbal numeric rating [Score] - Reported"))
        .setText("Pain " + when + " the session"));
    observation.setSubject(new Reference("Patient/" + plan.facts().patientId().value()));
    observation.setEffective(new DateTimeType(session.performedOn().toString()));
    observation.setValue(new IntegerType(pain));
    observation.addNote().setText("Reported " + when + " the exercise session of " + session.performedOn()
        + " (plan " + plan.facts().planId() + ").");
    return observation;
  }
}
