package dev.runneriq.core.priority;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.model.Environment;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Pipeline;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AgedScoreTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private final Analyzer analyzer = new Analyzer(PriorityPolicy.DEFAULT);

  private static PendingJob job(
      String ref, boolean prot, String name, Environment env, String hint) {
    var p =
        new Pipeline(1, "shop/web", ref, "branch", prot, prot, "push", "dana", false, List.of());
    return new PendingJob(
        1,
        name,
        "deploy",
        List.of(),
        T0,
        null,
        env,
        hint.isEmpty() ? Map.of() : Map.of("RUNNERIQ_PRIORITY", hint),
        p,
        null,
        false);
  }

  @ParameterizedTest(name = "pending {0} minutes")
  @ValueSource(ints = {0, 1, 7, 30, 59, 61, 120, 600})
  void agedScoreEqualsTheFullScore(int minutes) {
    var prod = new Environment("production", "production");
    var jobs =
        List.of(
            job("main", true, "deploy-prod", prod, ""),
            job("hotfix/x", true, "deploy-prod", prod, "critical"),
            job("feature/a", false, "lint", new Environment("review/a", null), ""),
            job("main", true, "compile", new Environment("staging", null), "low"),
            job("feature/b", false, "docs", new Environment("dev", null), "high"));
    var now = T0.plus(Duration.ofMinutes(minutes)).plusMillis(500);
    for (var j : jobs) {
      int base = Analyzer.unclamped(analyzer.baseScore(j));
      long ms = Duration.between(j.pendingSince(), now).toMillis();
      assertThat(analyzer.agedScore(base, ms))
          .as(j.name() + " on " + j.pipeline().ref())
          .isEqualTo(analyzer.score(j, now).score());
    }
  }
}
