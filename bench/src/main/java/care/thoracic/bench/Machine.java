package care.thoracic.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the benchmark ran on, for the report, and what its processes spent of it. */
final class Machine {
  private Machine() {}

  static String describe() {
    return String.format("%s; %d cores visible to the JVM; %s RAM; %s %s; Java %s (%s)",
        cpuModel(), Runtime.getRuntime().availableProcessors(), memory(), System.getProperty("os.name"),
        System.getProperty("os.version"), System.getProperty("java.version"), System.getProperty("java.vm.name"));
  }

  private static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  private static String memory() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
      return lines.filter(l -> l.startsWith("MemTotal")).findFirst()
          .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GiB").orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** utime + stime of a process so far, from /proc/{pid}/stat (clock ticks of 10 ms). */
  static long cpuMillis(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
  }

  /** A process's resident memory now ({@code VmRSS} of /proc/{pid}/status), in KiB. */
  static long residentKib(long pid) throws IOException {
    return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
        .filter(line -> line.startsWith("VmRSS:")).findFirst()
        .map(line -> Long.parseLong(line.replaceAll("\\D", "")))
        .orElseThrow(() -> new IllegalStateException("no VmRSS for process " + pid));
  }
}
