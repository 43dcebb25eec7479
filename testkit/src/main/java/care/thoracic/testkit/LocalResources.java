package care.thoracic.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** What the test kit's processes take from the machine: a port each, and directories they leave behind. */
public final class LocalResources {
  private LocalResources() {}

  /** A port free a moment ago: tests never use fixed ports, as other processes may hold them. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Deletes {@code dir} and everything in it, as far as it can; what is left behind is harmless. */
  static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // a directory left behind is harmless
    }
  }
}
