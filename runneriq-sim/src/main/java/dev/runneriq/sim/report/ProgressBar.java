package dev.runneriq.sim.report;

import dev.runneriq.sim.Simulation;
import dev.runneriq.sim.Simulator;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar on stderr, shown only once a run has taken more than {@code delayMs}, redrawn at
 * most ten times a second. Short runs print nothing.
 */
public final class ProgressBar implements Simulator.ProgressFactory {
  private final PrintStream err;
  private final long delayMs;

  public ProgressBar(PrintStream err, long delayMs) {
    this.err = err;
    this.delayMs = delayMs;
  }

  @Override
  public Simulation.Progress forPolicy(String name) {
    long t0 = System.currentTimeMillis();
    long[] last = {0};
    boolean[] shown = {false};
    return (done, total) -> {
      long now = System.currentTimeMillis();
      boolean finished = done >= total;
      if ((now - t0 < delayMs && !shown[0]) || (!finished && now - last[0] < 100)) {
        return;
      }
      last[0] = now;
      shown[0] = true;
      int width = 30;
      int filled = total == 0 ? width : (int) (width * done / total);
      err.printf(
          Locale.ROOT,
          "\r%-14s [%s%s] %3d%% %,d/%,d jobs",
          name,
          "#".repeat(filled),
          " ".repeat(width - filled),
          total == 0 ? 100 : done * 100 / total,
          done,
          total);
      if (finished) {
        err.println();
      }
      err.flush();
    };
  }
}
