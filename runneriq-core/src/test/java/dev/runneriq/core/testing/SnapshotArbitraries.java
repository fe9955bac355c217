package dev.runneriq.core.testing;

import dev.runneriq.core.model.CarbonReading;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Snapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;

/**
 * Random snapshots for properties: a small fleet of mixed runners (tags, capacity, running, paused,
 * offline, protected, project and group runners, timeouts, zones) and a queue of mixed jobs, drawn
 * from small pools so that matches, near-ties and full runners are common.
 */
public final class SnapshotArbitraries {
  private static final List<String> TAGS = List.of("docker", "linux", "gpu", "arm");
  private static final List<String> PROJECTS = List.of("shop/web", "shop/api/core", "ops/tools");
  private static final List<String> GROUPS = List.of("shop", "shop/api", "ops", "sales");

  private SnapshotArbitraries() {}

  public static Arbitrary<Snapshot> snapshots() {
    return snapshots(12, 15);
  }

  /** Snapshots of up to this many runners and jobs. */
  public static Arbitrary<Snapshot> snapshots(int maxRunners, int maxJobs) {
    return Combinators.combine(
            runners().list().ofMaxSize(maxRunners),
            jobs().list().ofMaxSize(maxJobs),
            Arbitraries.integers().between(0, 500),
            Arbitraries.integers().between(0, 500))
        .as(SnapshotArbitraries::assemble);
  }

  private static Snapshot assemble(
      List<Fixtures.RunnerBuilder> runnerSpecs,
      List<Fixtures.JobBuilder> jobSpecs,
      int fr,
      int de) {
    var runners = new ArrayList<Runner>();
    for (int i = 0; i < runnerSpecs.size(); i++) {
      // Ids descend so that the input order is not the id order the engine must impose.
      runners.add(runnerSpecs.get(i).id(100 - i).build());
    }
    var jobs = new ArrayList<PendingJob>();
    for (int i = 0; i < jobSpecs.size(); i++) {
      jobs.add(jobSpecs.get(i).id(1000 + i).build());
    }
    var carbon = new HashMap<String, CarbonReading>();
    carbon.put("FR", new CarbonReading(fr, Fixtures.NOW));
    carbon.put("DE", new CarbonReading(de, Fixtures.NOW));
    return new Snapshot(Fixtures.NOW, runners, jobs, carbon, java.util.Map.of());
  }

  /** Runners of every kind the engine meets, as builders (id 0). */
  public static Arbitrary<Fixtures.RunnerBuilder> runnerBuilders() {
    return runners();
  }

  static Arbitrary<Fixtures.RunnerBuilder> runners() {
    return Builders.withBuilder(() -> Fixtures.runner(0))
        .use(tags())
        .in((b, t) -> b.tags(t.toArray(String[]::new)))
        .use(Arbitraries.of(true, true, false))
        .in(Fixtures.RunnerBuilder::runUntagged)
        .use(Arbitraries.integers().between(1, 4).flatMap(c -> slots(c)))
        .in((b, s) -> b.slots(s[0], s[1]))
        .use(Arbitraries.just(true))
        .withProbability(0.15)
        .in((b, x) -> b.paused())
        .use(Arbitraries.just(true))
        .withProbability(0.15)
        .in((b, x) -> b.offline())
        .use(Arbitraries.just(true))
        .withProbability(0.2)
        .in((b, x) -> b.protectedRefsOnly())
        .use(Arbitraries.of(PROJECTS).list().ofMaxSize(2))
        .withProbability(0.15)
        .in((b, p) -> b.projectRunner(p.toArray(String[]::new)))
        .use(Arbitraries.of(GROUPS).list().ofMaxSize(2))
        .withProbability(0.15)
        .in((b, g) -> b.groupRunner(g.toArray(String[]::new)))
        .use(Arbitraries.of(600L, 3600L, 7200L))
        .withProbability(0.3)
        .in(Fixtures.RunnerBuilder::maximumTimeoutS)
        .use(Arbitraries.of("FR", "DE", "PL"))
        .withProbability(0.7)
        .in(Fixtures.RunnerBuilder::zone)
        .use(Arbitraries.of(0.5, 1.0, 1.0, 2.0))
        .in(Fixtures.RunnerBuilder::speed)
        .use(Arbitraries.doubles().between(0.5, 1.0).ofScale(2))
        .withProbability(0.5)
        .in((b, rate) -> b.stats(100, rate, 1.0 + (1.0 - rate)))
        .build();
  }

  private static Arbitrary<int[]> slots(int concurrency) {
    return Arbitraries.integers().between(0, concurrency + 1).map(r -> new int[] {concurrency, r});
  }

  static Arbitrary<Fixtures.JobBuilder> jobs() {
    var kinds =
        Arbitraries.of(
            List.of("build", "build"),
            List.of("unit-tests", "test"),
            List.of("lint", "test"),
            List.of("docs", "docs"),
            List.of("deploy-prod", "deploy"),
            List.of("package", "package"));
    return Builders.withBuilder(() -> Fixtures.job("build", "build"))
        .use(kinds)
        .in((b, k) -> b.named(k.get(0), k.get(1)))
        .use(tags())
        .in((b, t) -> b.tags(t.toArray(String[]::new)))
        .use(Arbitraries.integers().between(0, 120))
        .in((b, minutes) -> b.pendingFor(Duration.ofMinutes(minutes)))
        .use(Arbitraries.of(PROJECTS))
        .in(Fixtures.JobBuilder::project)
        .use(Arbitraries.integers().between(0, 5))
        .in(SnapshotArbitraries::ref)
        .use(Arbitraries.of("push", "web", "schedule", "merge_request_event", "trigger"))
        .in(Fixtures.JobBuilder::source)
        .use(Arbitraries.of(true, false))
        .in((b, bot) -> b.triggeredBy(bot ? "renovate" : "dana", bot))
        .use(Arbitraries.of(600L, 3600L, 7200L))
        .withProbability(0.5)
        .in(Fixtures.JobBuilder::timeoutS)
        .use(Arbitraries.of("production", "staging", "review/feature-x"))
        .withProbability(0.3)
        .in((b, env) -> b.environment(env, null))
        .use(Arbitraries.of("high", "low", "critical", "90", "nonsense"))
        .withProbability(0.2)
        .in((b, hint) -> b.variable("RUNNERIQ_PRIORITY", hint))
        .use(Arbitraries.integers().between(0, 3000))
        .withProbability(0.4)
        .in((b, p50) -> b.history(20, p50, p50 % 2 == 0 ? 0.05 : 0.4))
        .build();
  }

  private static Fixtures.JobBuilder ref(Fixtures.JobBuilder b, int kind) {
    return switch (kind) {
      case 0 -> b.onProtectedDefaultBranch();
      case 1 -> b.branch("hotfix/payment", true, false);
      case 2 -> b.tag("v2.3.1");
      case 3 -> b.mergeRequest("feature/login");
      case 4 -> b.branch("release/2.3", true, false);
      default -> b.branch("feature/login", false, false);
    };
  }

  private static Arbitrary<List<String>> tags() {
    return Arbitraries.of(TAGS).list().uniqueElements().ofMaxSize(2);
  }
}
