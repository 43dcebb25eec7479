package care.thoracic.testkit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's validator against the R4 base profiles, for the services' FHIR tests. It needs
 * {@code hapi-fhir-validation}, {@code hapi-fhir-validation-resources-r4} and
 * {@code hapi-fhir-caching-caffeine} on the test class path. Building it takes seconds: keep one.
 */
public final class FhirValidation {
  private final FhirContext fhir;
  private final FhirValidator validator;

  public FhirValidation(FhirContext fhir) {
    this.fhir = fhir;
    ValidationSupportChain support = new ValidationSupportChain(new DefaultProfileValidationSupport(fhir),
        new SnapshotGeneratingValidationSupport(fhir), new InMemoryTerminologyServerValidationSupport(fhir),
        new CommonCodeSystemsTerminologyService(fhir));
    this.validator = fhir.newValidator().registerValidatorModule(new FhirInstanceValidator(support));
  }

  /** The errors (and fatal errors) the validator finds in the resource as its JSON. */
  public List<SingleValidationMessage> errors(IBaseResource resource) {
    return errors(fhir.newJsonParser().encodeResourceToString(resource));
  }

  public List<SingleValidationMessage> errors(String json) {
    return validator.validateWithResult(json).getMessages().stream()
        .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()).toList();
  }
}
