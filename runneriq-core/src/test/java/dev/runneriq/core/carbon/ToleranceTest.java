package dev.runneriq.core.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Pipeline;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which jobs may wait hours for a greener window. */
class ToleranceTest {
  private static final Tolerance RULES =
      new Tolerance(
          Set.of("schedule"),
          "RUNNERIQ_DEFERRABLE",
          List.of("docs/*", "data/**"),
          List.of("nightly-.*"));

  static PendingJob job(String project, String name, String source, Map<String, String> vars) {
    var pipeline =
        new Pipeline(1, project, "main", "branch", true, true, source, null, false, List.of());
    return new PendingJob(
        7, name, "test", List.of(), Instant.EPOCH, null, null, vars, pipeline, null, false);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        argumentSet("a push", job("shop/web", "unit", "push", Map.of()), null),
        argumentSet(
            "a scheduled pipeline",
            job("shop/web", "unit", "schedule", Map.of()),
            "scheduled pipeline"),
        argumentSet(
            "a merge request opted in by variable",
            job("shop/web", "unit", "merge_request_event", Map.of("RUNNERIQ_DEFERRABLE", "yes")),
            "RUNNERIQ_DEFERRABLE=yes"),
        argumentSet(
            "a scheduled pipeline opted out by variable",
            job("shop/web", "unit", "schedule", Map.of("RUNNERIQ_DEFERRABLE", "false")),
            null),
        argumentSet(
            "a variable that is neither yes nor no is ignored",
            job("shop/web", "unit", "schedule", Map.of("RUNNERIQ_DEFERRABLE", "maybe")),
            "scheduled pipeline"),
        argumentSet(
            "a project matching docs/*",
            job("docs/site", "build", "push", Map.of()),
            "project docs/site opted in"),
        argumentSet(
            "docs/* stays within one path segment",
            job("docs/site/api", "build", "push", Map.of()),
            null),
        argumentSet(
            "data/** crosses segments",
            job("data/ml/models", "build", "push", Map.of()),
            "project data/ml/models opted in"),
        argumentSet(
            "a job name matching nightly-.*",
            job("shop/web", "nightly-e2e", "push", Map.of()),
            "job nightly-e2e opted in"),
        argumentSet(
            "a job name matched whole, not in part",
            job("shop/web", "run-nightly-e2e", "push", Map.of()),
            null));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void saysWhyAJobIsDelayTolerant(PendingJob job, @Nullable String why) {
    assertThat(RULES.why(job)).isEqualTo(why);
  }

  @Test
  void aBadJobPatternIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> new Tolerance(Set.of(), "V", List.of(), List.of("nightly-(")))
        .hasMessageContaining("carbon.deferrable.jobs[0]")
        .hasMessageContaining("nightly-(");
  }

  @Test
  void globsQuoteEverythingButStars() {
    assertThat(Tolerance.globMatches("a.b/*", "a.b/c")).isTrue();
    assertThat(Tolerance.globMatches("a.b/*", "axb/c")).isFalse();
  }
}
