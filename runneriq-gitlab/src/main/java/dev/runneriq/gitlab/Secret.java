package dev.runneriq.gitlab;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A token or webhook secret. It never prints: {@link #toString()} is a fixed placeholder, so a
 * config record holding one can be logged safely. Only {@link #reveal()} gives the value, for the
 * one place that puts it on the wire.
 */
public final class Secret {
  private static final String REDACTED = "[REDACTED]";
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /** Wraps a secret value; it must not be blank. */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "secret");
    if (value.isBlank()) {
      throw new IllegalArgumentException("a secret must not be blank");
    }
    return new Secret(value);
  }

  /** The value, for the request header and nothing else. */
  public String reveal() {
    return value;
  }

  /** Compares with a presented value in time independent of where they differ. */
  public boolean matches(String presented) {
    return MessageDigest.isEqual(
        value.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code text} with every occurrence of this secret replaced by a placeholder. */
  public String redact(String text) {
    return text.replace(value, REDACTED);
  }

  @Override
  public String toString() {
    return REDACTED;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && matches(s.value);
  }

  @Override
  public int hashCode() {
    return 0; // equal secrets must hash alike; the value must not leak through the hash
  }
}
