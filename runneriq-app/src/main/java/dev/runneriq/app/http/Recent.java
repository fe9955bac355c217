package dev.runneriq.app.http;

import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A value made at most once per {@code ttl}: callers within it share the last one, and callers that
 * come while it is being made wait for it rather than make it again. A failure is not kept.
 */
final class Recent<T> {
  private final Duration ttl;
  private final Supplier<T> make;
  private @Nullable T value;
  private long madeAt;

  Recent(Duration ttl, Supplier<T> make) {
    this.ttl = ttl;
    this.make = make;
  }

  synchronized T get() {
    long now = System.nanoTime();
    T v = value;
    if (v == null || now - madeAt >= ttl.toNanos()) {
      v = make.get();
      value = v;
      madeAt = now;
    }
    return v;
  }
}
