package dev.runneriq.app.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads newline-delimited JSON-RPC 2.0 messages and checks each line ({@link JsonRpcCheck}): a line
 * that is not a message comes back as the error answer it deserves, and reading goes on with the
 * next line. Lines are bounded ({@value #MAX_LINE_BYTES} bytes), and so is nesting (the check's
 * reader); blank lines are skipped.
 */
final class JsonRpcLines {
  static final int MAX_LINE_BYTES = 4 << 20;

  private final InputStream in;
  private final JsonRpcCheck check;
  private final byte[] buffer = new byte[1 << 16];
  private int bufferPos;
  private int bufferEnd;
  private boolean ended;

  JsonRpcLines(InputStream in, JsonRpcCheck check) {
    this.in = in;
    this.check = check;
  }

  /** The next line's message or refusal; null at the end of input. */
  JsonRpcCheck.@Nullable Read next() throws IOException {
    while (true) {
      var line = new ByteArrayOutputStream();
      boolean tooLong = false;
      boolean complete = false;
      while (!complete) {
        if (bufferPos == bufferEnd && !refill()) {
          if (line.size() == 0 && !tooLong) {
            return null;
          }
          break;
        }
        int end = bufferPos;
        while (end < bufferEnd && buffer[end] != '\n') {
          end++;
        }
        if (!tooLong) {
          line.write(buffer, bufferPos, end - bufferPos);
          tooLong = line.size() > MAX_LINE_BYTES;
        }
        complete = end < bufferEnd;
        bufferPos = complete ? end + 1 : end;
      }
      if (tooLong) {
        return JsonRpcCheck.refusal(
            null,
            JsonRpcCheck.INVALID_REQUEST,
            "the line is longer than " + (MAX_LINE_BYTES >> 20) + " MiB");
      }
      var read = check.check(line.toByteArray());
      if (read != null) {
        return read;
      }
    }
  }

  private boolean refill() throws IOException {
    if (ended) {
      return false;
    }
    int n = in.read(buffer);
    if (n < 0) {
      ended = true;
      return false;
    }
    bufferPos = 0;
    bufferEnd = n;
    return true;
  }
}
