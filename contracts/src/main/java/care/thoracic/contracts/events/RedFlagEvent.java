package care.thoracic.contracts.events;

/** Events on {@code care.redflag.v1}, raised by triage and by progress. */
public sealed interface RedFlagEvent extends CareEvent permits RedFlagRaised {}
