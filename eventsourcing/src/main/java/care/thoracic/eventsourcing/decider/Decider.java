package care.thoracic.eventsourcing.decider;

import care.thoracic.contracts.events.CareEvent;
import java.util.List;

/**
 * An aggregate as three pure functions. {@code decide} answers a command with the events it
 * causes, or throws {@link CommandRejectedException} saying why not; {@code evolve} applies one
 * event to the state. Neither reads a clock, a store or anything else: time arrives in commands.
 */
public interface Decider<C, E extends CareEvent, S> {
  S initialState();

  List<E> decide(C command, S state);

  S evolve(S state, E event);

  default S fold(S state, List<? extends E> events) {
    S current = state;
    for (E event : events) {
      current = evolve(current, event);
    }
    return current;
  }
}
