package care.thoracic.platform.time;

import care.thoracic.contracts.Roles;
import care.thoracic.eventsourcing.config.CareConfig;
import care.thoracic.eventsourcing.time.AdjustableClock;
import care.thoracic.platform.problem.InvalidInputException;
import io.quarkus.security.ForbiddenException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Shows the service clock, and moves it where {@code care.clock.adjustable=true}. Operators only. */
@Path("/admin/clock")
@Tag(name = "admin")
@RolesAllowed(Roles.OPS)
@Produces(MediaType.APPLICATION_JSON)
public class ClockResource {
  static final Duration LONGEST_OFFSET = Duration.ofDays(3650);

  @Inject AdjustableClock clock;
  @Inject CareConfig config;

  public record ClockView(Instant now, String offset, boolean adjustable) {}

  /** @param offset ISO-8601 duration added to real time, e.g. {@code P3D} or {@code PT36H}; 0 or more */
  public record ClockChange(@NotNull String offset) {}

  @GET
  @Operation(summary = "The service's current time and offset")
  public ClockView get() {
    return view();
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Set the offset of the service clock (dev and test only)")
  public ClockView set(@NotNull @Valid ClockChange change) {
    if (!config.clock().adjustable()) {
      throw new ForbiddenException("the clock of this service is not adjustable (care.clock.adjustable=false)");
    }
    Duration offset;
    try {
      offset = Duration.parse(change.offset());
    } catch (DateTimeParseException e) {
      throw new InvalidInputException("offset", "must be an ISO-8601 duration such as P3D or PT36H");
    }
    if (offset.isNegative() || offset.compareTo(LONGEST_OFFSET) > 0) {
      throw new InvalidInputException("offset", "must be between PT0S and P3650D");
    }
    clock.setOffset(offset);
    return view();
  }

  private ClockView view() {
    return new ClockView(clock.instant(), clock.offset().toString(), config.clock().adjustable());
  }
}
