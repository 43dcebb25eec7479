package care.thoracic.testkit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
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
    this(fhir, List.of());
  }

  /**
   * Also against the platform's own conformance resources (a Questionnaire, so that responses are
   * checked question by question against it).
   */
  public FhirValidation(FhirContext fhir, List<? extends IBaseResource> conformance) {
    this.fhir = fhir;
    ValidationSupportChain support = new ValidationSupportChain(new Canonicals(fhir, conformance),
        new DefaultProfileValidationSupport(fhir),
        new SnapshotGeneratingValidationSupport(fhir), new InMemoryTerminologyServerValidationSupport(fhir),
        new CommonCodeSystemsTerminologyService(fhir));
    this.validator = fhir.newValidator().registerValidatorModule(new FhirInstanceValidator(support));
  }

  /**
   * Resolves the platform's own canonical resources by url, or url|version (HAPI's pre-populated
   * support serves only code systems, value sets and profiles, never a Questionnaire).
   */
  private record Canonicals(FhirContext fhir, List<? extends IBaseResource> resources) implements IValidationSupport {
    @Override
    public FhirContext getFhirContext() {
      return fhir;
    }

    @Override
    public <T extends IBaseResource> T fetchResource(Class<T> type, String canonical) {
      if (type == null || canonical == null) {
        return null;
      }
      for (IBaseResource resource : resources) {
        String url = fhir.newTerser().getSinglePrimitiveValueOrNull(resource, "url");
        String version = fhir.newTerser().getSinglePrimitiveValueOrNull(resource, "version");
        if (type.isInstance(resource) && (canonical.equals(url) || canonical.equals(url + "|" + version))) {
          return type.cast(resource);
        }
      }
      return null;
    }
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
