package care.thoracic.eventsourcing.testing;

import care.thoracic.contracts.events.CareEvent;
import care.thoracic.eventsourcing.decider.CommandRejectedException;
import care.thoracic.eventsourcing.decider.Decider;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Given / when / then for a {@link Decider}: {@code spec.given(past events).when(command)} and then
 * the events it must decide, or the reason it must refuse with. Pure: no store, no clock.
 */
public final class DeciderSpec<C, E extends CareEvent, S> {
  private final Decider<C, E, S> decider;
  private final List<E> history;

  private DeciderSpec(Decider<C, E, S> decider, List<E> history) {
    this.decider = decider;
    this.history = history;
  }

  public static <C, E extends CareEvent, S> DeciderSpec<C, E, S> of(Decider<C, E, S> decider) {
    return new DeciderSpec<>(decider, List.of());
  }

  @SafeVarargs
  public final DeciderSpec<C, E, S> given(E... events) {
    return new DeciderSpec<>(decider, List.copyOf(Arrays.asList(events)));
  }

  public Outcome when(C command) {
    S state = decider.fold(decider.initialState(), history);
    try {
      return new Outcome(decider.decide(command, state), null, state);
    } catch (CommandRejectedException rejected) {
      return new Outcome(null, rejected, state);
    }
  }

  /** What the decider did with the command. */
  public final class Outcome {
    private final List<E> decided;
    private final CommandRejectedException rejection;
    private final S stateBefore;

    private Outcome(List<E> decided, CommandRejectedException rejection, S stateBefore) {
      this.decided = decided;
      this.rejection = rejection;
      this.stateBefore = stateBefore;
    }

    @SafeVarargs
    public final Outcome then(E... expected) {
      List<E> events = decidedEvents();
      if (!events.equals(List.of(expected))) {
        throw new AssertionError("expected events " + List.of(expected) + " but the decider decided " + events);
      }
      return this;
    }

    /** For events with parts the test does not fix (generated ids): inspect them instead. */
    public Outcome then(Consumer<List<E>> inspection) {
      inspection.accept(decidedEvents());
      return this;
    }

    public Outcome thenNothing() {
      return then();
    }

    public Outcome thenRejected(String reasonContains) {
      if (rejection == null) {
        throw new AssertionError("expected a refusal containing \"" + reasonContains + "\" but the decider decided "
            + decided);
      }
      if (!Objects.requireNonNullElse(rejection.getMessage(), "").contains(reasonContains)) {
        throw new AssertionError("expected a refusal containing \"" + reasonContains + "\" but it said \""
            + rejection.getMessage() + "\"");
      }
      return this;
    }

    /** The state after the decided events: what {@code evolve} makes of them. */
    public S state() {
      return decider.fold(stateBefore, decidedEvents());
    }

    /** The decided events, e.g. to be given to the next step of a test. */
    public List<E> decidedEvents() {
      if (rejection != null) {
        throw new AssertionError("expected events but the decider refused: " + rejection.getMessage());
      }
      return decided;
    }
  }
}
