package care.thoracic.web.console;

import java.util.Arrays;
import java.util.Optional;

/** The decisions a clinician takes on a plan, each a plan-service command that requires a reason. */
public enum PlanDecision {
  APPROVE("approve", "Approve"),
  ADVANCE("advance", "Advance to the next phase"),
  HOLD("hold", "Hold in this phase"),
  SUSPEND("suspend", "Suspend"),
  RESUME("resume", "Resume"),
  COMPLETE("complete", "Complete"),
  CLEAR_RESTRICTION("clear-restriction", "Clear the restriction");

  private final String path;
  private final String label;

  PlanDecision(String path, String label) {
    this.path = path;
    this.label = label;
  }

  /** The last segment of plan-service's path, e.g. {@code /plans/{id}/clear-restriction}. */
  public String path() {
    return path;
  }

  public String label() {
    return label;
  }

  static Optional<PlanDecision> ofPath(String path) {
    return Arrays.stream(values()).filter(decision -> decision.path.equals(path)).findFirst();
  }
}
