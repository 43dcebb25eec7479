package care.thoracic.web.console;

import care.thoracic.web.backend.PlanApi;
import care.thoracic.web.pages.Failures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Link;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A patient's whole export as one FHIR Bundle: plan-service hands it in pages (each opening with the
 * Patient, linked by {@code rel="next"}, all of one moment, {@code asOf}), which are joined here with
 * the Patient once. An export longer than {@link #MAX_PAGES} pages is refused rather than cut short:
 * a file handed to a patient must hold everything.
 */
final class PatientExport {
  static final int MAX_PAGES = 50;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The export is longer than this application joins in one file: a page says so, nothing is cut. */
  static final class TooLong extends WebApplicationException {
    TooLong() {
      super(Response.status(Response.Status.CONFLICT).type(MediaType.TEXT_HTML_TYPE).entity(Failures.page(409,
          "This patient's data is longer than " + MAX_PAGES + " export pages: the platform's operators export it "
              + "from plan-service directly (GET /patients/{id}/export, page by page).")).build());
    }
  }

  private PatientExport() {}

  static String whole(PlanApi plans, String patientId) {
    Response first = plans.export(patientId, 1, null);
    ObjectNode bundle = read(first);
    ArrayNode entries = bundle.withArray("entry");
    Optional<URI> next = next(first);
    for (int pages = 1; next.isPresent(); pages++) {
      if (pages >= MAX_PAGES) {
        throw new TooLong();
      }
      Response page = plans.export(patientId, pageOf(next.get()), asOfOf(next.get()));
      for (JsonNode entry : read(page).withArray("entry")) {
        if (!entry.path("resource").path("resourceType").asText().equals("Patient")) {
          entries.add(entry);
        }
      }
      next = next(page);
    }
    bundle.remove("link"); // the pages' links: the joined file is all of them
    return bundle.toString();
  }

  private static ObjectNode read(Response page) {
    try {
      return (ObjectNode) JSON.readTree(page.readEntity(String.class));
    } catch (IOException | ClassCastException e) {
      throw new ProcessingException("plan-service's export page is not a Bundle", e); // a service failing: 503
    }
  }

  private static Optional<URI> next(Response page) {
    return Optional.ofNullable(page.getLink("next")).map(Link::getUri);
  }

  private static int pageOf(URI link) {
    return Integer.parseInt(parameter(link, "page", "\\d{1,7}"));
  }

  private static String asOfOf(URI link) {
    return parameter(link, "asOf", "[0-9A-Za-z:.%+-]{1,64}");
  }

  private static String parameter(URI link, String name, String shape) {
    String query = link.getRawQuery() == null ? "" : link.getRawQuery();
    for (String pair : query.split("&")) {
      if (pair.startsWith(name + "=") && pair.substring(name.length() + 1).matches(shape)) {
        return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
      }
    }
    throw new ProcessingException("plan-service's next export page has no " + name);
  }
}
