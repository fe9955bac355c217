package dev.runneriq.app.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.app.http.Insights;
import dev.runneriq.app.http.OpenApiAnswersTest;
import dev.runneriq.formats.ContextFormat;
import dev.runneriq.formats.Documents;
import dev.runneriq.optimizer.Honesty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the leader publishes is what a follower serves: every example context, decided by the
 * engine, with held jobs, skipped projects, carbon problems and history and what the Optimizer
 * found, reads back equal to what was written.
 */
class SharedStateTest {
  static Stream<Path> examples() throws IOException {
    try (var files = Files.list(Path.of("..", "examples"))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyPartOfTheLiveStateReadsBackEqual(Path example) {
    var base = OpenApiAnswersTest.stateOf(ContextFormat.read(example));
    var jobs = base.snapshot().jobs();
    var state =
        new LoopState(
            base.snapshot(),
            base.decisions(),
            Instant.parse("2026-12-01T10:15:02.123456789Z"),
            "GitLab answered 500 — \"stale\"\nsince 10:15",
            false,
            List.of("project shop/legacy skipped: GitLab answered 404"),
            base.carbonProvider(),
            Map.of("PL", "Electricity Maps answered 503"),
            base.carbonHistory(),
            jobs.isEmpty() ? Set.of() : Set.of(jobs.get(0).id()),
            new Insights(
                120,
                80,
                0.9871,
                List.of(
                    new Insights.RunnerInsight(
                        9, "docker-gb-1", 96, 0.8113, 1.0, List.of("unhealthy"))),
                List.of(
                    new Honesty.Flag(
                        "mobile/search",
                        "hotfix",
                        0.8571,
                        0.0047,
                        14,
                        -15,
                        "86% of this project's pipelines run on hotfix branches",
                        false))));
    assertThat(state.decisions()).isNotEmpty();

    var back = SharedState.read(SharedState.write(state));

    assertThat(back).isEqualTo(state);
    assertThat(back.decisions()).isEqualTo(state.decisions());
    assertThat(back.snapshot()).isEqualTo(state.snapshot());
  }

  @ParameterizedTest
  @MethodSource("examples")
  void aStateOfAnotherShapeIsRefusedWithTheReason(Path example) throws Exception {
    String written = SharedState.write(OpenApiAnswersTest.stateOf(ContextFormat.read(example)));
    var tree = (ObjectNode) Documents.JSON.readTree(written);
    ((ObjectNode) tree.get("snapshot")).put("jobs", "seven");
    String otherVersion = tree.toString();
    assertThatThrownBy(() -> SharedState.read(otherVersion))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("same version");
  }
}
