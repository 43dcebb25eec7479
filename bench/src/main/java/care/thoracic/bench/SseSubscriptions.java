package care.thoracic.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Many open SSE subscriptions on one selector thread, each an HTTP/1.1 connection of its own. The
 * JDK HTTP client never had more than 257 streams open at once, whatever the service could take,
 * so the benchmark reads the streams itself: status line, headers, chunked body, and the {@code id:}
 * line of every event, which is what it measures.
 */
final class SseSubscriptions implements AutoCloseable {
  /** Called on the selector thread when an event with this id arrives on subscription {@code index}. */
  interface Listener {
    void onEvent(int index, long id, long receivedNanos);
  }

  record Subscription(String path, Map<String, String> headers) {}

  private final Selector selector;
  private final List<Connection> connections = new ArrayList<>();
  private final CountDownLatch opened;
  private final Listener listener;
  private final Thread reader;
  private volatile boolean running = true;
  private volatile String failure;

  SseSubscriptions(URI base, List<Subscription> subscriptions, Listener listener) throws IOException {
    this.selector = Selector.open();
    this.listener = listener;
    this.opened = new CountDownLatch(subscriptions.size());
    InetSocketAddress address = new InetSocketAddress(base.getHost(), base.getPort());
    for (int i = 0; i < subscriptions.size(); i++) {
      Subscription subscription = subscriptions.get(i);
      StringBuilder request = new StringBuilder("GET " + subscription.path() + " HTTP/1.1\r\nHost: "
          + base.getHost() + ":" + base.getPort() + "\r\nAccept: text/event-stream\r\n");
      subscription.headers().forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
      request.append("\r\n");
      SocketChannel channel = SocketChannel.open(address); // blocking connect on loopback, then non-blocking reads
      channel.write(ByteBuffer.wrap(request.toString().getBytes(StandardCharsets.US_ASCII)));
      channel.configureBlocking(false);
      Connection connection = new Connection(i);
      connections.add(connection);
      channel.register(selector, SelectionKey.OP_READ, connection);
    }
    this.reader = Thread.ofPlatform().name("sse-reader").daemon().start(this::read);
  }

  /** Waits until every subscription has answered 200 and started its stream. */
  void awaitOpen(Duration timeout) throws InterruptedException {
    if (!opened.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(opened.getCount() + " of " + connections.size()
          + " subscriptions did not open in " + timeout + (failure == null ? "" : ": " + failure));
    }
    if (failure != null) {
      throw new IllegalStateException(failure);
    }
  }

  /** The first problem seen on any subscription (a refused one, a dropped one), or null. */
  String failure() {
    return failure;
  }

  private void read() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
    byte[] bytes = new byte[buffer.capacity()];
    try {
      while (running) {
        selector.select(100);
        long now = System.nanoTime();
        for (SelectionKey key : selector.selectedKeys()) {
          SocketChannel channel = (SocketChannel) key.channel();
          Connection connection = (Connection) key.attachment();
          buffer.clear();
          int read = channel.read(buffer);
          if (read < 0) {
            failure = "subscription " + connection.index + " was closed by the service";
            key.cancel();
            continue;
          }
          buffer.flip();
          buffer.get(bytes, 0, read);
          connection.accept(bytes, read, now);
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException | RuntimeException e) {
      failure = "reading the streams failed: " + e;
    }
  }

  @Override
  public void close() throws IOException {
    running = false;
    try {
      reader.join(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (SelectionKey key : selector.keys()) {
      key.channel().close();
    }
    selector.close();
  }

  /** One stream's parser: the response head, then chunk framing, then SSE lines. */
  private final class Connection {
    private final int index;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private boolean inBody;
    private boolean chunked;
    private long chunkLeft = -1; // -1: reading a chunk-size line; -2: reading the CRLF after a chunk
    private final ByteArrayOutputStream sizeLine = new ByteArrayOutputStream(16);

    Connection(int index) {
      this.index = index;
    }

    void accept(byte[] bytes, int length, long now) {
      for (int i = 0; i < length; i++) {
        byte b = bytes[i];
        if (!inBody) {
          head(b);
        } else if (!chunked) {
          body(b, now);
        } else if (chunkLeft > 0) {
          body(b, now);
          chunkLeft--;
          if (chunkLeft == 0) {
            chunkLeft = -2;
          }
        } else if (chunkLeft == -2) {
          if (b == '\n') {
            chunkLeft = -1;
          }
        } else if (b == '\n') {
          String size = sizeLine.toString(StandardCharsets.US_ASCII).trim();
          sizeLine.reset();
          int extension = size.indexOf(';');
          chunkLeft = Long.parseLong(extension < 0 ? size : size.substring(0, extension), 16);
          if (chunkLeft == 0) {
            failure = "subscription " + index + " ended its stream";
            chunkLeft = -2;
          }
        } else {
          sizeLine.write(b);
        }
      }
    }

    private void head(byte b) {
      if (b != '\n') {
        line.write(b);
        return;
      }
      String header = line.toString(StandardCharsets.US_ASCII).trim();
      line.reset();
      if (header.startsWith("HTTP/")) {
        if (!header.startsWith("HTTP/1.1 200")) {
          failure = "subscription " + index + " answered " + header;
        }
      } else if (header.isEmpty()) {
        inBody = true;
        opened.countDown();
      } else if (header.toLowerCase(Locale.ROOT).equals("transfer-encoding: chunked")) {
        chunked = true;
      }
    }

    private void body(byte b, long now) {
      if (b != '\n') {
        line.write(b);
        return;
      }
      String field = line.toString(StandardCharsets.UTF_8);
      line.reset();
      if (field.startsWith("id:")) {
        listener.onEvent(index, Long.parseLong(field.substring(3).trim()), now);
      }
    }
  }
}
