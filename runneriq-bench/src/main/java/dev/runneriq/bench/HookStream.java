package dev.runneriq.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runneriq.core.model.Runner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Signed Job Hooks at a fixed rate from a few senders, each on a keep-alive connection of its own
 * ({@link HookConnection}). Delivery {@code k} is the pending hook of job {@code k / 3} when {@code
 * k % 3 == 0}, else the running (1) or success (2) hook of the job that went pending {@code 2 ×
 * rate} or {@code 4 × rate} deliveries before (at first, of jobs that went pending before the
 * stream began, as for a service started amid the traffic). Over the first {@code warmUp} seconds
 * the rate rises evenly from 0, and those deliveries are not measured (the service's code is
 * compiled as it runs); then one is due every {@code 1 / rate} s. A 503 is counted and its delivery
 * sent again after its {@code Retry-After}. Keeps each measured delivery's latency twice: from when
 * it was due (a sender that fell behind counts its wait) and the service time of its last request.
 * Senders give up {@code 2 × (warmUp + seconds) + 10} s after the start, so a rate far out of reach
 * still ends.
 */
final class HookStream {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Job ids far above the workload's, so GitLab lists none of them. */
  private static final long FIRST_ID = 2_000_000_000L;

  /** The high half of every delivery's {@code X-Gitlab-Event-UUID}; the low half is {@code k}. */
  private static final long UUID_HIGH = 0x5eed_0000_0000_4000L;

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

  private final int rate;

  private final int total;

  /** Deliveries before this one warm the service up and are not measured. */
  private final int firstMeasured;

  private final long warmUpNanos;
  private final List<Shape> shapes;
  private final List<Runner> fleet;
  private final Supplier<Instant> clock;
  private final String headers;
  private final AtomicLong next = new AtomicLong();
  private final AtomicLong answered = new AtomicLong();
  private final long cutoffNanos;
  private final long[] dueNanos;
  private final long[] serviceNanos;
  final AtomicLong busy = new AtomicLong();
  final AtomicLong failed = new AtomicLong();

  /** Measured deliveries answered. */
  long sent;

  /** From the first measured delivery's due time until the last answer. */
  double seconds;

  /**
   * @param clock the simulated GitLab's time, for the hooks' timestamps
   */
  HookStream(
      int rate,
      int warmUp,
      int seconds,
      List<Shape> shapes,
      List<Runner> fleet,
      Supplier<Instant> clock,
      String secret) {
    this.rate = rate;
    this.firstMeasured = rate * warmUp / 2;
    this.warmUpNanos = warmUp * 1_000_000_000L;
    this.total = firstMeasured + rate * seconds;
    this.cutoffNanos = (2L * (warmUp + seconds) + 10) * 1_000_000_000L;
    this.shapes = shapes;
    this.fleet = fleet;
    this.clock = clock;
    this.headers =
        "Content-Type: application/json\r\nX-Gitlab-Event: Job Hook\r\nX-Gitlab-Token: "
            + secret
            + "\r\n";
    this.dueNanos = new long[total];
    this.serviceNanos = new long[total];
  }

  HookStream send(int port, int concurrency) throws InterruptedException {
    long start = System.nanoTime();
    var senders = new ArrayList<Thread>();
    for (int t = 0; t < concurrency; t++) {
      senders.add(Thread.ofPlatform().name("hook-load-" + t).start(() -> run(port, start)));
    }
    for (var t : senders) {
      t.join();
    }
    seconds = (System.nanoTime() - start - warmUpNanos) / 1e9;
    sent = answered.get();
    return this;
  }

  private void run(int port, long start) {
    try (var connection = new HookConnection("127.0.0.1", port)) {
      for (long i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
        if (System.nanoTime() - start > cutoffNanos) {
          return; // far behind: what was answered so far is the measurement
        }
        long due = start + dueAfter(i);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        String head = headers + "X-Gitlab-Event-UUID: " + new UUID(UUID_HIGH, i) + "\r\n";
        deliver(connection, (int) i, due, head, body(i).getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  /**
   * When delivery {@code i} is due, in ns from the start: over the warm-up the rate rises evenly
   * from 0 to {@code rate} ({@code rate × t² / 2 warmUp} deliveries by {@code t}), then holds.
   */
  private long dueAfter(long i) {
    if (i < firstMeasured) {
      return (long) (Math.sqrt(2.0 * i * warmUpNanos / rate / 1e9) * 1e9);
    }
    return warmUpNanos + (i - firstMeasured) * 1_000_000_000L / rate;
  }

  private void deliver(HookConnection connection, int i, long due, String head, byte[] body) {
    try {
      while (true) {
        long began = System.nanoTime();
        var answer = connection.post("/hooks/gitlab", head, body);
        long done = System.nanoTime();
        if (answer.status() == 503) {
          busy.incrementAndGet();
          LockSupport.parkNanos(Math.max(1, answer.retryAfterS()) * 1_000_000_000L);
          continue;
        }
        if (answer.status() != 200) {
          failed.incrementAndGet();
        }
        if (i >= firstMeasured) {
          dueNanos[i] = done - due;
          serviceNanos[i] = done - began;
          answered.incrementAndGet();
        }
        return;
      }
    } catch (IOException e) {
      failed.incrementAndGet();
    }
  }

  /** The hook due {@code k}-th. */
  String body(long k) {
    int step = (int) (k % 3);
    long job = k / 3 - (long) step * 2 * rate / 3;
    var shape = shapes.get(Math.floorMod(job, shapes.size()));
    var runner = fleet.get(Math.floorMod(job, fleet.size()));
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
            FIRST_ID + Math.floorDiv(job, 5),
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

  /** The {@code p}-th percentile of the latency from the due time, in ms. */
  double fromDue(double p) {
    return percentile(dueNanos, p);
  }

  /**
   * How far behind the schedule the measured deliveries were answered, window by window of {@code
   * windowS} s of due time: the median and 99th percentile latency from the due time, in ms. A
   * service that keeps up holds it flat; one that falls behind shows it growing.
   */
  List<String> lagByWindow(int windowS) {
    var lags = new ArrayList<String>();
    int per = rate * windowS;
    for (int from = firstMeasured; from < dueNanos.length; from += per) {
      var window = Arrays.copyOfRange(dueNanos, from, Math.min(from + per, dueNanos.length));
      lags.add("%.0f/%.0f".formatted(percentile(window, 50), percentile(window, 99)));
    }
    return lags;
  }

  /** The {@code p}-th percentile of the service time, in ms. */
  double service(double p) {
    return percentile(serviceNanos, p);
  }

  private double percentile(long[] nanos, double p) {
    long[] done = Arrays.stream(nanos).filter(n -> n > 0).sorted().toArray();
    if (done.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100 * done.length) - 1;
    return done[Math.max(0, Math.min(done.length - 1, rank))] / 1e6;
  }
}
