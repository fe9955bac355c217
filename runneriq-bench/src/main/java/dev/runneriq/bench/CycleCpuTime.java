package dev.runneriq.bench;

import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * The cycle of {@link CycleBenchmark} measured in thread CPU time rather than wall-clock time, for
 * machines where other work competes for the cores: {@code java -cp
 * runneriq-bench/target/benchmarks.jar dev.runneriq.bench.CycleCpuTime [cycles [jobs runners]]} (by
 * default 10,000 jobs on 1,000 runners; {@code 5 100000 10000} is the scale target's cycle). A
 * fourth argument N takes the fleet as GitLab leaves it under a long queue: every slot taken but N
 * (see {@link Workload#saturated}).
 */
public final class CycleCpuTime {
  private CycleCpuTime() {}

  public static void main(String[] args) {
    int cycles = args.length > 0 ? Integer.parseInt(args[0]) : 21;
    int jobs = args.length > 2 ? Integer.parseInt(args[1]) : CycleBenchmark.JOBS;
    int runners = args.length > 2 ? Integer.parseInt(args[2]) : CycleBenchmark.RUNNERS;
    var all = Workload.snapshot(runners, jobs, Workload.SEED);
    var snapshot =
        args.length > 3 ? Workload.saturated(all, Integer.parseInt(args[3]), Workload.SEED) : all;
    var engine = Engine.standard(EngineConfig.DEFAULT);
    var threads = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < cycles; i++) {
      engine.decide(snapshot, 42L); // warm-up
    }
    long[] ms = new long[cycles];
    for (int i = 0; i < cycles; i++) {
      long before = threads.getCurrentThreadCpuTime();
      engine.decide(snapshot, 42L);
      ms[i] = (threads.getCurrentThreadCpuTime() - before) / 1_000_000;
    }
    Arrays.sort(ms);
    System.out.printf(
        "decide cycle, %d jobs x %d runners%s, thread CPU time over %d cycles: min %d ms, median"
            + " %d ms, max %d ms%n",
        jobs,
        runners,
        args.length > 3 ? ", all slots taken but " + args[3] : "",
        cycles,
        ms[0],
        ms[cycles / 2],
        ms[cycles - 1]);
  }
}
