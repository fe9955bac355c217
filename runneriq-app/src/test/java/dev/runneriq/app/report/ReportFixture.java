package dev.runneriq.app.report;

import dev.runneriq.app.config.CarbonBudgets;
import dev.runneriq.core.decision.Action;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.model.JobOutcome;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Tier;
import dev.runneriq.core.placement.Candidate;
import dev.runneriq.core.placement.ScoreLine;
import dev.runneriq.core.placement.Scorers;
import dev.runneriq.core.priority.Factor;
import dev.runneriq.core.priority.Priority;
import dev.runneriq.gitlab.mapping.RunnerSites;
import dev.runneriq.optimizer.LearnConfig;
import dev.runneriq.optimizer.LearnedState;
import dev.runneriq.store.AuditStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An audit log filled through the store's API: four jobs of three projects decided a day before
 * {@code now}, one decided 40 days before, and what the Optimizer learned of three runners. Every
 * runner draws 1 kW, so an hour's run is 1 kWh. Runner 1's zone reads 100 g/kWh, runner 2's 500,
 * runner 3's is unknown.
 */
public final class ReportFixture {
  private ReportFixture() {}

  public static final Reports.Settings SETTINGS =
      new Reports.Settings(
          new RunnerSites(Map.of(), Map.of(), new RunnerSites.Site(null, 1000, 1)),
          new CarbonBudgets(Map.of("shop", 1.0)),
          LearnConfig.DEFAULT);

  /** Fills {@code store} relative to {@code now}. */
  public static void fill(AuditStore store, Instant now) {
    Instant at = now.minus(Duration.ofDays(1));
    var decisions = new ArrayList<Decision>();
    var outcomes = new ArrayList<AuditStore.SeenOutcome>();
    // followed, clean: 10 s wait, 1 h on runner 1 among {1: 100, 2: 500}
    add(
        decisions,
        outcomes,
        1,
        "shop/web",
        Tier.CRITICAL,
        at,
        1L,
        cands(1, 100.0, 2, 500.0),
        1L,
        10,
        60);
    // not followed, dirty: 50 s wait, 1 h on runner 2
    add(
        decisions,
        outcomes,
        2,
        "shop/backend/api",
        Tier.CRITICAL,
        at,
        1L,
        cands(1, 100.0, 2, 500.0),
        2L,
        50,
        60);
    // no carbon data: 100 s wait, 2 h on runner 3, whose zone is unknown
    add(
        decisions,
        outcomes,
        3,
        "shop/backend/api",
        Tier.LOW,
        at,
        3L,
        cands(3, null, 1, 100.0),
        3L,
        100,
        120);
    // still pending
    add(
        decisions,
        outcomes,
        4,
        "docs/site",
        Tier.LOW,
        at,
        null,
        cands(1, 100.0, 2, 500.0),
        null,
        0,
        0);
    // before the window
    add(
        decisions,
        outcomes,
        5,
        "shop/web",
        Tier.HIGH,
        now.minus(Duration.ofDays(40)),
        1L,
        cands(1, 100.0, 2, 500.0),
        1L,
        5,
        60);
    store.write(decisions);
    store.recordOutcomes(outcomes);
    store
        .learned()
        .save(
            new LearnedState(
                List.of(
                    new LearnedState.RunnerState(1, 200, 0, 0, 0, now),
                    new LearnedState.RunnerState(2, 200, 80, 0, 0, now),
                    new LearnedState.RunnerState(3, 200, 0, 200 * Math.log(2), 200, now)),
                List.of()));
  }

  private static Map<Long, @Nullable Double> cands(
      long a, @Nullable Double ga, long b, @Nullable Double gb) {
    var m = new LinkedHashMap<Long, @Nullable Double>();
    m.put(a, ga);
    m.put(b, gb);
    return m;
  }

  private static void add(
      List<Decision> decisions,
      List<AuditStore.SeenOutcome> outcomes,
      long job,
      String project,
      Tier tier,
      Instant at,
      @Nullable Long advised,
      Map<Long, @Nullable Double> intensities,
      @Nullable Long ranOn,
      long waitS,
      long runMinutes) {
    var candidates = new ArrayList<Candidate>();
    intensities.forEach(
        (id, g) ->
            candidates.add(
                new Candidate(
                    Runner.of(id, "r" + id, List.of("docker"), 2),
                    50,
                    List.of(new ScoreLine(Scorers.CARBON, g, 50, 1)),
                    List.of(""))));
    decisions.add(
        Decision.builder(
                "d" + job,
                at,
                "advisory",
                job,
                new Decision.JobRef("build", "test", project, 100 + job, "main"),
                new Priority(50, tier, List.of(new Factor("base", 50, "base"))))
            .action(advised == null ? Action.WAIT : Action.ASSIGN)
            .runnerId(advised)
            .candidates(candidates)
            .build());
    Instant started = ranOn == null ? null : at.plusSeconds(waitS);
    outcomes.add(
        new AuditStore.SeenOutcome(
            new JobOutcome(
                job,
                ranOn,
                ranOn == null ? "pending" : "success",
                at,
                started,
                started == null ? null : started.plus(Duration.ofMinutes(runMinutes))),
            at));
  }
}
