package care.thoracic.contracts.clinical;

/** How a reminder reaches the patient. */
public enum Channel {
  INBOX, WEBHOOK, LOG
}
