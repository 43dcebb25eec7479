package care.thoracic.systemtests;

import java.nio.file.Path;

/**
 * A broker, a store and the four services on them, for a test that must not share the platform:
 * one that takes the broker or store away, or one that replays everything on the broker. Files
 * under {@code target/{name}-{millis}}; close it when done.
 */
final class PlatformOfItsOwn implements AutoCloseable {
  private final InfraProcess broker;
  private final InfraProcess store;
  private final RunningPlatform platform;

  private PlatformOfItsOwn(InfraProcess broker, InfraProcess store, RunningPlatform platform) {
    this.broker = broker;
    this.store = store;
    this.platform = platform;
  }

  static PlatformOfItsOwn start(String name) throws Exception {
    Path dir = Path.of("target", name + "-" + System.currentTimeMillis());
    InfraProcess broker = InfraProcess.kafkaBroker(dir.resolve("kafka"));
    InfraProcess store = null;
    try {
      store = InfraProcess.store(dir.resolve("store").resolve("care.mv"));
      return new PlatformOfItsOwn(broker, store, RunningPlatform.on(name, broker.address(), store.address()));
    } catch (Exception | Error failed) {
      if (store != null) {
        store.close();
      }
      broker.close();
      throw failed;
    }
  }

  InfraProcess broker() {
    return broker;
  }

  InfraProcess store() {
    return store;
  }

  RunningPlatform platform() {
    return platform;
  }

  @Override
  public void close() throws Exception {
    try {
      platform.close();
    } finally {
      try {
        broker.close();
      } finally {
        store.close();
      }
    }
  }
}
