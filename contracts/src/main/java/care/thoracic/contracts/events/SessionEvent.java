package care.thoracic.contracts.events;

/** Events on {@code care.session.v1}. */
public sealed interface SessionEvent extends CareEvent permits SessionLogged {}
