package care.thoracic.testkit;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Outside a Quarkus application (plain JUnit tests, benchmarks) Quarkus' initial log configurator
 * leaves every logger at level ALL until an application configures logging, which never happens
 * there: the Mongo driver and the wire server then render every command as JSON for debug lines
 * nobody reads, and that costs more CPU than the commands. Set sane levels before anything starts;
 * a Quarkus application applies its own configuration afterwards.
 */
final class QuietLogging {
  // Held so the level settings outlive garbage collection of unreferenced loggers.
  private static final List<Logger> CONFIGURED = List.of(
      level("", Level.INFO),
      level("de.bwaldvogel", Level.WARNING),
      level("org.mongodb.driver", Level.WARNING),
      level("org.apache.kafka", Level.WARNING),
      level("kafka", Level.WARNING));

  private QuietLogging() {}

  static void install() {
    // Loading the class applied the levels.
    CONFIGURED.size();
  }

  private static Logger level(String name, Level level) {
    Logger logger = Logger.getLogger(name);
    logger.setLevel(level);
    return logger;
  }
}
