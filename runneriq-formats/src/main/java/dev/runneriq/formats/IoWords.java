package dev.runneriq.formats;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * A network failure in the words a user reads in a reason or on a dashboard, never a class name:
 * the JDK's HTTP client throws a {@link ConnectException} without a message, with the cause holding
 * the words ("Connection refused"), or one whose cause only has a type (a host name that does not
 * resolve). Messages are clipped and escaped ({@link Printable#clip}).
 */
public final class IoWords {
  /** "java.net.ConnectException: " as a wrapping exception's message begins with its cause. */
  private static final Pattern CLASS_PREFIX =
      Pattern.compile("^(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?::\\s*|$)");

  private IoWords() {}

  /** What went wrong, from {@code e} and its causes. */
  public static String of(IOException e) {
    String words = null;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return "the host name does not resolve";
      }
      if (t instanceof SSLException) {
        return "TLS failed";
      }
      if (words == null) {
        words = words(t.getMessage());
      }
    }
    if (words != null) {
      return Printable.clip(words);
    }
    return e instanceof ConnectException ? "cannot connect" : "the connection failed";
  }

  private static @Nullable String words(@Nullable String message) {
    if (message == null) {
      return null;
    }
    String m = CLASS_PREFIX.matcher(message.strip()).replaceFirst("").strip();
    return m.isEmpty() ? null : m;
  }
}
