package dev.runneriq.core.priority;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.model.Calibration;
import dev.runneriq.core.model.Environment;
import dev.runneriq.core.model.JobHistory;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Pipeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Scores kept between cycles are the scores worked out afresh, whatever happens to the queue. */
class QueueScoresProperties {
  private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
  private static final String[] REFS = {"main", "feature/a", "hotfix/db", "release/2.1", "v2.1.0"};
  private static final String[] NAMES = {"build", "rspec", "lint", "deploy-prod", "docs"};
  private static final Environment[] ENVS = {
    null, new Environment("production", null), new Environment("review/a", null)
  };
  private static final String[] HINTS = {"", "critical", "low", "high"};

  private final Analyzer analyzer = new Analyzer(PriorityPolicy.DEFAULT);

  @Property(tries = 200)
  void everyCycleGivesTheScoresOfAFreshAnalysis(@ForAll long seed) {
    var random = new Random(seed);
    var scores = new QueueScores(analyzer);
    var queue = new ArrayList<PendingJob>();
    long nextId = 1;
    var now = T0;
    var calibration = Calibration.NONE;
    for (int cycle = 0; cycle < 12; cycle++) {
      // jobs leave anywhere, join at the end; sometimes the queue is read again (equal copies),
      // read again with what their history says now, reordered, or the calibration or the clock
      // moves a long way
      queue.removeIf(j -> random.nextInt(6) == 0);
      for (int k = random.nextInt(30); k > 0; k--) {
        queue.add(job(nextId++, now.minusSeconds(random.nextInt(7200)), random));
      }
      switch (random.nextInt(8)) {
        case 0 -> queue.replaceAll(j -> j.waitingSince(j.pendingSince()));
        case 1 -> Collections.shuffle(queue, random);
        case 3 ->
            queue.replaceAll(
                j ->
                    random.nextBoolean()
                        ? j.withHistory(new JobHistory(30, 20 + random.nextInt(600), 0.9))
                        : j);
        case 2 ->
            calibration =
                new Calibration(
                    Map.of("shop/web", new Calibration.Adjustment(-random.nextInt(20), "claims")));
        default -> {}
      }
      now =
          now.plusMillis(
              random.nextBoolean() ? random.nextInt(90_000) : random.nextInt(20) * 3_600_000L);

      var got = scores.score(List.copyOf(queue), now, calibration);

      assertThat(got).hasSize(queue.size());
      for (int i = 0; i < got.length; i++) {
        assertThat(got[i])
            .as("job %d in cycle %d", queue.get(i).id(), cycle)
            .isEqualTo(analyzer.score(queue.get(i), now, calibration));
      }
    }
  }

  static PendingJob job(long id, Instant since, Random random) {
    String ref = REFS[random.nextInt(REFS.length)];
    String kind = ref.startsWith("v") ? Pipeline.TAG : Pipeline.BRANCH;
    boolean prot = random.nextBoolean();
    var pipeline =
        new Pipeline(
            id / 3,
            "shop/web",
            ref,
            kind,
            prot,
            ref.equals("main"),
            "push",
            "dana",
            false,
            List.of());
    String hint = HINTS[random.nextInt(HINTS.length)];
    return new PendingJob(
        id,
        NAMES[random.nextInt(NAMES.length)],
        "test",
        List.of(),
        since,
        null,
        ENVS[random.nextInt(ENVS.length)],
        hint.isEmpty() ? Map.of() : Map.of("RUNNERIQ_PRIORITY", hint),
        pipeline,
        random.nextBoolean() ? new JobHistory(20, 40, 0.3) : null,
        false);
  }
}
