package care.thoracic.reminder.api;

import care.thoracic.contracts.events.WebhookSecretSet;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A clinic's new webhook signing secret, and why it is set. */
public record WebhookSecretInput(
    @NotNull @Size(min = 32, max = 256) @Pattern(regexp = "[\\x21-\\x7E]+", message = "must be printable ASCII without spaces")
    @Schema(description = "The HMAC-SHA256 key the clinic's receiver checks signatures with: 32 to 256 printable "
        + "ASCII characters (e.g. `openssl rand -base64 48`). Never shown again.",
        example = "Q2xpbmljLW5vcnRoIHdlYmhvb2sgc2VjcmV0IC0gcm90YXRlIHllYXJseQ")
    String secret,
    @NotBlank @Size(max = WebhookSecretSet.MAX_REASON_LENGTH)
    @Schema(description = "Why the secret is set or replaced: recorded with who did it", example = "Yearly rotation.")
    String reason) {}
