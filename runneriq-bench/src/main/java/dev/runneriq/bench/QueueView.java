package dev.runneriq.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runneriq.app.http.LiveState;
import dev.runneriq.app.http.Views;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.core.model.Snapshot;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The service's queue page ({@code GET /api/v1/queue}: {@code Views.queue} and its JSON bytes) on
 * one cycle of {@link Workload}, in thread CPU time per request: {@code java -cp
 * runneriq-bench/target/benchmarks.jar dev.runneriq.bench.QueueView [requests [jobs runners]]} (by
 * default 21 requests on 100,000 jobs and 10,000 runners).
 */
public final class QueueView {
  private QueueView() {}

  /** A cycle's state as the service's HTTP views read it. */
  record Cycle(Snapshot snapshot, List<Decision> decisions) implements LiveState {
    @Override
    public Instant refreshedAt() {
      return snapshot.now();
    }

    @Override
    public @Nullable String staleReason() {
      return null;
    }

    @Override
    public boolean gitlabReachable() {
      return true;
    }
  }

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 21;
    int jobs = args.length > 2 ? Integer.parseInt(args[1]) : 100_000;
    int runners = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    var snapshot = Workload.snapshot(runners, jobs, Workload.SEED);
    var state = new Cycle(snapshot, Engine.standard(EngineConfig.DEFAULT).decide(snapshot, 42L));
    var json = new ObjectMapper();
    var threads = ManagementFactory.getThreadMXBean();
    long bytes = 0;
    for (int i = 0; i < 3; i++) {
      bytes = json.writeValueAsBytes(Views.queue(state)).length; // warm-up
    }
    report("every job", bytes, requests, () -> Views.queue(state), json, jobs, runners);
    // a new cycle's state: its first page sorts the queue, the next ones reuse the order
    for (int i = 0; i < 3; i++) {
      json.writeValueAsBytes(Views.queue(new Cycle(state.snapshot(), state.decisions()), 0, 100));
    }
    var fresh = new long[requests];
    var reused = new long[requests];
    for (int i = 0; i < requests; i++) {
      var cycle = new Cycle(state.snapshot(), state.decisions());
      long before = threads.getCurrentThreadCpuTime();
      json.writeValueAsBytes(Views.queue(cycle, 0, 100));
      long between = threads.getCurrentThreadCpuTime();
      json.writeValueAsBytes(Views.queue(cycle, 100, 100));
      fresh[i] = (between - before) / 1_000;
      reused[i] = (threads.getCurrentThreadCpuTime() - between) / 1_000;
    }
    System.out.printf(
        "queue page of 100 jobs, thread CPU time over %d requests: the first of a cycle median %d"
            + " us, p95 %d us; the next ones median %d us, p95 %d us%n",
        requests, median(fresh), p95(fresh), median(reused), p95(reused));
  }

  private static void report(
      String what,
      long bytes,
      int requests,
      java.util.function.Supplier<Object> view,
      ObjectMapper json,
      int jobs,
      int runners)
      throws Exception {
    var threads = ManagementFactory.getThreadMXBean();
    long[] ms = new long[requests];
    for (int i = 0; i < requests; i++) {
      long before = threads.getCurrentThreadCpuTime();
      json.writeValueAsBytes(view.get());
      ms[i] = (threads.getCurrentThreadCpuTime() - before) / 1_000_000;
    }
    System.out.printf(
        "queue page with %s, %d jobs x %d runners, %d MB of JSON, thread CPU time over %d"
            + " requests: median %d ms, p95 %d ms%n",
        what, jobs, runners, bytes >> 20, requests, median(ms), p95(ms));
  }

  private static long median(long[] values) {
    long[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }

  private static long p95(long[] values) {
    long[] v = values.clone();
    Arrays.sort(v);
    return v[(int) Math.ceil(0.95 * v.length) - 1];
  }
}
