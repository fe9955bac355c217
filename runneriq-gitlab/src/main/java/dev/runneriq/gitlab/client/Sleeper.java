package dev.runneriq.gitlab.client;

import java.time.Duration;

/** Waits; the client's only way to pass time, so tests can record waits instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
  Sleeper REAL = d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);

  void sleep(Duration duration) throws InterruptedException;
}
