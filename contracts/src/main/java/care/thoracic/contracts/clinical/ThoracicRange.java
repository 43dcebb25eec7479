package care.thoracic.contracts.clinical;

import java.util.Objects;

/** A painful region of the thoracic spine, {@code from} the upper level {@code to} the lower one. */
public record ThoracicRange(ThoracicLevel from, ThoracicLevel to) {
  public ThoracicRange {
    Objects.requireNonNull(from, "painRegion.from is required");
    Objects.requireNonNull(to, "painRegion.to is required");
    if (from.compareTo(to) > 0) {
      throw new IllegalArgumentException("painRegion.from must not be below painRegion.to");
    }
  }

  public boolean overlaps(ThoracicRange other) {
    return from.compareTo(other.to) <= 0 && other.from.compareTo(to) <= 0;
  }
}
