package care.thoracic.contracts.clinical;

/**
 * What waits in a clinic's work queue (CLINICAL §8), each kind with its own acknowledgement
 * deadline (a clinic setting) and its rank: urgent flags first, then high ones, then the rest by
 * deadline.
 */
public enum WorkItemKind {
  URGENT_RED_FLAG(0),
  HIGH_RED_FLAG(1),
  MODERATE_RED_FLAG(2),
  APPROVAL(2),
  REVIEW_REQUEST(2),
  RE_TRIAGED(2);

  private final int rank;

  WorkItemKind(int rank) {
    this.rank = rank;
  }

  /** Lower comes first in the queue; within a rank the earlier deadline does. */
  public int rank() {
    return rank;
  }

  public static WorkItemKind of(Severity flagSeverity) {
    return switch (flagSeverity) {
      case URGENT -> URGENT_RED_FLAG;
      case HIGH -> HIGH_RED_FLAG;
      case MODERATE -> MODERATE_RED_FLAG;
    };
  }
}
