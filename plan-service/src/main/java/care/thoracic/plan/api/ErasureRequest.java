package care.thoracic.plan.api;

import care.thoracic.contracts.clinical.ErasureGround;
import jakarta.validation.constraints.NotNull;

/** Why the patient is erased: a ground of GDPR Art. 17(1) as a code (free text could itself hold personal data). */
public record ErasureRequest(@NotNull ErasureGround ground) {}
