package care.thoracic.plan.api;

import care.thoracic.contracts.clinical.RetriageDecision;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A clinician's decision on a re-triage, with the reason that travels in the event and the timeline. */
public record RetriageDecisionRequest(@NotNull RetriageDecision decision, @NotBlank @Size(max = 1_000) String reason) {}
