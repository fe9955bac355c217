package dev.runneriq.formats;

import dev.runneriq.core.model.Runner;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A fleet as its file gives it ({@code runneriq.fleet/v1}): the runners, and beside each, in the
 * same order, what only the simulator reads of it. The engine never sees the latter: it is not
 * something GitLab shows.
 *
 * @param sim per runner, in the order of {@code runners}
 */
public record Fleet(List<Runner> runners, List<Fleet.SimTraits> sim) {

  /**
   * How a runner behaves in the simulator beyond what GitLab shows of it.
   *
   * @param systemFailureRate the share of the jobs it runs that fail with GitLab's {@code
   *     runner_system_failure} (the runner's fault, not the job's), from 0 to 1
   * @param actualSpeed the speed it really runs at, when not the {@code speed} the engine is told;
   *     null when the declared speed is true
   */
  public record SimTraits(double systemFailureRate, @Nullable Double actualSpeed) {
    /** A runner that never fails a job by its own fault and runs at its declared speed. */
    public static final SimTraits NONE = new SimTraits(0, null);

    public SimTraits {
      if (!(systemFailureRate >= 0 && systemFailureRate <= 1)) {
        throw new IllegalArgumentException(
            "system_failure_rate must be between 0 and 1, but was " + systemFailureRate);
      }
      if (actualSpeed != null && !(actualSpeed > 0)) {
        throw new IllegalArgumentException("actual_speed must be positive, but was " + actualSpeed);
      }
    }

    public SimTraits(double systemFailureRate) {
      this(systemFailureRate, null);
    }
  }

  public Fleet {
    runners = List.copyOf(runners);
    sim = List.copyOf(sim);
    if (runners.size() != sim.size()) {
      throw new IllegalArgumentException(
          runners.size() + " runners but simulator traits for " + sim.size());
    }
  }

  /** {@code runners} with nothing of their own for the simulator. */
  public static Fleet of(List<Runner> runners) {
    return new Fleet(runners, Collections.nCopies(runners.size(), SimTraits.NONE));
  }
}
