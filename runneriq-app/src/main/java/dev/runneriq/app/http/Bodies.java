package dev.runneriq.app.http;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import org.eclipse.jetty.http.HttpException;

/**
 * Request bodies, read within bounds so that no client holds a server thread or memory for long: a
 * declared length over the cap is refused before a byte is read, a body without a length (chunked)
 * is cut at the cap, and a body must come at {@value #MIN_BYTES_PER_SECOND} bytes a second at least
 * (Jetty's minimum data rate, set by {@link ApiServer}) and whole within {@link #DEADLINE}. Every
 * refusal is an {@link ApiError} in words.
 */
public final class Bodies {
  /** The slowest a body may come; GitLab and API clients send theirs at once. */
  public static final long MIN_BYTES_PER_SECOND = 1024;

  /** The longest a body may take to arrive, whatever its speed. */
  public static final Duration DEADLINE = Duration.ofSeconds(30);

  private Bodies() {}

  /**
   * The whole body of {@code request}.
   *
   * @throws ApiError 413 over {@code cap} bytes, 408 when it comes too slowly or not at all
   */
  public static byte[] read(HttpServletRequest request, long cap) {
    long declared = request.getContentLengthLong();
    if (declared > cap) {
      throw tooLarge(cap);
    }
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    try {
      InputStream in = request.getInputStream();
      return declared >= 0 && declared < Integer.MAX_VALUE
          ? exactly(in, (int) declared, deadline)
          : upTo(in, cap, deadline);
    } catch (IOException e) {
      throw tooSlow(); // an idle timeout, or a client gone: either way nobody is sending
    } catch (RuntimeException e) {
      if (e instanceof HttpException h && h.getCode() == 408) {
        throw tooSlow(); // under the minimum data rate
      }
      throw e;
    }
  }

  /**
   * A body of a declared length, read into an array of that size (Jetty ends the stream there); a
   * shorter one if the stream ends first.
   */
  private static byte[] exactly(InputStream in, int length, long deadline) throws IOException {
    byte[] body = new byte[length];
    int at = 0;
    while (at < length) {
      int n = in.read(body, at, length - at);
      if (n < 0) {
        return Arrays.copyOf(body, at);
      }
      at += n;
      if (System.nanoTime() - deadline > 0) {
        throw tooSlow();
      }
    }
    return body;
  }

  /** A body without a declared length, cut at {@code cap}. */
  private static byte[] upTo(InputStream in, long cap, long deadline) throws IOException {
    var out = new ByteArrayOutputStream(8192);
    byte[] buffer = new byte[8192];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      if (out.size() + (long) n > cap) {
        throw tooLarge(cap);
      }
      out.write(buffer, 0, n);
      if (System.nanoTime() - deadline > 0) {
        throw tooSlow();
      }
    }
    return out.toByteArray();
  }

  private static ApiError tooLarge(long cap) {
    return new ApiError(413, "the request body is larger than " + cap + " bytes");
  }

  private static ApiError tooSlow() {
    return new ApiError(
        408,
        "the request body did not arrive: it must come at "
            + MIN_BYTES_PER_SECOND
            + " bytes a second at least, and whole within "
            + DEADLINE.toSeconds()
            + " s");
  }
}
