package dev.runneriq.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runneriq.app.serve.SimulatedRun;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.core.model.Runner;
import dev.runneriq.formats.Trace;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.sim.workload.WorkloadPresets;
import dev.runneriq.store.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A load generator for the service's webhook route: a real {@code serve} ({@link Service}) in front
 * of the simulated GitLab on loopback (the busy day at 60× real time, whose own hooks keep coming),
 * and beside it a stream of signed Job Hooks at a fixed rate from {@code concurrency} senders, each
 * within {@code HookEndpoint}'s cap of 16 deliveries at once (a 503 is counted, and its delivery
 * sent again after its {@code Retry-After}). The stream is job lifecycles of jobs GitLab does not
 * list: pending, running 2 s later, success 2 s after that, with the projects, job names and
 * runners of the workload. Prints the rate achieved, request latency (from when each delivery was
 * due, so a stalled sender counts its wait), the 503s, and how soon advice followed a pending hook.
 *
 * <p>{@code java -cp runneriq-bench/target/benchmarks.jar dev.runneriq.bench.HookLoad [rate
 * [seconds [concurrency]]]} (defaults 5000, 30, 8).
 */
public final class HookLoad {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Job ids far above the workload's, so GitLab lists none of them. */
  private static final long FIRST_ID = 2_000_000_000L;

  private HookLoad() {}

  /** The fields of a Job Hook the receiver reads, as GitLab names them. */
  record JobHook(
      @JsonProperty("object_kind") String objectKind,
      String ref,
      boolean tag,
      String sha,
      @JsonProperty("build_id") long buildId,
      @JsonProperty("build_name") String buildName,
      @JsonProperty("build_stage") String buildStage,
      @JsonProperty("build_status") String buildStatus,
      @JsonProperty("build_created_at") String buildCreatedAt,
      @JsonProperty("build_started_at") @Nullable String buildStartedAt,
      @JsonProperty("build_finished_at") @Nullable String buildFinishedAt,
      @JsonProperty("build_allow_failure") boolean buildAllowFailure,
      @JsonProperty("pipeline_id") long pipelineId,
      @JsonProperty("project_id") long projectId,
      @JsonProperty("project_name") String projectName,
      @Nullable HookRunner runner) {}

  record HookRunner(
      long id,
      String description,
      @JsonProperty("runner_type") String runnerType,
      boolean active,
      @JsonProperty("is_shared") boolean isShared,
      List<String> tags) {}

  /** A job of the workload whose project and name the stream's jobs borrow. */
  record Shape(String project, String name, String stage, String ref) {}

  public static void main(String[] args) throws Exception {
    int rate = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    var trace = WorkloadPresets.generate("busy-day", 3);
    var fleet = Bundled.fleet();
    var shapes = shapes(trace);
    Path dir = Files.createTempDirectory("runneriq-hook-load");
    var engine = Engine.standard(EngineConfig.DEFAULT);
    try (var run =
        SimulatedRun.start(
            trace,
            fleet,
            WorkloadPresets.DAY.plus(Duration.ofHours(13)),
            60,
            3,
            StoreConfig.sqlite(dir.resolve("audit.db")),
            0,
            engine,
            Duration.ofMillis(250))) {
      var service = run.service();
      var gitlab = run.gitlab();
      var hookUrl = URI.create("http://127.0.0.1:" + service.port() + "/hooks/gitlab");
      while (service.cycles() < 2 || service.hookToAdvice().count() == 0) {
        Thread.sleep(200);
      }
      System.out.printf(
          "serve is up (%d cycles, %d GitLab hooks so far); sending %d hooks/s for %d s from %d"
              + " senders%n",
          service.cycles(), gitlab.hooksDelivered(), rate, seconds, concurrency);
      var stream = new Stream(rate, seconds, shapes, fleet, run.live()::now, run.hookSecret());
      service.hookToAdvice().reset();
      var result = stream.send(hookUrl, concurrency);
      var advice = service.hookToAdvice();
      System.out.printf(
          "sent %d hooks in %.1f s: %.0f/s; latency from due time p50 %.1f ms, p99 %.1f ms, max"
              + " %.1f ms; service time p50 %.1f ms, p99 %.1f ms; %d answered 503, %d other"
              + " failures%n",
          result.sent,
          result.seconds,
          result.sent / result.seconds,
          result.fromDue(50),
          result.fromDue(99),
          result.fromDue(100),
          result.service(50),
          result.service(99),
          result.busy.get(),
          result.failed.get());
      System.out.printf(
          "hook -> advice over %d jobs decided after a pending hook during the run: p50 %d ms, p95 %d ms, max %d ms; hook backlog %d, dropped %s; %d cycles%n",
          advice.count(),
          advice.percentile(50).toMillis(),
          advice.percentile(95).toMillis(),
          advice.percentile(100).toMillis(),
          service.hookBacklog(),
          metric(service.port(), run.apiToken(), "runneriq_hook_dropped_total"),
          service.cycles());
      System.out.flush();
      // the audit log of the stream's decisions is flushed on close: not part of the measurement
      System.exit(0);
    }
  }

  /** Distinct (project, job name) pairs of the workload. */
  private static List<Shape> shapes(Trace trace) {
    var seen = new java.util.LinkedHashSet<Shape>();
    for (var tp : trace.pipelines()) {
      for (var j : tp.jobs()) {
        var p = j.spec().pipeline();
        seen.add(new Shape(p.project(), j.spec().name(), j.spec().stage(), p.ref()));
      }
    }
    return List.copyOf(seen);
  }

  private static String metric(int port, String token, String name)
      throws IOException, InterruptedException {
    var body =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return body.lines()
        .filter(l -> l.startsWith(name + " "))
        .map(l -> l.substring(name.length() + 1))
        .findFirst()
        .orElse("?");
  }

  /**
   * Delivery {@code k} is due at {@code k / rate} s: the pending hook of job {@code k / 3} when
   * {@code k % 3 == 0}, else the running (1) or success (2) hook of the job that went pending 2 s
   * or 4 s of deliveries before.
   */
  static final class Stream {
    private final int rate;
    private final long total;
    private final List<Shape> shapes;
    private final List<Runner> fleet;
    private final Supplier<Instant> clock;
    private final String secret;
    private final AtomicLong next = new AtomicLong();
    private final long[] dueNanos;
    private final long[] serviceNanos;
    final AtomicLong busy = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    long sent;
    double seconds;

    Stream(
        int rate,
        int seconds,
        List<Shape> shapes,
        List<Runner> fleet,
        Supplier<Instant> clock,
        String secret) {
      this.secret = secret;
      this.rate = rate;
      this.total = (long) rate * seconds;
      this.shapes = shapes;
      this.fleet = fleet;
      this.clock = clock;
      this.dueNanos = new long[(int) total];
      this.serviceNanos = new long[(int) total];
    }

    Stream send(URI url, int concurrency) throws InterruptedException {
      var client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      long start = System.nanoTime();
      var senders = new ArrayList<Thread>();
      for (int t = 0; t < concurrency; t++) {
        senders.add(
            Thread.ofPlatform().name("hook-load-" + t).start(() -> run(client, url, start)));
      }
      for (var t : senders) {
        t.join();
      }
      seconds = (System.nanoTime() - start) / 1e9;
      sent = Math.min(next.get(), total);
      return this;
    }

    private void run(HttpClient client, URI url, long start) {
      for (long k = next.getAndIncrement(); k < total; k = next.getAndIncrement()) {
        long due = start + k * 1_000_000_000L / rate;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
        var body = body(k);
        if (body == null) {
          continue;
        }
        var request =
            HttpRequest.newBuilder(url)
                .header("Content-Type", "application/json")
                .header("X-Gitlab-Event", "Job Hook")
                .header("X-Gitlab-Token", secret)
                .header("X-Gitlab-Event-UUID", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
          while (true) {
            long began = System.nanoTime();
            var response = client.send(request, HttpResponse.BodyHandlers.discarding());
            long done = System.nanoTime();
            if (response.statusCode() == 503) {
              busy.incrementAndGet();
              long after =
                  response.headers().firstValueAsLong("Retry-After").orElse(1) * 1_000_000_000L;
              java.util.concurrent.locks.LockSupport.parkNanos(after);
              continue;
            }
            if (response.statusCode() != 200) {
              failed.incrementAndGet();
            }
            dueNanos[(int) k] = done - due;
            serviceNanos[(int) k] = done - began;
            break;
          }
        } catch (IOException e) {
          failed.incrementAndGet();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    /** The hook due {@code k}-th, or null when its job went pending before the stream began. */
    @Nullable String body(long k) {
      int step = (int) (k % 3);
      long job = k / 3 - (long) step * 2 * rate / 3;
      if (job < 0) {
        return null;
      }
      var shape = shapes.get((int) (job % shapes.size()));
      var runner = fleet.get((int) (job % fleet.size()));
      String status = step == 0 ? "pending" : step == 1 ? "running" : "success";
      String now = clock.get().toString();
      var hook =
          new JobHook(
              "build",
              shape.ref(),
              false,
              "0000000000000000000000000000000000000000",
              FIRST_ID + job,
              shape.name(),
              shape.stage(),
              status,
              now,
              step >= 1 ? now : null,
              step == 2 ? now : null,
              false,
              FIRST_ID + job / 5,
              1,
              shape.project(),
              step == 0
                  ? null
                  : new HookRunner(
                      runner.id(),
                      runner.name(),
                      runner.runnerType(),
                      true,
                      Runner.INSTANCE_TYPE.equals(runner.runnerType()),
                      runner.tagList()));
      try {
        return JSON.writeValueAsString(hook);
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }

    double fromDue(double p) {
      return percentile(dueNanos, p);
    }

    double service(double p) {
      return percentile(serviceNanos, p);
    }

    private double percentile(long[] nanos, double p) {
      long[] done = Arrays.stream(nanos, 0, (int) sent).filter(n -> n > 0).sorted().toArray();
      if (done.length == 0) {
        return Double.NaN;
      }
      int rank = (int) Math.ceil(p / 100 * done.length) - 1;
      return done[Math.max(0, Math.min(done.length - 1, rank))] / 1e6;
    }
  }
}
