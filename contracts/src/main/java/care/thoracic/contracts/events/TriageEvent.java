package care.thoracic.contracts.events;

/** Events on {@code care.triage.v1}. */
public sealed interface TriageEvent extends CareEvent permits TriageCompleted {}
