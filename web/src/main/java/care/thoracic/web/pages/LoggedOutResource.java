package care.thoracic.web.pages;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Where Keycloak sends a person back after logging out: this application's session cookie is gone. */
@Path("/logged-out")
public class LoggedOutResource {
  @CheckedTemplate(basePath = "failure")
  static class Templates {
    static native TemplateInstance loggedOut();
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  public TemplateInstance loggedOut() {
    return Templates.loggedOut();
  }
}
