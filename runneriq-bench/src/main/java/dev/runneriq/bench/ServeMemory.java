package dev.runneriq.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runneriq.sim.LiveSim;
import dev.runneriq.sim.gitlab.SimClock;
import dev.runneriq.sim.gitlab.SimGitLab;
import dev.runneriq.sim.workload.Bundled;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * The resident memory of a real {@code runneriq serve} process (a child JVM) in front of the
 * simulated GitLab on loopback holding {@link Workload}'s fleet and queue: every job its own
 * pipeline, ten hours long, so the jobs GitLab starts on the fleet's slots keep them and the rest
 * stay pending. Waits until the service's queue holds them and it has run full cycles over it, then
 * samples {@code VmRSS} every second, and times 100-job queue pages.
 *
 * <p>{@code java -Xmx3g -cp runneriq-bench/target/benchmarks.jar dev.runneriq.bench.ServeMemory
 * [runners [pending [serve's -Xmx [seconds [histogram]]]]]} (defaults 10000, 100000, 1g, 60).
 * Prints when the queue first held the pending jobs, how many polls the service made (its {@code
 * runners} requests) and how long its cycles took (their mean, and how many took at most each bound
 * of the histogram from 50 ms to 1 s) while the RSS was sampled, the load average over the whole
 * run, and the audit log's drops: {@code runneriq_audit_*} from {@code /metrics} at the end and the
 * audit log's lines in {@code serve.log}. The wait gives up after 10 minutes. With {@code
 * histogram} as the fifth argument, the largest classes of the live heap ({@code jcmd <pid>
 * GC.class_histogram}, which collects the heap in full) once the samples and pages are done. {@code
 * -Dservememory.jvm="..."} adds JVM options to {@code serve} (a GC log, a collector's settings),
 * through its {@code JAVA_TOOL_OPTIONS}.
 */
public final class ServeMemory {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String TOKEN = "glpat-serve-memory";
  static final String HOOK_SECRET = "serve-memory-hook-secret";
  static final String API_TOKEN = "serve-memory-api-token";

  private ServeMemory() {}

  public static void main(String[] args) throws Exception {
    int runnerCount = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int pendingTarget = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    String xmx = args.length > 2 ? args[2] : "1g";
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 60;
    boolean histogram = args.length > 4 && args[4].equals("histogram");
    long began = System.nanoTime();
    var load = Load.sample();

    var fleet = Fleet.of(runnerCount, pendingTarget);
    var trace = fleet.trace();
    int slots = fleet.slots();
    Instant t0 = fleet.t0();
    var live = new LiveSim(trace, fleet.runners(), Bundled.carbon(), "fair", 1);
    int servePort = freePort();
    var clock = new SimClock(t0, 1);
    Path dir = Files.createTempDirectory("runneriq-serve-memory");
    try (var gitlab =
        new SimGitLab(
                new SimGitLab.Options(
                    live,
                    trace,
                    clock,
                    TOKEN,
                    URI.create("http://127.0.0.1:" + servePort + "/hooks/gitlab"),
                    HOOK_SECRET,
                    freePort()))
            .start()) {
      System.out.printf(
          "simulated GitLab up in %.1f s: %d runners (%d slots), %d jobs%n",
          (System.nanoTime() - began) / 1e9, runnerCount, slots, fleet.jobs());
      Path config = dir.resolve("runneriq.yaml");
      Files.writeString(
          config, fleet.serveConfig(gitlab.url(), servePort, "sqlite: " + dir.resolve("audit.db")));
      String options = System.getProperty("servememory.jvm");
      var serve =
          serve(
              xmx,
              config,
              dir.resolve("serve.log"),
              options == null ? Map.of() : Map.of("JAVA_TOOL_OPTIONS", options));
      long started = System.nanoTime();
      long pid = serve.pid();
      String base = "http://127.0.0.1:" + servePort;
      try {
        // until the queue holds (nearly) every pending job and two more cycles ran over it
        long cyclesAtFull = -1;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (true) {
          if (!serve.isAlive()) {
            throw new IllegalStateException("serve exited: see " + dir.resolve("serve.log"));
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("serve did not take in the queue within 10 minutes");
          }
          Thread.sleep(5000);
          long total = total(base);
          long cycles = (long) metric(base, "runneriq_engine_cycle_seconds_count");
          System.out.printf(
              "%.0f s: queue total %d, %d cycles, %d polls, RSS %d MB, sim pending %d%n",
              (System.nanoTime() - began) / 1e9,
              total,
              cycles,
              polls(base),
              rssKb(pid) >> 10,
              live.pendingJobs().size());
          if (cyclesAtFull < 0 && total >= pendingTarget * 9L / 10) {
            cyclesAtFull = cycles;
            System.out.printf(
                "queue full %.0f s after serve started%n", (System.nanoTime() - started) / 1e9);
          }
          if (cyclesAtFull >= 0 && cycles >= cyclesAtFull + 2) {
            break;
          }
        }
        long total = total(base);
        long pollsBefore = polls(base);
        double cyclesBefore = metric(base, "runneriq_engine_cycle_seconds_count");
        double cycleSecondsBefore = metric(base, "runneriq_engine_cycle_seconds_sum");
        var bucketsBefore = cycleBuckets(base);
        var rss = new long[seconds];
        for (int i = 0; i < seconds; i++) {
          rss[i] = rssKb(pid);
          Thread.sleep(1000);
        }
        double sampledCycles = metric(base, "runneriq_engine_cycle_seconds_count") - cyclesBefore;
        System.out.printf(
            "%d polls ended in the %d s of samples; %.0f cycles over the full queue then, %.0f ms"
                + " on average%n",
            polls(base) - pollsBefore,
            seconds,
            sampledCycles,
            (metric(base, "runneriq_engine_cycle_seconds_sum") - cycleSecondsBefore)
                * 1000
                / Math.max(1, sampledCycles));
        System.out.println(bucketsLine(bucketsBefore, cycleBuckets(base)));
        var pageMs = pages(base, total);
        Arrays.sort(rss);
        System.out.printf(
            "serve -Xmx%s, %d runners, queue total %d: RSS over %d s max %d MB, median %d MB%n",
            xmx, runnerCount, total, seconds, rss[rss.length - 1] >> 10, rss[rss.length / 2] >> 10);
        System.out.println(pagesLine(pageMs));
        get(base + "/metrics")
            .lines()
            .filter(
                l ->
                    (l.startsWith("runneriq_engine_cycle") && !l.contains("_bucket"))
                        || l.startsWith("runneriq_audit_"))
            .forEach(System.out::println);
        var auditLines =
            Files.readAllLines(dir.resolve("serve.log")).stream()
                .filter(l -> l.contains("audit log:"))
                .toList();
        System.out.printf(
            "audit log: %.0f dropped (/metrics); %d lines of serve.log name it%s%n",
            metric(base, "runneriq_audit_dropped_total"),
            auditLines.size(),
            auditLines.isEmpty() ? "" : ":");
        auditLines.forEach(l -> System.out.println("  " + l));
        if (histogram) {
          String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
          var histo =
              new ProcessBuilder(jcmd, Long.toString(pid), "GC.class_histogram")
                  .redirectErrorStream(true)
                  .start();
          var lines =
              new String(histo.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                  .lines()
                  .toList();
          histo.waitFor();
          System.out.println("live heap after a full collection, the largest classes:");
          lines.stream().limit(28).forEach(System.out::println);
          lines.stream().filter(l -> l.startsWith("Total")).forEach(System.out::println);
        }
        load.stop();
        System.out.printf("load average: %s%n", load);
        System.out.printf("log: %s%n", dir.resolve("serve.log"));
      } finally {
        serve.destroy();
        serve.waitFor();
      }
    }
    System.exit(0);
  }

  /**
   * A {@code runneriq serve} child process on this class path with {@code config}, its output to
   * {@code log}, the simulated GitLab's tokens and {@code env} in its environment.
   */
  static Process serve(String xmx, Path config, Path log, Map<String, String> env)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var pb =
        new ProcessBuilder(
                java,
                "-Xmx" + xmx,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.runneriq.app.Main",
                "serve",
                "--config",
                config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("RUNNERIQ_GITLAB_TOKEN", TOKEN);
    pb.environment().put("RUNNERIQ_GITLAB_WEBHOOK_SECRET", HOOK_SECRET);
    pb.environment().put("RUNNERIQ_API_TOKEN", API_TOKEN);
    pb.environment().putAll(env);
    return pb.start();
  }

  /** The wall-clock times of 200 queue pages of 100 jobs at offsets through the queue, sorted. */
  static double[] pages(String base, long total) throws IOException {
    var pageMs = new double[200];
    for (int i = 0; i < pageMs.length; i++) {
      long offset = (long) i * 100 % Math.max(1, total - 100);
      long before = System.nanoTime();
      get(base + "/api/v1/queue?offset=" + offset + "&limit=100");
      pageMs[i] = (System.nanoTime() - before) / 1e6;
    }
    Arrays.sort(pageMs);
    return pageMs;
  }

  static String pagesLine(double[] sortedMs) {
    return String.format(
        "queue page of 100 jobs, wall clock over %d requests: p50 %.1f ms, p95 %.1f ms, max %.1f ms",
        sortedMs.length,
        sortedMs[sortedMs.length / 2],
        sortedMs[(int) Math.ceil(0.95 * sortedMs.length) - 1],
        sortedMs[sortedMs.length - 1]);
  }

  static long total(String base) {
    try {
      return JSON.readTree(get(base + "/api/v1/queue?limit=1")).path("total").asLong(-1);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Polls ended so far: the service lists the runners once a poll. */
  static long polls(String base) {
    return (long)
        metric(base, "runneriq_gitlab_requests_total{endpoint=\"runners\",outcome=\"ok\"");
  }

  /**
   * The engine cycles' histogram buckets of {@code /metrics} from 50 ms to 1 s: each bucket's upper
   * bound in seconds and the cycles at or under it so far.
   */
  static java.util.SortedMap<Double, Double> cycleBuckets(String base) {
    var out = new java.util.TreeMap<Double, Double>();
    try {
      get(base + "/metrics")
          .lines()
          .filter(l -> l.startsWith("runneriq_engine_cycle_seconds_bucket{le=\""))
          .forEach(
              l -> {
                int from = l.indexOf('"') + 1;
                String le = l.substring(from, l.indexOf('"', from));
                if (!le.equals("+Inf")) {
                  double bound = Double.parseDouble(le);
                  if (bound >= 0.05 && bound <= 1) {
                    out.put(bound, Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)));
                  }
                }
              });
    } catch (IOException | RuntimeException e) {
      out.clear();
    }
    return out;
  }

  /** How many of the cycles between two readings of the buckets took at most each bound. */
  static String bucketsLine(
      java.util.SortedMap<Double, Double> before, java.util.SortedMap<Double, Double> after) {
    var line = new StringBuilder("  of them, at most:");
    after.forEach(
        (bound, n) ->
            line.append(
                String.format(
                    " %.0f ms %.0f;", bound * 1000, n - before.getOrDefault(bound, 0.0))));
    return line.toString();
  }

  /** The value of the first {@code /metrics} line starting with {@code name}, or -1. */
  static double metric(String base, String name) {
    try {
      return get(base + "/metrics")
          .lines()
          .filter(l -> l.startsWith(name))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
          .findFirst()
          .orElse(-1);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static String get(String url) throws IOException {
    try {
      var response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url))
                  .header("Authorization", "Bearer " + API_TOKEN)
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException(url + ": " + response.statusCode());
      }
      return response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** {@code VmRSS} of process {@code pid}, in kB. */
  static long rssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  static int freePort() throws IOException {
    try (var s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
