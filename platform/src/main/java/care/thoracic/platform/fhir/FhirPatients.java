package care.thoracic.platform.fhir;

import care.thoracic.contracts.PatientId;
import org.hl7.fhir.r4.model.Reference;

/**
 * A patient as FHIR names them. A FHIR id allows letters, digits, '-' and '.', a patient id letters,
 * digits, '-' and '_': '_' becomes '.', which no patient id holds, so two patients never share a
 * FHIR id and the patient id reads back from it.
 */
public final class FhirPatients {
  private FhirPatients() {}

  /** The patient's FHIR resource id. */
  public static String id(PatientId patient) {
    return patient.value().replace('_', '.');
  }

  /** A reference to the patient: {@code Patient/<id>}. */
  public static Reference reference(PatientId patient) {
    return new Reference("Patient/" + id(patient));
  }
}
