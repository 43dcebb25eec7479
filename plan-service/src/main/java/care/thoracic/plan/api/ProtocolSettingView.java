package care.thoracic.plan.api;

import care.thoracic.contracts.Nullable;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Which protocol version the clinic's new plans get, what it could choose, and who chose, when and why. */
@Schema(examples = "{\"inForce\": \"thoracic-v1@2026.11\", \"pinned\": \"thoracic-v1@2026.11\", \"current\": "
    + "\"thoracic-v1@2026.12\", \"available\": [\"thoracic-v1@2026.11\", \"thoracic-v1@2026.12\"], \"setBy\": "
    + "\"admin-1\", \"setAt\": \"2026-12-01T09:15:30Z\", \"reason\": \"Stay on November's until our review.\"}")
public record ProtocolSettingView(
    @Schema(description = "The version new plans get now") String inForce,
    @Nullable @Schema(description = "The version the clinic chose; null: it follows the current one") String pinned,
    String current,
    List<String> available,
    @Nullable String setBy,
    @Nullable Instant setAt,
    @Nullable String reason) {}
