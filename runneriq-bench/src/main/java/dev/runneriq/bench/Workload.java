package dev.runneriq.bench;

import dev.runneriq.core.model.CarbonReading;
import dev.runneriq.core.model.Environment;
import dev.runneriq.core.model.JobHistory;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Pipeline;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.RunnerStats;
import dev.runneriq.core.model.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded, mid-sized-instance workload: mostly docker/linux instance runners with some GPU, ARM
 * and Windows pools, group and project runners, protected-only runners, a few paused or offline,
 * 1–8 slots partly busy, spread over four carbon zones; jobs from push, merge-request and scheduled
 * pipelines with the usual stages. The same seed always gives the same snapshot.
 */
final class Workload {
  static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  static final long SEED = 20261128L;
  private static final String[] ZONES = {"FR", "DE", "PL", "SE"};
  private static final String[] PROJECTS = {
    "shop/web", "shop/api", "shop/mobile/ios", "data/etl", "data/ml/train", "ops/infra", "docs/site"
  };
  private static final String[] GROUPS = {"shop", "data", "ops", "shop/mobile"};
  private static final String[][] KINDS = {
    {"build", "build"},
    {"docker-build", "build"},
    {"unit-tests", "test"},
    {"integration", "test"},
    {"lint", "test"},
    {"docs", "docs"},
    {"deploy-staging", "deploy"},
    {"deploy-prod", "deploy"}
  };

  private Workload() {}

  static Snapshot snapshot(int runnerCount, int jobCount, long seed) {
    var random = new SplittableRandom(seed);
    var runners = new ArrayList<Runner>(runnerCount);
    for (int i = 0; i < runnerCount; i++) {
      runners.add(runner(i + 1, random));
    }
    var jobs = new ArrayList<PendingJob>(jobCount);
    for (int i = 0; i < jobCount; i++) {
      jobs.add(job(10_000 + i, random));
    }
    var carbon =
        Map.of(
            "FR", new CarbonReading(58, NOW),
            "DE", new CarbonReading(380, NOW),
            "PL", new CarbonReading(690, NOW),
            "SE", new CarbonReading(25, NOW));
    return new Snapshot(NOW, runners, jobs, carbon, Map.of());
  }

  /**
   * {@code snapshot} as GitLab leaves a fleet with a long queue: every slot taken but {@code free}
   * (spread over the online runners, seeded), the ones freed since the last poll.
   */
  static Snapshot saturated(Snapshot snapshot, int free, long seed) {
    var random = new SplittableRandom(seed);
    var runners = new ArrayList<Runner>(snapshot.runners().size());
    for (var r : snapshot.runners()) {
      runners.add(r.withRunning(r.concurrency()));
    }
    for (int left = free, tries = 0; left > 0 && tries < 100 * free; tries++) {
      int at = random.nextInt(runners.size());
      var r = runners.get(at);
      if (r.running() > 0) {
        runners.set(at, r.withRunning(r.running() - 1));
        left--;
      }
    }
    return with(snapshot, snapshot.now(), runners);
  }

  /** {@code snapshot} with the running counts of {@code n} runners drawn again (seeded). */
  static Snapshot reloaded(Snapshot snapshot, int n, long seed) {
    var random = new SplittableRandom(seed);
    var runners = new ArrayList<>(snapshot.runners());
    for (int k = 0; k < n; k++) {
      int at = random.nextInt(runners.size());
      var r = runners.get(at);
      runners.set(at, r.withRunning(random.nextInt(r.concurrency() + 1)));
    }
    return with(snapshot, snapshot.now(), runners);
  }

  /** {@code snapshot} {@code seconds} later: the same fleet and queue, each job waited longer. */
  static Snapshot later(Snapshot snapshot, long seconds) {
    return with(snapshot, snapshot.now().plusSeconds(seconds), snapshot.runners());
  }

  private static Snapshot with(Snapshot s, Instant now, List<Runner> runners) {
    return new Snapshot(now, runners, s.jobs(), s.carbon(), s.forecast(), s.calibration());
  }

  /** A job every plain docker runner can take: the common case, scored over most of the fleet. */
  static PendingJob dockerBuild() {
    return new PendingJob(
        1,
        "docker-build",
        "build",
        List.of("docker"),
        NOW.minusSeconds(90),
        3600L,
        null,
        Map.of(),
        new Pipeline(
            77, "shop/web", "main", Pipeline.BRANCH, true, true, "push", "dana", false, List.of()),
        new JobHistory(40, 300, 0.02),
        false);
  }

  private static Runner runner(long id, SplittableRandom random) {
    int pool = random.nextInt(100);
    List<String> tags;
    if (pool < 70) {
      tags = List.of("docker", "linux");
    } else if (pool < 80) {
      tags = List.of("docker", "linux", "gpu");
    } else if (pool < 90) {
      tags = List.of("docker", "linux", "arm64");
    } else {
      tags = List.of("windows", "shell");
    }
    int kind = random.nextInt(20);
    String type = Runner.INSTANCE_TYPE;
    List<String> projects = List.of();
    List<String> groups = List.of();
    if (kind == 0) {
      type = Runner.PROJECT_TYPE;
      projects = List.of(pick(PROJECTS, random));
    } else if (kind <= 2) {
      type = Runner.GROUP_TYPE;
      groups = List.of(pick(GROUPS, random));
    }
    int concurrency = 1 + random.nextInt(8);
    var stats =
        random.nextInt(4) == 0
            ? null
            : new RunnerStats(
                50 + random.nextInt(2000),
                0.85 + random.nextInt(15) / 100.0,
                0.8 + random.nextInt(50) / 100.0);
    return Runner.builder(id, "runner-" + id)
        .type(type)
        .tags(tags)
        .runUntagged(random.nextInt(10) != 0)
        .accessLevel(random.nextInt(10) == 0 ? Runner.REF_PROTECTED : Runner.NOT_PROTECTED)
        .paused(random.nextInt(25) == 0)
        .online(random.nextInt(30) != 0)
        .concurrency(concurrency)
        .running(random.nextInt(concurrency + 1))
        .zone(random.nextInt(10) == 0 ? null : pick(ZONES, random))
        .watts(80 + random.nextInt(300))
        .speed(0.5 + random.nextInt(16) / 10.0)
        .projects(projects)
        .groups(groups)
        .maximumTimeoutS(random.nextInt(5) == 0 ? 3600L : null)
        .stats(stats)
        .build();
  }

  private static PendingJob job(long id, SplittableRandom random) {
    String[] kind = KINDS[random.nextInt(KINDS.length)];
    int tagPick = random.nextInt(100);
    List<String> tags =
        tagPick < 60
            ? List.of("docker")
            : tagPick < 75 ? List.of() : tagPick < 85 ? List.of("docker", "gpu") : List.of("arm64");
    int refPick = random.nextInt(10);
    String project = pick(PROJECTS, random);
    long pipelineId = id / 5;
    String user = random.nextInt(8) == 0 ? "renovate[bot]" : "dev" + random.nextInt(50);
    From from;
    if (refPick < 3) {
      from = new From("main", Pipeline.BRANCH, true, true, "push");
    } else if (refPick < 7) {
      String branch = "feature/f" + random.nextInt(100);
      from = new From(branch, Pipeline.MERGE_REQUEST, false, false, "merge_request_event");
    } else if (refPick < 9) {
      from = new From("main", Pipeline.BRANCH, true, true, "schedule");
    } else {
      from = new From("v2." + random.nextInt(9) + ".0", Pipeline.TAG, true, false, "push");
    }
    var pipeline =
        new Pipeline(
            pipelineId,
            project,
            from.ref(),
            from.kind(),
            from.isProtected(),
            from.isDefault(),
            from.source(),
            user,
            user.endsWith("[bot]"),
            List.of());
    Environment env =
        kind[0].equals("deploy-prod")
            ? new Environment("production", null)
            : kind[0].equals("deploy-staging") ? new Environment("staging", null) : null;
    var history =
        random.nextBoolean()
            ? new JobHistory(10 + random.nextInt(200), 30 + random.nextInt(1800), 0.02)
            : null;
    return new PendingJob(
        id,
        kind[0],
        kind[1],
        tags,
        NOW.minusSeconds(random.nextInt(3600)),
        random.nextInt(3) == 0 ? 7200L : 3600L,
        env,
        Map.of(),
        pipeline,
        history,
        random.nextBoolean());
  }

  /** Where a pipeline runs from, and why. */
  private record From(
      String ref, String kind, boolean isProtected, boolean isDefault, String source) {}

  private static String pick(String[] values, SplittableRandom random) {
    return values[random.nextInt(values.length)];
  }
}
