package dev.runneriq.bench;

import dev.runneriq.formats.Trace;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.sim.workload.WorkloadPresets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A load generator for the service's webhook route, in a process apart from the service: it starts
 * {@link HookTarget} (the service in front of the simulated GitLab) as a child JVM and sends it
 * {@link HookStream}'s signed Job Hooks at a fixed rate from {@code senders} keep-alive
 * connections, each within {@code HookEndpoint}'s cap of 16 deliveries at once. The stream is job
 * lifecycles of jobs GitLab does not list: pending, running 2 s later, success 2 s after that, with
 * the projects, job names and runners of the workload. Prints the rate achieved, request latency
 * (service time, and from when each delivery was due), the 503s, how soon advice followed a pending
 * hook, the load average around the run and the CPU time each process took.
 *
 * <p>{@code java -cp runneriq-bench/target/benchmarks.jar dev.runneriq.bench.HookLoad [rate
 * [seconds [senders [sqlite|postgres [warm-up seconds]]]]]} (defaults 5000, 30, 8, sqlite, 20):
 * over the warm-up the rate rises evenly from 0, and it is not measured. The service's JVM options
 * are {@code -Dhookload.jvm="..."} (default {@code -Xmx1g}); {@code -Dhookload.jvm="-Xmx1g
 * -Dhookload.jfr=hooks.jfr"} profiles the run (and not the start). Its log goes to a temporary
 * file.
 */
public final class HookLoad {
  private HookLoad() {}

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int senders = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    String store = args.length > 3 ? args[3] : "sqlite";
    int warmUp = args.length > 4 ? Integer.parseInt(args[4]) : 20;
    Path log = Files.createTempFile("runneriq-hook-load", ".log");
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(System.getProperty("hookload.jvm", "-Xmx1g").trim().split("\\s+")));
    command.addAll(
        List.of(
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            HookTarget.class.getName(),
            store));
    var target =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    try (var toTarget = new PrintWriter(target.outputWriter(StandardCharsets.UTF_8), true)) {
      var said = listen(target, log);
      String[] ready = await(said, "ready", Duration.ofMinutes(5)).split(" ");
      int port = Integer.parseInt(ready[1]);
      String secret = ready[2];
      long simAt = Long.parseLong(ready[3]);
      long realAt = System.nanoTime();
      System.out.printf(
          "serve is up (pid %d, %s store, %s GitLab hooks so far, log %s); sending %d hooks/s"
              + " for %d s (after %d s rising to it, not measured) from %d senders; load %s%n",
          target.pid(), store, ready[4], log, rate, seconds, warmUp, senders, Load.now());
      var trace = WorkloadPresets.generate("busy-day", 3);
      var fleet = Bundled.fleet();
      var stream =
          new HookStream(
              rate,
              warmUp,
              seconds,
              shapes(trace),
              fleet,
              () ->
                  Instant.ofEpochMilli(
                      simAt + (long) ((System.nanoTime() - realAt) / 1e6 * HookTarget.SPEED)),
              secret);
      toTarget.println("reset");
      await(said, "ok", Duration.ofSeconds(30));
      var load = Load.sample();
      var cpu = Cpu.of(target);
      stream.send(port, senders);
      var used = cpu.since();
      load.stop();
      toTarget.println("report");
      String[] advice = await(said, "advice", Duration.ofSeconds(30)).split(" ");
      System.out.printf(
          "%d hooks answered in %.1f s: %.0f/s; service time p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
              + " from due time p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d answered 503, %d other"
              + " failures%n",
          stream.sent,
          stream.seconds,
          stream.sent / stream.seconds,
          stream.service(50),
          stream.service(99),
          stream.service(100),
          stream.fromDue(50),
          stream.fromDue(99),
          stream.fromDue(100),
          stream.busy.get(),
          stream.failed.get());
      System.out.printf(
          "from due time in each 5 s, p50/p99: %s ms%n", String.join(" ", stream.lagByWindow(5)));
      System.out.printf(
          "hook -> advice over %s jobs decided after a pending hook during the run: p50 %s ms,"
              + " p95 %s ms, max %s ms; hook backlog %s, dropped %s; %s cycles%n",
          advice[1], advice[2], advice[3], advice[4], advice[5], advice[6], advice[7]);
      System.out.printf("load average during the run %s; CPU time %s%n", load, used);
    } finally {
      if (!target.waitFor(60, TimeUnit.SECONDS)) {
        target.destroy();
        target.waitFor();
      }
    }
    System.exit(0);
  }

  /** Distinct (project, job name) pairs of the workload. */
  private static List<HookStream.Shape> shapes(Trace trace) {
    var seen = new LinkedHashSet<HookStream.Shape>();
    for (var tp : trace.pipelines()) {
      for (var j : tp.jobs()) {
        var p = j.spec().pipeline();
        seen.add(new HookStream.Shape(p.project(), j.spec().name(), j.spec().stage(), p.ref()));
      }
    }
    return List.copyOf(seen);
  }

  /** The target's lines for this process, its log lines copied to {@code log}. */
  private static BlockingQueue<String> listen(Process target, Path log) {
    var said = new LinkedBlockingQueue<String>();
    Thread.ofPlatform()
        .daemon()
        .name("hook-target-out")
        .start(
            () -> {
              try (var in =
                      new BufferedReader(
                          new InputStreamReader(target.getInputStream(), StandardCharsets.UTF_8));
                  Writer out =
                      Files.newBufferedWriter(
                          log, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  if (line.startsWith(HookTarget.PREFIX)) {
                    said.add(line.substring(HookTarget.PREFIX.length()));
                  } else {
                    out.write(line);
                    out.write('\n');
                    out.flush();
                  }
                }
              } catch (IOException e) {
                said.add("failed " + e.getMessage());
              }
              said.add("exited");
            });
    return said;
  }

  private static String await(BlockingQueue<String> said, String word, Duration timeout)
      throws InterruptedException {
    String line = said.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null || !line.startsWith(word)) {
      throw new IllegalStateException(
          "the service said " + line + " where " + word + " was awaited; see its log");
    }
    return line;
  }
}
