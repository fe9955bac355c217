package dev.runneriq.sim.gitlab;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Simulated time running {@code speed} times faster than the machine's: it reads {@code start} at
 * the moment it is made.
 */
public final class SimClock implements InstantSource {
  private final Instant start;
  private final double speed;
  private final long t0 = System.nanoTime();

  public SimClock(Instant start, double speed) {
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed must be a positive number, but was " + speed);
    }
    this.start = start;
    this.speed = speed;
  }

  @Override
  public Instant instant() {
    return start.plusNanos(Math.round((System.nanoTime() - t0) * speed));
  }

  public double speed() {
    return speed;
  }

  /** How long {@code simulated} takes on the machine's clock. */
  public Duration real(Duration simulated) {
    return Duration.ofNanos(Math.round(simulated.toNanos() / speed));
  }
}
