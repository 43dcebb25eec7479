package care.thoracic.testkit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * One MongoDB per test JVM, started on first use: the mongo-java-server wire-protocol server
 * (memory backend, {@link IndexedMemoryBackend}) or, in containers mode, a real single-node replica set. Random port. Tests
 * isolate themselves by database name or by tenant, never by restarting the store.
 */
public final class TestMongo {
  private static final String MONGO_IMAGE = "mongo:8.0";
  private static String connectionString;
  private static MongoClient client;

  private TestMongo() {}

  public static synchronized String connectionString() {
    if (connectionString == null) {
      QuietLogging.install();
      connectionString = TestInfra.current() == TestInfra.CONTAINERS ? startContainer() : startEmbedded();
    }
    return connectionString;
  }

  /** A shared client for tests that talk to the store directly. */
  public static synchronized MongoClient client() {
    if (client == null) {
      client = MongoClients.create(connectionString());
    }
    return client;
  }

  private static String startEmbedded() {
    MongoServer server = new MongoServer(new IndexedMemoryBackend());
    String address = server.bindAndGetConnectionString();
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "testkit-mongo-stop"));
    return address;
  }

  private static String startContainer() {
    MongoDBContainer mongo = new MongoDBContainer(MONGO_IMAGE);
    mongo.start();
    Runtime.getRuntime().addShutdownHook(new Thread(mongo::stop, "testkit-mongo-stop"));
    return mongo.getReplicaSetUrl();
  }
}
