package care.thoracic.web.pages;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** After logging in, a patient goes to the app and a clinician or clinic-admin to the console. */
@Path("/")
@Authenticated
public class HomeResource {
  @Inject
  SecurityIdentity identity;

  @GET
  public Response home() {
    if (identity.hasRole(Roles.CLINICIAN) || identity.hasRole(Roles.CLINIC_ADMIN)) {
      return Response.seeOther(URI.create("/console")).build();
    }
    if (identity.hasRole(Roles.PATIENT)) {
      return Response.seeOther(URI.create("/app")).build();
    }
    return Response.status(Response.Status.FORBIDDEN).entity(Failures.page(403,
        "This account is neither a patient's nor a clinic's.")).build();
  }
}
