package care.thoracic.reminder.domain;

import care.thoracic.contracts.PatientId;

/**
 * What one push carries, encrypted to the device: the lock-screen text and where the app catches
 * up, nothing else. A push can be dropped, delayed or held by the push service, so it is only a
 * wake-up call: the feed ({@code catchUp}, every entry after the last one the app has) is the
 * truth. {@code tag} is the push's topic, for the app to replace a notification still shown about
 * the same thing rather than stack a second one.
 */
public record PushPayload(String title, String patientId, long sequence, String catchUp, String tag) {

  public static PushPayload of(PatientId patient, long sequence, String lockScreenText, String topic) {
    return new PushPayload(lockScreenText, patient.value(), sequence,
        "/patients/" + patient.value() + "/feed?after=" + (sequence - 1), topic);
  }
}
