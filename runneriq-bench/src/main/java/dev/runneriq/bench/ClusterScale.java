package dev.runneriq.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runneriq.sim.LiveSim;
import dev.runneriq.sim.gitlab.SimClock;
import dev.runneriq.sim.gitlab.SimGitLab;
import dev.runneriq.sim.workload.Bundled;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.function.LongSupplier;

/**
 * Two replicas of {@code runneriq serve} (child JVMs) on one PostgreSQL store (embedded, on
 * loopback) in front of the simulated GitLab holding {@link Fleet}'s queue: the leader decides, the
 * follower serves what the leader published, and GitLab's webhooks go to the follower, which hands
 * them to the leader through the store's inbox. Once both show the full queue it samples both
 * processes' resident memory, how old the follower's published state is, and the follower's queue
 * pages; then it kills the leader ({@code SIGKILL}) and times the follower's taking over: until it
 * says it leads, and until its own first cycles over the whole queue have run.
 *
 * <p>{@code java -Xmx3g -cp runneriq-bench/target/benchmarks.jar dev.runneriq.bench.ClusterScale
 * [runners [pending [each replica's -Xmx [seconds]]]]} (defaults 10000, 100000, 1g, 60). The
 * replicas inherit the environment (set {@code MALLOC_ARENA_MAX=2} as the image does); {@code
 * -Dclusterscale.jvm.a="..."} and {@code .b} add JVM options to the first leader and the first
 * follower (a flight recording, a GC log). Gives up when a step takes more than 10 minutes.
 */
public final class ClusterScale {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STEP = Duration.ofMinutes(10);

  private ClusterScale() {}

  private record Replica(String name, Process process, String base, long startedNanos) {}

  public static void main(String[] args) throws Exception {
    int runnerCount = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int pendingTarget = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    String xmx = args.length > 2 ? args[2] : "1g";
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 60;
    long began = System.nanoTime();
    var load = Load.sample();
    var fleet = Fleet.of(runnerCount, pendingTarget);
    var live = new LiveSim(fleet.trace(), fleet.runners(), Bundled.carbon(), "fair", 1);
    int portA = ServeMemory.freePort();
    int portB = ServeMemory.freePort();
    Path dir = Files.createTempDirectory("runneriq-cluster-scale");
    try (var pg = EmbeddedPostgres.builder().start();
        var gitlab =
            new SimGitLab(
                    new SimGitLab.Options(
                        live,
                        fleet.trace(),
                        new SimClock(fleet.t0(), 1),
                        ServeMemory.TOKEN,
                        URI.create("http://127.0.0.1:" + portB + "/hooks/gitlab"),
                        ServeMemory.HOOK_SECRET,
                        ServeMemory.freePort()))
                .start()) {
      System.out.printf(
          "simulated GitLab and PostgreSQL up in %.1f s: %d runners (%d slots), %d jobs%n",
          (System.nanoTime() - began) / 1e9, runnerCount, fleet.slots(), fleet.jobs());
      String url = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres";
      var a = start("a", portA, xmx, url, gitlab.url(), fleet, dir);
      Replica b = null;
      try {
        waitFor("replica a leads", () -> "leader".equals(role(a)) ? 1 : -1, a);
        b = start("b", portB, xmx, url, gitlab.url(), fleet, dir);
        var follower = b;
        waitFor("replica b follows", () -> "follower".equals(role(follower)) ? 1 : -1, b);
        long full = pendingTarget * 9L / 10;
        long leaderFull =
            waitFor(
                "the leader's queue full", () -> ServeMemory.total(a.base()) >= full ? 1 : -1, a);
        System.out.printf(
            "leader's queue full %.0f s after it started%n", (leaderFull - a.startedNanos()) / 1e9);
        long cyclesAtFull = cycles(a);
        waitFor("two more cycles", () -> cycles(a) >= cyclesAtFull + 2 ? 1 : -1, a);
        long followerFull =
            waitFor(
                "the follower's queue full",
                () -> ServeMemory.total(follower.base()) >= full ? 1 : -1,
                b);
        System.out.printf(
            "follower's queue full %.0f s after it started%n",
            (followerFull - b.startedNanos()) / 1e9);

        var rssA = new long[seconds];
        var rssB = new long[seconds];
        var ageMs = new long[seconds];
        for (int i = 0; i < seconds; i++) {
          rssA[i] = ServeMemory.rssKb(a.process().pid());
          rssB[i] = ServeMemory.rssKb(b.process().pid());
          ageMs[i] = publishedAgeMs(b);
          Thread.sleep(1000);
        }
        long total = ServeMemory.total(b.base());
        var pageMs = ServeMemory.pages(b.base(), total);
        System.out.printf("leader    -Xmx%s: %s%n", xmx, rss(rssA));
        System.out.printf("follower  -Xmx%s: %s%n", xmx, rss(rssB));
        Arrays.sort(ageMs);
        System.out.printf(
            "the follower's published state, age over %d s: median %.1f s, max %.1f s; %d bytes"
                + " compressed%n",
            seconds,
            ageMs[seconds / 2] / 1e3,
            ageMs[seconds - 1] / 1e3,
            cluster(b).path("leader").path("published_bytes").asLong(-1));
        System.out.println(
            "follower's " + ServeMemory.pagesLine(pageMs) + " (queue total " + total + ")");
        printCycles("leader", a);

        long killed = System.nanoTime();
        a.process().destroyForcibly();
        a.process().waitFor();
        var successor = b;
        long leads = waitFor("b leads", () -> "leader".equals(role(successor)) ? 1 : -1, b);
        System.out.printf(
            "after SIGKILL of the leader: b leads in %.1f s%n", (leads - killed) / 1e9);
        // until b has read GitLab itself it shows what a published, and is not ready
        long ready = waitFor("b ready", () -> ready(successor) ? 1 : -1, b);
        System.out.printf(
            "b ready (has read GitLab itself) %.1f s after the kill%n", (ready - killed) / 1e9);
        long cyclesAtReady = cycles(b);
        long ownCycles =
            waitFor(
                "b's own cycles over the full queue",
                () ->
                    cycles(successor) >= cyclesAtReady + 2
                            && ServeMemory.total(successor.base()) >= full
                        ? 1
                        : -1,
                b);
        System.out.printf(
            "b's own second cycle over the full queue %.1f s after the kill; RSS %d MB%n",
            (ownCycles - killed) / 1e9, ServeMemory.rssKb(b.process().pid()) >> 10);
        printCycles("b, leading", b);
        load.stop();
        System.out.printf("load average: %s%n", load);
        System.out.printf("logs: %s%n", dir);
      } finally {
        stop(a);
        if (b != null) {
          stop(b);
        }
      }
    }
    System.exit(0);
  }

  private static Replica start(
      String name, int port, String xmx, String url, URI gitlab, Fleet fleet, Path dir)
      throws IOException {
    Path config = dir.resolve(name + ".yaml");
    Files.writeString(
        config,
        fleet.serveConfig(gitlab, port, "url: " + url + "\n  user: postgres")
            + "gate:\n  instance: "
            + name
            + "\n");
    var env = new HashMap<String, String>();
    env.put("RUNNERIQ_STORE_PASSWORD", "postgres");
    String options = System.getProperty("clusterscale.jvm." + name);
    if (options != null) {
      env.put("JAVA_TOOL_OPTIONS", options);
    }
    var process = ServeMemory.serve(xmx, config, dir.resolve(name + ".log"), env);
    return new Replica(name, process, "http://127.0.0.1:" + port, System.nanoTime());
  }

  /**
   * Polls {@code done} every second until it is non-negative; {@link System#nanoTime} then. Fails
   * when {@code watched} exits or the step takes longer than {@link #STEP}.
   */
  private static long waitFor(String what, LongSupplier done, Replica watched)
      throws InterruptedException {
    long deadline = System.nanoTime() + STEP.toNanos();
    while (done.getAsLong() < 0) {
      if (!watched.process().isAlive()) {
        throw new IllegalStateException(
            "replica " + watched.name() + " exited while waiting for " + what);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + ": not within " + STEP);
      }
      Thread.sleep(1000);
    }
    return System.nanoTime();
  }

  private static JsonNode cluster(Replica r) {
    try {
      return JSON.readTree(ServeMemory.get(r.base() + "/api/v1/cluster"));
    } catch (IOException | RuntimeException e) {
      return JSON.createObjectNode();
    }
  }

  /** Whether {@code r} answers {@code /readyz} with 200: it has read GitLab since it started. */
  private static boolean ready(Replica r) {
    try {
      ServeMemory.get(r.base() + "/readyz");
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String role(Replica r) {
    return cluster(r).path("role").asText("");
  }

  /** How long ago the state the follower serves was published, in ms; -1 before any. */
  private static long publishedAgeMs(Replica follower) {
    String at = cluster(follower).path("leader").path("published_at").asText("");
    return at.isEmpty() ? -1 : Duration.between(Instant.parse(at), Instant.now()).toMillis();
  }

  private static long cycles(Replica r) {
    return (long) ServeMemory.metric(r.base(), "runneriq_engine_cycle_seconds_count");
  }

  private static void printCycles(String who, Replica r) throws IOException {
    ServeMemory.get(r.base() + "/metrics")
        .lines()
        .filter(l -> l.startsWith("runneriq_engine_cycle") && !l.contains("_bucket"))
        .forEach(l -> System.out.println(who + ": " + l));
  }

  private static String rss(long[] kb) {
    var sorted = kb.clone();
    Arrays.sort(sorted);
    return String.format(
        "RSS over %d s max %d MB, median %d MB",
        sorted.length, sorted[sorted.length - 1] >> 10, sorted[sorted.length / 2] >> 10);
  }

  private static void stop(Replica r) throws InterruptedException {
    r.process().destroy();
    r.process().waitFor();
  }
}
