package care.thoracic.contracts.events;

/** Events on {@code care.progress.v1}. */
public sealed interface ProgressEvent extends CareEvent permits ProgressAssessed {}
