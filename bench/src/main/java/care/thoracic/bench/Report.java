package care.thoracic.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes one benchmark's section of BENCHMARKS.md between its markers, leaving the others alone. */
final class Report {
  private Report() {}

  static void write(Path file, String section, String markdown) throws IOException {
    String begin = "<!-- " + section + ":begin -->";
    String end = "<!-- " + section + ":end -->";
    String block = begin + "\n" + markdown.strip() + "\n" + end;
    String current = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\nProduced by `bench/run.sh`; "
        + "each section says what it measured, on what machine, and how to reproduce it.\n";
    int from = current.indexOf(begin);
    int to = current.indexOf(end);
    String updated = from >= 0 && to > from
        ? current.substring(0, from) + block + current.substring(to + end.length())
        : current.stripTrailing() + "\n\n" + block + "\n";
    Files.writeString(file, updated);
  }
}
