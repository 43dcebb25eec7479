package care.thoracic.progress.api;

import care.thoracic.platform.fhir.PainObservations;
import care.thoracic.progress.store.ProgressViews;
import java.util.Date;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;

/**
 * A plan's pain scores as a FHIR R4 Bundle of Observations: two per logged session, before and
 * after it ({@link PainObservations}).
 */
final class FhirObservations {
  private FhirObservations() {}

  static Bundle of(ProgressViews.PlanRecord plan, Date now) {
    Bundle bundle = new Bundle();
    bundle.setType(Bundle.BundleType.COLLECTION);
    bundle.setTimestamp(now);
    for (ProgressViews.Logged session : plan.sessions()) {
      for (Observation observation : PainObservations.of(plan.facts().patientId(), plan.facts().planId(),
          session.sessionId(), session.performedOn(), session.painBefore(), session.painAfter())) {
        bundle.addEntry().setFullUrl(PainObservations.BASE + "Observation/" + observation.getIdPart())
            .setResource(observation);
      }
    }
    return bundle;
  }
}
