package dev.runneriq.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One keep-alive HTTP/1.1 connection to the service on loopback, one request at a time (no
 * pipelining): what a load generator needs and nothing more, so that the generator's own work is a
 * few writes and reads per delivery rather than the JDK client's executor hops. Reconnects when the
 * server closed the connection. Not thread-safe: one per sender.
 */
final class HookConnection implements AutoCloseable {
  /** A response: its status and the {@code Retry-After} seconds, or -1 without one. */
  record Answer(int status, long retryAfterS) {}

  private final String host;
  private final int port;
  private @Nullable Socket socket;
  private @Nullable InputStream in;
  private @Nullable OutputStream out;

  HookConnection(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /**
   * Sends {@code POST path} with the given header lines ({@code "Name: value"}) and body, and reads
   * the whole answer.
   *
   * @throws IOException when the connection failed; the next call opens a new one
   */
  Answer post(String path, String headers, byte[] body) throws IOException {
    try {
      open();
      var head =
          ("POST "
                  + path
                  + " HTTP/1.1\r\nHost: "
                  + host
                  + ":"
                  + port
                  + "\r\n"
                  + headers
                  + "Content-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1);
      var o = out;
      var i = in;
      if (o == null || i == null) {
        throw new IOException("not connected");
      }
      o.write(head);
      o.write(body);
      o.flush();
      return read(i);
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private void open() throws IOException {
    if (socket != null) {
      return;
    }
    var s = new Socket();
    s.setTcpNoDelay(true);
    s.connect(new InetSocketAddress(host, port), 5000);
    s.setSoTimeout(30_000);
    socket = s;
    in = new BufferedInputStream(s.getInputStream(), 8192);
    out = new BufferedOutputStream(s.getOutputStream(), 8192);
  }

  /** Reads the status line, the headers and the body (by length, chunked, or to the close). */
  private Answer read(InputStream i) throws IOException {
    String status = line(i);
    if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
      throw new IOException("not an HTTP/1.1 answer: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    long retryAfter = -1;
    boolean chunked = false;
    boolean closes = false;
    for (String h = line(i); !h.isEmpty(); h = line(i)) {
      int colon = h.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "retry-after" -> retryAfter = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
        case "connection" -> closes = value.equalsIgnoreCase("close");
        default -> {}
      }
    }
    if (chunked) {
      for (long size = chunkSize(i); size > 0; size = chunkSize(i)) {
        skip(i, size);
        line(i);
      }
      while (!line(i).isEmpty()) {
        // trailers
      }
    } else if (length >= 0) {
      skip(i, length);
    } else {
      closes = true; // the body runs to the close
    }
    if (closes) {
      close();
    }
    return new Answer(code, retryAfter);
  }

  private static long chunkSize(InputStream i) throws IOException {
    String l = line(i);
    int semi = l.indexOf(';');
    return Long.parseLong((semi < 0 ? l : l.substring(0, semi)).trim(), 16);
  }

  private static void skip(InputStream i, long n) throws IOException {
    for (long left = n; left > 0; ) {
      long k = i.skip(left);
      if (k <= 0) {
        if (i.read() < 0) {
          throw new IOException("connection closed in a body");
        }
        k = 1;
      }
      left -= k;
    }
  }

  private static String line(InputStream i) throws IOException {
    var b = new ByteArrayOutputStream(64);
    for (int c = i.read(); c != '\n'; c = i.read()) {
      if (c < 0) {
        throw new IOException("connection closed");
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    var s = socket;
    socket = null;
    in = null;
    out = null;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // closing a connection that failed: nothing left to do
      }
    }
  }
}
