package care.thoracic.bench;

import java.util.Arrays;
import java.util.List;

/** Medians and percentiles, computed the same way everywhere in the report. */
final class Stats {
  private Stats() {}

  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** The individual runs, for the report's "runs" column. */
  static String list(List<Double> values, String format) {
    return String.join(", ", values.stream().map(v -> String.format(format, v)).toList());
  }

  /** Nearest-rank percentile of nanosecond samples, in milliseconds. */
  static double percentileMillis(long[] nanos, double percentile) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1_000_000.0;
  }
}
