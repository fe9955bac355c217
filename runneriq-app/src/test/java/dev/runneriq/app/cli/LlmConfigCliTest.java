package dev.runneriq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.app.LoopbackModel;
import dev.runneriq.formats.Documents;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The llm section of runneriq.yaml, and the commands that use the model it configures. */
class LlmConfigCliTest {
  private static final String SECRET = "sk-test-not-a-real-key-8f3a";

  @TempDir Path dir;

  @Test
  void defaultsHaveNoModelAndConfigCheckShowsTheSection() throws Exception {
    var r = CliTest.run("config", "defaults");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("llm:", "provider: \"none\"", "timeout_ms: 2000", "cool_down_ms:");
  }

  @Test
  void configCheckNeverPrintsTheKeyFromKeyFile() throws Exception {
    Path key = Files.writeString(dir.resolve("key"), SECRET + "\n");
    Path file = dir.resolve("runneriq.yaml");
    Files.writeString(
        file, "llm:\n  provider: anthropic\n  key_file: " + key + "\n  timeout_ms: 1500\n");
    var r = CliTest.run("config", "check", file.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("provider: \"anthropic\"", "timeout_ms: 1500", key.toString());
    assertThat(r.out() + r.err()).doesNotContain(SECRET);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown provider | llm:\\n  provider: gpt | /llm/provider",
        "timeout out of range | llm:\\n  provider: openai-compatible\\n  model: m\\n  base_url: http://x\\n  timeout_ms: 0 | timeout_ms' must be between 1 and 60000, but was 0",
        "anthropic without key | llm:\\n  provider: anthropic | RUNNERIQ_LLM_API_KEY",
        "self-hosted without url | llm:\\n  provider: openai-compatible\\n  model: m | base_url' is required",
        "self-hosted without model | llm:\\n  provider: openai-compatible\\n  base_url: http://x | model' is required",
        "bad url | llm:\\n  provider: openai-compatible\\n  model: m\\n  base_url: ftp://x | (llm.base_url)",
        "typo | llm:\\n  provder: none | unknown key 'llm.provder' (did you mean 'provider'?)",
        "budget | llm:\\n  provider: openai-compatible\\n  model: m\\n  base_url: http://x\\n  budget:\\n    max_calls_per_day: -1 | llm.budget.max_calls_per_day",
        "missing key file | llm:\\n  provider: anthropic\\n  key_file: /nonexistent/key | key_file' cannot read /nonexistent/key",
      })
  void badLlmSectionIsRefusedNamingTheKey(String name, String yaml, String message)
      throws Exception {
    Path file = dir.resolve("runneriq.yaml");
    Files.writeString(file, yaml.replace("\\n", "\n"));
    var r = CliTest.run("config", "check", file.toString());
    assertThat(r.code()).as(r.out()).isEqualTo(2);
    assertThat(r.err()).contains(file.toString()).contains(message).doesNotContain("\tat ");
  }

  @Test
  void decideAsksTheConfiguredModelAtNearTiesAndSaysSo() throws Exception {
    try (var model = new LoopbackModel()) {
      Path file = Files.writeString(dir.resolve("runneriq.yaml"), model.yaml());
      Path key = Files.writeString(dir.resolve("key"), SECRET);
      Files.writeString(file, model.yaml() + "  key_file: " + key + "\n");
      var r =
          CliTest.run(
              "decide",
              "--context",
              CliTest.example("deploy-rush.json").toString(),
              "--config",
              file.toString());
      assertThat(r.code()).as(r.err()).isZero();
      var decisions = Documents.JSON.readTree(r.out()).get("decisions");
      int llm = 0;
      for (var d : decisions) {
        if (d.get("decided_by").asText().equals("llm")) {
          llm++;
          assertThat(d.at("/llm/accepted").asBoolean()).isTrue();
          assertThat(d.at("/llm/rationale").asText()).isEqualTo("the faster of the two");
          assertThat(d.get("explanation").asText()).contains("the faster of the two");
        }
      }
      // the first near-tie (job 502) goes to the model; its choice changes what is free after
      assertThat(llm).isPositive();
      assertThat(model.bodies()).hasSize(llm);
      assertThat(model.bodies().get(0)).contains("compile");
      assertThat(model.authorizations()).containsOnly("Bearer " + SECRET);
      assertThat(r.out()).doesNotContain(SECRET);
    }
  }

  @Test
  void llmDecisionsAreMarkedForReviewInTheLog() throws Exception {
    try (var model = new LoopbackModel()) {
      Path file = Files.writeString(dir.resolve("runneriq.yaml"), model.yaml());
      String db = dir.resolve("audit.db").toString();
      var r =
          CliTest.run(
              "decide",
              "--context",
              CliTest.example("deploy-rush.json").toString(),
              "--config",
              file.toString(),
              "--db",
              db);
      assertThat(r.code()).as(r.err()).isZero();
      var log = CliTest.run("log", "--db", db);
      assertThat(log.code()).as(log.err()).isZero();
      var review = log.out().lines().filter(l -> l.contains("REVIEW")).toList();
      assertThat(review)
          .isNotEmpty()
          .hasSize(model.bodies().size())
          .allMatch(l -> l.contains("llm"));
      var json = CliTest.run("log", "--db", db, "--format", "json");
      assertThat(json.code()).as(json.err()).isZero();
      for (var d : Documents.JSON.readTree(json.out()).get("decisions")) {
        boolean llm = d.get("decided_by").asText().equals("llm");
        assertThat(d.get("needs_review").asBoolean()).as(d.get("id").asText()).isEqualTo(llm);
      }
    }
  }

  @Test
  void simulateRunsTheRunnerIqPolicyWithTheModelAndCountsItsDecisions() throws Exception {
    try (var model = new LoopbackModel()) {
      Path file = Files.writeString(dir.resolve("runneriq.yaml"), model.yaml());
      Path json = dir.resolve("out.json");
      var r =
          CliTest.run(
              "simulate",
              "--preset",
              "nightly",
              "--policies",
              "fifo,runneriq-carbon",
              "--config",
              file.toString(),
              "--json",
              json.toString());
      assertThat(r.code()).as(r.err()).isZero();
      long llm =
          Documents.JSON
              .readTree(Files.readString(json))
              .at("/policies/runneriq-carbon/decisions/llm")
              .asLong();
      assertThat(llm).isPositive().isEqualTo(model.bodies().size());
      assertThat(r.out()).containsPattern("decisions of runneriq-carbon:.* llm " + llm + "\\b");
    }
  }
}
