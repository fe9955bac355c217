package dev.runneriq.bench;

import dev.runneriq.app.http.Insights;
import dev.runneriq.app.serve.LoopState;
import dev.runneriq.app.serve.SharedState;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.core.model.Snapshot;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the leader's publish of its live state costs on PostgreSQL replicas, and what a follower's
 * read costs: the state of one cycle over {@link Workload}'s fleet, saturated but 300 slots,
 * written as the leader publishes it and read back, in thread CPU time; then a follower's reads of
 * four cycles' states one after another, with and without keeping what did not change: {@code java
 * -cp runneriq-bench/target/benchmarks.jar dev.runneriq.bench.PublishCost [rounds [jobs runners]]}
 * (by default 5 rounds over 100,000 jobs on 10,000 runners).
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
    var state = state(snapshot, decisions);
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
    followerReads(snapshot, rounds);
  }

  /**
   * A follower reading the states of four cycles 5 s apart one after another, each read with the
   * one before it kept (as a follower reads) and without: the read's thread CPU time and the
   * collector's pauses while it ran, summed over the reads after the first round.
   */
  private static void followerReads(Snapshot first, int rounds) {
    var engine = Engine.standard(EngineConfig.DEFAULT);
    var states = new ArrayList<byte[]>();
    for (int k = 0; k < 4; k++) {
      var s =
          new Snapshot(
              first.now().plusSeconds(5L * k),
              first.runners(),
              first.jobs(),
              first.carbon(),
              first.forecast(),
              first.calibration());
      states.add(SharedState.write(state(s, engine.decide(s, 42L))));
    }
    for (boolean keeping : new boolean[] {false, true}) {
      var threads = ManagementFactory.getThreadMXBean();
      LoopState last = null;
      long cpu = 0;
      long paused = 0;
      int reads = 4 * rounds;
      for (int i = 0; i < 4 + reads; i++) {
        long gc = pausedMs();
        long before = threads.getCurrentThreadCpuTime();
        var gz = states.get(i % 4);
        var read = keeping && last != null ? SharedState.read(gz, last) : SharedState.read(gz);
        if (i >= 4) {
          cpu += threads.getCurrentThreadCpuTime() - before;
          paused += pausedMs() - gc;
        }
        last = read;
      }
      System.out.printf(
          "a follower's read of the next cycle's state, %s: thread CPU %d ms, collector's pauses"
              + " %d ms while it ran (mean of %d reads)%n",
          keeping ? "keeping what did not change" : "each read anew",
          cpu / 1_000_000 / reads,
          paused / reads,
          reads);
    }
  }

  private static LoopState state(Snapshot snapshot, List<Decision> decisions) {
    return new LoopState(
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
  }

  /** The collectors' time so far, in milliseconds. */
  private static long pausedMs() {
    long ms = 0;
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ms += Math.max(0, gc.getCollectionTime());
    }
    return ms;
  }
}
