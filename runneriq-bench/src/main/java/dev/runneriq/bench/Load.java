package dev.runneriq.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's one-minute load average ({@code /proc/loadavg}, as {@code uptime} shows it), read
 * once or every second over a run: benchmarks on a shared machine report it with each figure.
 */
final class Load {
  private final double before;
  private final Thread sampler;
  private volatile double max;
  private volatile double after = Double.NaN;

  private Load(double before) {
    this.before = before;
    this.max = before;
    this.sampler =
        Thread.ofPlatform()
            .daemon()
            .name("load-sampler")
            .start(
                () -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    try {
                      Thread.sleep(1000);
                    } catch (InterruptedException e) {
                      return;
                    }
                    max = Math.max(max, now());
                  }
                });
  }

  /** Starts sampling every second until {@link #stop}. */
  static Load sample() {
    return new Load(now());
  }

  void stop() {
    sampler.interrupt();
    after = now();
    max = Math.max(max, after);
  }

  /** The one-minute load average now, or NaN where there is no {@code /proc/loadavg}. */
  static double now() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  @Override
  public String toString() {
    return "%.2f at the start, %.2f at most, %.2f at the end".formatted(before, max, after);
  }
}
