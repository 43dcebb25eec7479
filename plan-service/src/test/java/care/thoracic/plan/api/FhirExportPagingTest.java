package care.thoracic.plan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.NotFoundException;
import java.util.Date;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** A large export is handed out in pages: each opens with the Patient, in the whole export's order. */
class FhirExportPagingTest {
  private static final String URL = "https://care.example/patients/pat-1/export?asOf=2026-12-01T09:15:30Z&page=";
  private static final IntFunction<String> PAGE = n -> URL + n;

  private static Bundle exportOf(int observations) {
    Bundle whole = new Bundle();
    whole.setType(Bundle.BundleType.COLLECTION);
    whole.setTimestamp(new Date(0));
    whole.addEntry().setResource(new Patient().setId("pat-1"));
    IntStream.rangeClosed(1, observations).forEach(n -> whole.addEntry().setResource(new Observation().setId("o" + n)));
    return whole;
  }

  private static List<String> ids(FhirExport.Page page) {
    return page.bundle().getEntry().stream().map(Bundle.BundleEntryComponent::getResource).map(Resource::getIdPart)
        .toList();
  }

  @Test
  void seven_entries_in_pages_of_three_make_three_pages_each_opening_with_the_patient() {
    Bundle whole = exportOf(7);

    FhirExport.Page first = FhirExport.page(whole, 1, 3, PAGE);
    assertThat(ids(first)).containsExactly("pat-1", "o1", "o2", "o3");
    assertThat(first.pages()).isEqualTo(3);
    assertThat(first.bundle().getType()).isEqualTo(Bundle.BundleType.COLLECTION);
    assertThat(first.bundle().getLink()).singleElement().satisfies(link -> {
      assertThat(link.getRelation()).isEqualTo("self"); // FHIR keeps next and the others for search sets
      assertThat(link.getUrl()).isEqualTo(URL + "1");
    });
    assertThat(ids(FhirExport.page(whole, 2, 3, PAGE))).containsExactly("pat-1", "o4", "o5", "o6");
    assertThat(ids(FhirExport.page(whole, 3, 3, PAGE))).containsExactly("pat-1", "o7");

    assertThatThrownBy(() -> FhirExport.page(whole, 4, 3, PAGE)).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("3 page(s)");
  }

  @Test
  void an_export_that_fits_is_one_page_and_a_patient_alone_is_one_too() {
    FhirExport.Page only = FhirExport.page(exportOf(3), 1, 3, PAGE);
    assertThat(ids(only)).containsExactly("pat-1", "o1", "o2", "o3");
    assertThat(only.pages()).isEqualTo(1);
    assertThat(ids(FhirExport.page(exportOf(0), 1, 3, PAGE))).containsExactly("pat-1");
  }
}
