package care.thoracic.triage.domain;

import care.thoracic.contracts.PatientId;
import care.thoracic.contracts.clinical.FlagCode;
import care.thoracic.contracts.clinical.FlagSource;
import care.thoracic.contracts.clinical.RedFlagFinding;
import care.thoracic.contracts.clinical.TriageIntake;
import care.thoracic.contracts.events.CareEvent;
import care.thoracic.contracts.events.RedFlagRaised;
import care.thoracic.contracts.events.TriageCompleted;
import care.thoracic.eventsourcing.decider.CommandRejectedException;
import care.thoracic.eventsourcing.decider.Decider;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One triage of one intake: completed once, with one {@code RedFlagRaised} per flag found. Its
 * events go to two topics ({@code care.triage.v1}, {@code care.redflag.v1}), so the aggregate's
 * event type is the common {@link CareEvent}.
 */
public final class TriageCase implements Decider<TriageCase.Command, CareEvent, TriageCase.State> {

  public sealed interface Command permits Complete {}

  public record Complete(UUID triageId, PatientId patientId, TriageIntake intake) implements Command {}

  public sealed interface State permits NotTriaged, Triaged {}

  public record NotTriaged() implements State {}

  public record Triaged(TriageCompleted completed, List<RedFlagRaised> flags) implements State {
    public Triaged {
      flags = List.copyOf(flags);
    }
  }

  private final TriageRules rules;

  public TriageCase(TriageRules rules) {
    this.rules = rules;
  }

  public static String streamId(UUID triageId) {
    return "triage-" + triageId;
  }

  /** Derived, not random: deciding the same triage again names the same flags. */
  public static UUID flagId(UUID triageId, FlagCode code) {
    return UUID.nameUUIDFromBytes(("triage-flag:" + triageId + ":" + code).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public State initialState() {
    return new NotTriaged();
  }

  @Override
  public List<CareEvent> decide(Command command, State state) {
    return switch (command) {
      case Complete complete -> switch (state) {
        case NotTriaged notYet -> complete(complete);
        case Triaged done -> throw new CommandRejectedException("triage " + complete.triageId() + " is already complete");
      };
    };
  }

  private List<CareEvent> complete(Complete command) {
    TriageDecision decision = rules.decide(command.intake());
    List<CareEvent> events = new ArrayList<>();
    events.add(new TriageCompleted(command.triageId(), command.patientId(), decision.rulesVersion(), command.intake(),
        decision.category(), decision.suspectedConditions(), decision.disposition(), decision.redFlags(),
        decision.reasons()));
    for (RedFlagFinding flag : decision.redFlags()) {
      events.add(new RedFlagRaised(flagId(command.triageId(), flag.code()), command.patientId(), flag.code(),
          flag.severity(), flag.recommendation(), FlagSource.TRIAGE, command.triageId(), null, decision.reasons()));
    }
    return events;
  }

  @Override
  public State evolve(State state, CareEvent event) {
    return switch (event) {
      case TriageCompleted completed -> new Triaged(completed, List.of());
      case RedFlagRaised flag when state instanceof Triaged triaged -> {
        List<RedFlagRaised> flags = new ArrayList<>(triaged.flags());
        flags.add(flag);
        yield new Triaged(triaged.completed(), flags);
      }
      default -> throw new IllegalStateException("a triage stream cannot hold " + event.getClass().getSimpleName()
          + " in state " + state.getClass().getSimpleName());
    };
  }
}
