package care.thoracic.plan.api;

import care.thoracic.contracts.Nullable;
import care.thoracic.contracts.events.ProtocolPinned;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The protocol version the clinic's new plans pin (none: the current one), and why. */
public record ProtocolSettingRequest(
    @Nullable @Size(max = 100)
    @Schema(description = "One of the known versions (GET answers them); absent or null: the platform's current one",
        example = "thoracic-v1@2026.12")
    String version,
    @NotBlank @Size(max = ProtocolPinned.MAX_REASON_LENGTH)
    @Schema(description = "Why: recorded with who chose it", example = "The December revision, after our review.")
    String reason) {}
