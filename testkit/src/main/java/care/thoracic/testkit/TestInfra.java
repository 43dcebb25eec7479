package care.thoracic.testkit;

import java.util.Locale;

/**
 * Where integration tests get Kafka and MongoDB from. {@code embedded} (the default) runs a real
 * KRaft broker and a MongoDB wire-protocol server inside the test JVM; {@code containers} runs the
 * real products in Docker. Chosen by {@code -Dtestkit.infra} (the {@code containers} Maven
 * profile sets it) or the {@code TESTKIT_INFRA} environment variable.
 */
public enum TestInfra {
  EMBEDDED,
  CONTAINERS;

  public static final String PROPERTY = "testkit.infra";

  public static TestInfra current() {
    String chosen = System.getProperty(PROPERTY);
    if (chosen == null || chosen.isBlank() || chosen.startsWith("${")) {
      chosen = System.getenv("TESTKIT_INFRA");
    }
    if (chosen == null || chosen.isBlank()) {
      return EMBEDDED;
    }
    return valueOf(chosen.trim().toUpperCase(Locale.ROOT));
  }

  /** Null when this mode can run here, else why not (a skip reason). */
  public String unavailableReason() {
    if (this == CONTAINERS && !DockerProbe.available()) {
      return "testkit.infra=containers needs a Docker engine and none answers on this machine; "
          + "run without -Pcontainers to use the embedded broker and store";
    }
    return null;
  }

  /** Testcontainers is only touched when containers are asked for. */
  private static final class DockerProbe {
    private static Boolean available;

    static synchronized boolean available() {
      if (available == null) {
        available = org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
      }
      return available;
    }
  }
}
