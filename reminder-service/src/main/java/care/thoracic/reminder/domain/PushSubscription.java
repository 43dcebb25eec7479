package care.thoracic.reminder.domain;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.Tenant;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One browser (or installed app) of a patient that receives Web Push: the push service's
 * {@code endpoint} (a capability URL: whoever holds it can ask the push service to wake that
 * browser) and the browser's keys the message is encrypted to (RFC 8291), both base64url as the
 * browser's {@code PushSubscription.toJSON()} gives them.
 */
public record PushSubscription(UUID subscriptionId, Tenant tenant, PatientId patientId, URI endpoint, String p256dh,
    String auth, Instant createdAt) {
  public PushSubscription {
    Objects.requireNonNull(subscriptionId, "subscriptionId is required");
    Objects.requireNonNull(tenant, "tenant is required");
    Objects.requireNonNull(patientId, "patientId is required");
    Objects.requireNonNull(endpoint, "endpoint is required");
    Objects.requireNonNull(p256dh, "p256dh is required");
    Objects.requireNonNull(auth, "auth is required");
    Objects.requireNonNull(createdAt, "createdAt is required");
  }
}
