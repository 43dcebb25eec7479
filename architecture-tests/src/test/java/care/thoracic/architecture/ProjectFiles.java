package care.thoracic.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the project's sources are, wherever the tests run from. */
final class ProjectFiles {
  private ProjectFiles() {}

  /** The folder of the parent pom. */
  static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      try {
        if (Files.exists(dir.resolve("pom.xml"))
            && Files.readString(dir.resolve("pom.xml")).contains("<artifactId>thoracic-care-parent</artifactId>")
            && Files.exists(dir.resolve("architecture-tests"))) {
          return dir;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no project root above " + Path.of("").toAbsolutePath());
  }
}
