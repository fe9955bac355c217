package dev.runneriq.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.decision.Action;
import dev.runneriq.core.decision.DecidedBy;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.RunnerStats;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.llm.FakeModelServer.Answer;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real engine with the Anthropic tie-breaker, on a snapshot with two identical runners. */
class EngineWithLlmTest {
  private FakeModelServer server;

  @BeforeEach
  void start() throws Exception {
    server = new FakeModelServer(FakeModelServer.Gate.anthropic(Fixtures.KEY));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Decision decide(String answer) {
    server.answer(Answer.ok(answer));
    var config = Fixtures.config(LlmConfig.Provider.ANTHROPIC, server.baseUrl()).build();
    var snapshot =
        new Snapshot(
            Fixtures.NOW,
            // a genuine toss-up: docker-a healthier, docker-b faster, close in total
            List.of(
                withStats(Fixtures.runner(1, "docker-a"), 1.0, 0.99),
                withStats(Fixtures.runner(2, "docker-b"), 1.2, 0.95)),
            List.of(Fixtures.job()));
    try (var llm = LlmTieBreaker.create(config)) {
      var decisions = Engine.standard(EngineConfig.DEFAULT, llm).decide(snapshot, 42);
      assertThat(decisions).hasSize(1);
      return decisions.get(0);
    }
  }

  private static Runner withStats(Runner r, double speed, double successRate) {
    return r.withSite(r.zone(), r.watts(), speed).withStats(new RunnerStats(100, successRate, 1.0));
  }

  private String toolAnswer(String arguments) {
    return new AnthropicTieBreakerTest().toolAnswer(arguments, 900, 30);
  }

  @Test
  void theModelsChoiceOfTheSecondRunnerDecides() {
    var d = decide(toolAnswer("{\"runner_id\": 2, \"rationale\": \"same facts; spreads load\"}"));
    assertThat(d.action()).isEqualTo(Action.ASSIGN);
    assertThat(d.decidedBy()).isEqualTo(DecidedBy.LLM);
    assertThat(d.runnerId()).isEqualTo(2L);
    var llm = Objects.requireNonNull(d.llm());
    assertThat(llm.accepted()).isTrue();
    assertThat(llm.rationale()).isEqualTo("same facts; spreads load");
    assertThat(d.explanation().text()).contains("same facts; spreads load");
  }

  @Test
  void garbageLeavesTheTieToTheRuleOrderAndSaysWhy() {
    var d = decide("}}} garbage");
    assertThat(d.action()).isEqualTo(Action.ASSIGN);
    assertThat(d.decidedBy()).isEqualTo(DecidedBy.TIE_BREAK);
    assertThat(d.runnerId()).isEqualTo(1L);
    var llm = Objects.requireNonNull(d.llm());
    assertThat(llm.accepted()).isFalse();
    assertThat(llm.error()).startsWith("malformed answer: ");
  }
}
