package dev.runneriq.bench;

import dev.runneriq.app.http.Insights;
import dev.runneriq.app.serve.LoopState;
import dev.runneriq.app.serve.SharedState;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the leader's publish of its live state costs on PostgreSQL replicas, and what a follower's
 * read costs: the state of one cycle over {@link Workload}'s fleet, saturated but 300 slots,
 * written as the leader publishes it and read back, in thread CPU time: {@code java -cp
 * runneriq-bench/target/benchmarks.jar dev.runneriq.bench.PublishCost [rounds [jobs runners]]} (by
 * default 5 rounds over 100,000 jobs on 10,000 runners).
 */
public final class PublishCost {
  private PublishCost() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int jobs = args.length > 2 ? Integer.parseInt(args[1]) : 100_000;
    int runners = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    var snapshot =
        Workload.saturated(Workload.snapshot(runners, jobs, Workload.SEED), 300, Workload.SEED);
    var decisions = Engine.standard(EngineConfig.DEFAULT).decide(snapshot, 42L);
    var state =
        new LoopState(
            snapshot,
            decisions,
            snapshot.now(),
            null,
            true,
            List.of(),
            "electricitymaps",
            Map.of(),
            Map.of(),
            Set.of(),
            Insights.NONE);
    var threads = ManagementFactory.getThreadMXBean();
    long[] writeMs = new long[rounds];
    long[] readMs = new long[rounds];
    int bytes = 0;
    for (int i = 0; i < rounds; i++) {
      long before = threads.getCurrentThreadCpuTime();
      byte[] gz = SharedState.write(state);
      long written = threads.getCurrentThreadCpuTime();
      var back = SharedState.read(gz);
      readMs[i] = (threads.getCurrentThreadCpuTime() - written) / 1_000_000;
      writeMs[i] = (written - before) / 1_000_000;
      bytes = gz.length;
      if (back.decisions().size() != decisions.size()) {
        throw new IllegalStateException("the state read back lost decisions");
      }
    }
    Arrays.sort(writeMs);
    Arrays.sort(readMs);
    System.out.printf(
        "published state of %d jobs x %d runners: %.1f MB gzip; thread CPU over %d rounds: write"
            + " min %d ms, median %d ms; read min %d ms, median %d ms%n",
        jobs,
        runners,
        bytes / 1e6,
        rounds,
        writeMs[0],
        writeMs[rounds / 2],
        readMs[0],
        readMs[rounds / 2]);
  }
}
