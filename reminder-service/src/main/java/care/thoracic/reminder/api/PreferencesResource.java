package care.thoracic.reminder.api;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Roles;
import care.thoracic.contracts.clinical.Channel;
import care.thoracic.platform.problem.Problem;
import care.thoracic.platform.tenancy.Caller;
import care.thoracic.platform.tenancy.CurrentCaller;
import care.thoracic.reminder.delivery.WebhookSigningSecrets;
import care.thoracic.reminder.delivery.WebhookTargets;
import care.thoracic.reminder.domain.ReminderRules;
import care.thoracic.reminder.domain.ReminderSchedule;
import care.thoracic.reminder.jobs.ReminderPlanner;
import care.thoracic.reminder.store.ClinicQuietHours;
import care.thoracic.reminder.store.PreferencesStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.time.LocalTime;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** When and how a patient is reminded; the patient or their clinic's staff may change it. */
@Path("/patients/{patientId}/reminder-preferences")
@Tag(name = "reminders")
@RolesAllowed({Roles.PATIENT, Roles.CLINICIAN, Roles.CLINIC_ADMIN})
@Produces(MediaType.APPLICATION_JSON)
public class PreferencesResource {
  @Inject CurrentCaller currentCaller;
  @Inject WebhookTargets webhookTargets;
  @Inject WebhookSigningSecrets webhookSecrets;
  @Inject PreferencesStore preferences;
  @Inject ReminderPlanner planner;
  @Inject ReminderSchedule schedule;
  @Inject ClinicQuietHours clinicQuietHours;

  /** The preferences in effect, defaults filled in. */
  public record PreferencesView(LocalTime exerciseAt, LocalTime quietFrom, LocalTime quietUntil,
      @Schema(description = "Whether the patient chose these quiet hours; false: the clinic's (or the platform's), "
          + "which follow the clinic's setting as it changes") boolean quietHoursChosen,
      @Nullable String timezone, Channel channel, @Nullable URI webhookUrl) {
    static PreferencesView of(PreferencesStore.Stored stored, ReminderRules rules, ClinicQuietHours.Setting clinic) {
      var chosen = stored.schedule().orClinicQuietHours(clinic.chosen());
      var quiet = chosen.quietHours() == null ? rules.defaultQuietHours() : chosen.quietHours();
      return new PreferencesView(chosen.exerciseAt() == null ? rules.defaultExerciseAt() : chosen.exerciseAt(),
          quiet.start(), quiet.end(), stored.schedule().quietHours() != null,
          chosen.timezone() == null ? null : chosen.timezone().getId(), stored.channel(), stored.webhookUrl());
    }
  }

  @GET
  @Operation(summary = "The patient's reminder preferences", description = "Defaults (18:00, the clinic's quiet "
      + "hours or else 22:00-07:00, the plan's zone, inbox) until changed.")
  public PreferencesView get(@PathParam("patientId") @Pattern(regexp = PatientId.REGEX) String patientId) {
    Caller caller = currentCaller.seeing(PatientId.of(patientId));
    return PreferencesView.of(preferences.of(caller.tenant(), PatientId.of(patientId)), schedule.rules(),
        clinicQuietHours.of(caller.tenant()));
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Change the patient's reminder preferences", description = "Replaces them; the patient's "
      + "pending reminders are planned again at once.")
  @APIResponse(responseCode = "200", description = "Saved; the preferences in effect")
  @APIResponse(responseCode = "400", description = "Invalid preferences (a webhook outside the platform, which must "
      + "resolve; WEBHOOK only once the clinic has a webhook secret); nothing changed",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  @APIResponse(responseCode = "404", description = "Another patient (for a patient)",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
  public PreferencesView put(@PathParam("patientId") @Pattern(regexp = PatientId.REGEX) String patientId, @NotNull @Valid PreferencesInput input) {
    PatientId patient = PatientId.of(patientId);
    Caller caller = currentCaller.seeing(patient);
    PreferencesStore.Stored chosen = input.toPreferences(webhookTargets,
        webhookSecrets.of(caller.tenant()).isPresent());
    preferences.save(caller.tenant(), patient, chosen);
    planner.replanPatient(caller.tenant(), patient);
    return PreferencesView.of(chosen, schedule.rules(), clinicQuietHours.of(caller.tenant()));
  }
}
