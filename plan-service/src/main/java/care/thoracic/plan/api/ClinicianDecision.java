package care.thoracic.plan.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Every clinician command on a plan says why; the reason travels in the event and the timeline. */
public record ClinicianDecision(@NotBlank @Size(max = 1_000) String reason) {}
