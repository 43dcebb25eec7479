package care.thoracic.platform.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Requests a well-behaved client library would never send, written byte by byte on a socket. */
final class RawHttp implements AutoCloseable {
  private final Socket socket;

  RawHttp(URL base) throws IOException {
    socket = new Socket(base.getHost(), base.getPort());
  }

  RawHttp send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
    return this;
  }

  /** What the server answered within {@code millis}, or what it had sent when that ran out. */
  String answer(int millis) throws IOException {
    socket.setSoTimeout(millis);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) > 0; ) {
        received.write(buffer, 0, n);
        if (complete(received.toString(StandardCharsets.UTF_8))) {
          break;
        }
      }
    } catch (SocketTimeoutException e) {
      // what arrived so far is the answer
    }
    return received.toString(StandardCharsets.UTF_8);
  }

  private static boolean complete(String response) {
    int headersEnd = response.indexOf("\r\n\r\n");
    if (headersEnd < 0) {
      return false;
    }
    var length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(response);
    return length.find() && response.length() - headersEnd - 4 >= Integer.parseInt(length.group(1));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
