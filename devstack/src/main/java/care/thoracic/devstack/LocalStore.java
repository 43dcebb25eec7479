package care.thoracic.devstack;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The local run's MongoDB: mongo-java-server, a real wire-protocol server the services' MongoDB
 * driver talks to, on 127.0.0.1. File-backed (H2 MVStore) so a restart keeps the data, or in memory.
 * Usage: {@code LocalStore <port> <file>|--memory}. Runs until the process is stopped.
 */
public final class LocalStore {
  private LocalStore() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: LocalStore <port> <file>|--memory");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    MongoBackend backend;
    if (args[1].equals("--memory")) {
      backend = new MemoryBackend();
    } else {
      Path file = Path.of(args[1]).toAbsolutePath();
      Files.createDirectories(file.getParent());
      backend = new H2Backend(file.toString());
    }
    MongoServer server = new MongoServer(backend);
    CountDownLatch stopped = new CountDownLatch(1);
    // a stop by signal closes the H2 file cleanly, so its last writes are kept
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdownNow();
      stopped.countDown();
    }, "local-store-stop"));
    server.bind("127.0.0.1", port);
    System.out.printf("store ready on mongodb://127.0.0.1:%d (%s)%n", port,
        args[1].equals("--memory") ? "in memory" : args[1]);
    stopped.await();
  }
}
