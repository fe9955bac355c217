package dev.runneriq.bench;

import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.core.model.Snapshot;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * The cycle of {@link CycleBenchmark} measured in thread CPU time rather than wall-clock time, for
 * machines where other work competes for the cores: {@code java -cp
 * runneriq-bench/target/benchmarks.jar dev.runneriq.bench.CycleCpuTime [cycles [jobs runners]]} (by
 * default 10,000 jobs on 1,000 runners; {@code 5 100000 10000} is the scale target's cycle). A
 * fourth argument N takes the fleet as GitLab leaves it under a long queue: every slot taken but N
 * (see {@link Workload#saturated}). With {@code last} as a fifth argument only the engine of the
 * last cycle is measured, cycle after cycle, as {@code serve} runs it: no fresh engine's cycle
 * between two of its own (which leaves the caches and the collector to the fresh engine's garbage).
 */
public final class CycleCpuTime {
  private CycleCpuTime() {}

  public static void main(String[] args) {
    int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 21;
    int jobs = args.length > 2 ? Integer.parseInt(args[1]) : CycleBenchmark.JOBS;
    int runners = args.length > 2 ? Integer.parseInt(args[2]) : CycleBenchmark.RUNNERS;
    boolean lastOnly = args.length > 4 && "last".equals(args[4]);
    var all = Workload.snapshot(runners, jobs, Workload.SEED);
    // two moments 30 s apart whose fleets differ in load: the saturated one in which slots are
    // free, the other in the loads of a twentieth of the runners
    Snapshot[] moments;
    String shape;
    if (args.length > 3) {
      int free = Integer.parseInt(args[3]);
      moments =
          new Snapshot[] {
            Workload.saturated(all, free, Workload.SEED),
            Workload.later(Workload.saturated(all, free, Workload.SEED + 1), 30)
          };
      shape = ", all slots taken but " + free;
    } else {
      moments =
          new Snapshot[] {
            all, Workload.later(Workload.reloaded(all, runners / 20, Workload.SEED), 30)
          };
      shape = "";
    }
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    var going = Engine.standard(EngineConfig.DEFAULT);
    for (int i = 0; i < cycles; i++) {
      going.decide(moments[i % 2], 42L); // warm-up
    }
    long[] first = new long[cycles];
    long[] next = new long[cycles];
    long allocated = 0;
    for (int i = 0; i < cycles; i++) {
      long before = threads.getCurrentThreadCpuTime();
      if (!lastOnly) {
        var fresh = Engine.standard(EngineConfig.DEFAULT);
        fresh.decide(moments[i % 2], 42L);
      }
      first[i] = (threads.getCurrentThreadCpuTime() - before) / 1_000_000;
      before = threads.getCurrentThreadCpuTime();
      long bytes = threads.getCurrentThreadAllocatedBytes();
      going.decide(moments[i % 2], 42L);
      next[i] = (threads.getCurrentThreadCpuTime() - before) / 1_000_000;
      allocated += threads.getCurrentThreadAllocatedBytes() - bytes;
    }
    System.out.printf(
        "decide cycle, %d jobs x %d runners%s, thread CPU time over %d cycles:%n",
        jobs, runners, shape, cycles);
    if (!lastOnly) {
      System.out.printf("  a fresh engine:               %s%n", summary(first));
    }
    System.out.printf(
        "  the engine of the last cycle: %s, %.1f MB allocated a cycle%n",
        summary(next), allocated / 1e6 / cycles);
  }

  private static String summary(long[] ms) {
    Arrays.sort(ms);
    return String.format(
        "min %d ms, median %d ms, max %d ms", ms[0], ms[ms.length / 2], ms[ms.length - 1]);
  }
}
