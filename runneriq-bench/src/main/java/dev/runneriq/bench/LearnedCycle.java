package dev.runneriq.bench;

import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.optimizer.LearnConfig;
import dev.runneriq.optimizer.LearnedReading;
import dev.runneriq.optimizer.Learner;
import dev.runneriq.optimizer.Run;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;

/**
 * The engine's cycle as {@code serve} runs it once the optimizer has learned: each cycle's snapshot
 * (2 s after the last, the same runner and job records) goes through what was learned before the
 * engine decides on it. {@code java -cp runneriq-bench/target/benchmarks.jar
 * dev.runneriq.bench.LearnedCycle [read|learned|plain]}: {@code read} puts it in as the service
 * does ({@link LearnedReading}, read again once a minute), {@code learned} through {@link
 * Learner#apply} at every cycle (as the service did before), and {@code plain} not at all. The
 * workload is {@code CycleCpuTime 40 100000 10000 300}'s; the learner has seen three runs on every
 * runner and one run of a third of the kinds of job without a history of their own. Prints the
 * engine's thread CPU time over 40 cycles after 20 of warm-up.
 */
public final class LearnedCycle {
  private static final int WARM_UP = 20;
  private static final int CYCLES = 40;

  private LearnedCycle() {}

  public static void main(String[] args) {
    String mode = args.length == 0 ? "read" : args[0];
    var all = Workload.snapshot(10_000, 100_000, Workload.SEED);
    var base = Workload.saturated(all, 300, Workload.SEED);
    var learner = new Learner(LearnConfig.DEFAULT);
    var since = base.now().minusSeconds(3600);
    int k = 0;
    for (var r : base.runners()) {
      for (int i = 0; i < 3; i++, k++) {
        String status = k % 17 == 0 ? Run.FAILED : Run.SUCCESS;
        learner.observe(
            new Run(
                "p" + k % 50,
                "j" + k % 20,
                r.id(),
                status,
                null,
                100 + k % 300,
                1.0,
                since.plusSeconds(k % 3000)));
      }
    }
    for (var j : base.jobs()) {
      if (j.history() == null && k++ % 3 == 0) {
        learner.observe(
            new Run(
                j.pipeline().project(),
                j.name(),
                null,
                Run.SUCCESS,
                null,
                200,
                1.0,
                since.plusSeconds(k % 3000)));
      }
    }
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    var reading = new LearnedReading(learner, Duration.ofMinutes(1));
    var engine = Engine.standard(EngineConfig.DEFAULT);
    long[] ms = new long[CYCLES];
    for (int i = 0; i < WARM_UP + CYCLES; i++) {
      Snapshot s = Workload.later(base, 2L * i);
      s =
          switch (mode) {
            case "read" -> reading.apply(s, 1);
            case "learned" -> learner.apply(s);
            default -> s;
          };
      long before = threads.getCurrentThreadCpuTime();
      engine.decide(s, 42L);
      if (i >= WARM_UP) {
        ms[i - WARM_UP] = (threads.getCurrentThreadCpuTime() - before) / 1_000_000;
      }
    }
    Arrays.sort(ms);
    System.out.printf(
        "%s: the engine's cycle, thread CPU over %d cycles: min %d ms, median %d ms, max %d ms%n",
        mode, CYCLES, ms[0], ms[CYCLES / 2], ms[CYCLES - 1]);
  }
}
