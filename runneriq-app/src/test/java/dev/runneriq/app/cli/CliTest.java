package dev.runneriq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.formats.Documents;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CliTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int code = RunnerIqCommand.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  static Path example(String name) {
    // tests run in the module folder; the examples live at the repository root
    return Path.of("..", "examples", name);
  }

  @Test
  void decidePrintsOneDecisionPerJobInTheDecisionFormat() throws Exception {
    var r = run("decide", "--context", example("deploy-rush.json").toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode doc = Documents.JSON.readTree(r.out());
    assertThat(doc.get("format").asText()).isEqualTo("runneriq.decisions/v1");
    var decisions = doc.get("decisions");
    assertThat(decisions).hasSize(6);
    var first = decisions.get(0);
    assertThat(first.get("job_id").asLong()).isEqualTo(501);
    assertThat(first.get("priority").get("tier").asText()).isEqualTo("CRITICAL");
    assertThat(first.get("action").asText()).isEqualTo("assign");
    assertThat(first.get("runner_id").asLong()).isEqualTo(14);
    for (String field :
        new String[] {
          "id",
          "at",
          "mode",
          "job",
          "priority",
          "action",
          "runner_id",
          "defer_until",
          "decided_by",
          "candidates",
          "rejections",
          "considered",
          "explanation",
          "llm",
          "fallback_reason"
        }) {
      assertThat(first.has(field)).as(field).isTrue();
    }
    assertThat(first.get("rejections").get("missing required tags").asInt()).isEqualTo(3);
  }

  @Test
  void decideIsDeterministicForTheSameSeed() {
    var a = run("decide", "--context", example("carbon-zones.json").toString(), "--seed", "7");
    var b = run("decide", "--context", example("carbon-zones.json").toString(), "--seed", "7");
    assertThat(a.out()).isEqualTo(b.out());
  }

  @Test
  void everyExampleRunsInBothFormats() {
    for (String name :
        new String[] {
          "deploy-rush.json", "unplaceable-and-busy.json", "carbon-zones.json", "greener-hour.json"
        }) {
      for (String format : new String[] {"json", "text"}) {
        var r = run("decide", "--context", example(name).toString(), "--format", format);
        assertThat(r.code()).as(name + " " + r.err()).isZero();
      }
      assertThat(run("score", "--context", example(name).toString()).code()).isZero();
    }
  }

  @Test
  void unplaceableExampleExplainsTheRejections() throws Exception {
    var r = run("decide", "--context", example("unplaceable-and-busy.json").toString());
    var decisions = Documents.JSON.readTree(r.out()).get("decisions");
    JsonNode gpu = Documents.JSON.createObjectNode();
    for (var d : decisions) {
      if (d.get("job_id").asLong() == 901) {
        gpu = d;
      }
    }
    assertThat(gpu.get("action").asText()).isEqualTo("unplaceable");
    assertThat(gpu.get("explanation").asText())
        .contains("0/5 runners can take it")
        .contains("paused");
  }

  @Test
  void scorePrintsFactorLinesThatSumToTheScore() throws Exception {
    var r = run("score", "--context", example("deploy-rush.json").toString(), "--format", "json");
    assertThat(r.code()).isZero();
    for (var job : Documents.JSON.readTree(r.out()).get("jobs")) {
      int sum = 0;
      for (var f : job.get("factors")) {
        sum += f.get("points").asInt();
      }
      assertThat(sum).isEqualTo(job.get("score").asInt());
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing ref | {\"format\":\"runneriq.context/v1\",\"now\":\"2026-11-28T10:00:00Z\",\"runners\":[],\"jobs\":[{\"id\":1,\"name\":\"a\",\"stage\":\"test\",\"pending_since\":\"2026-11-28T09:00:00Z\",\"pipeline\":{\"id\":1,\"project\":\"p\",\"ref_kind\":\"branch\",\"source\":\"push\"}}]} | /jobs/0/pipeline/ref",
        "wrong type | {\"now\":\"2026-11-28T10:00:00Z\",\"runners\":[{\"id\":\"eleven\",\"name\":\"r\",\"concurrency\":1}],\"jobs\":[]} | /runners/0/id",
        "bad time | {\"now\":\"yesterday\",\"runners\":[],\"jobs\":[]} | /now",
        "zero concurrency | {\"now\":\"2026-11-28T10:00:00Z\",\"runners\":[{\"id\":1,\"name\":\"r\",\"concurrency\":0}],\"jobs\":[]} | /runners/0/concurrency",
        "not json | {\"now\": | line 1",
      })
  void malformedContextNamesFileAndPointerAndExitsTwo(String name, String body, String where)
      throws Exception {
    Path file = dir.resolve("ctx.json");
    Files.writeString(file, body);
    var r = run("decide", "--context", file.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(file.toString()).contains(where).doesNotContain("Exception");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void missingContextFileIsNamed() {
    var r = run("score", "--context", dir.resolve("nope.json").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("nope.json").contains("no such file");
  }

  @Test
  void everyCommandsHelpRendersWithoutFormatWarnings() {
    // picocli formats descriptions with String.format and warns on stderr when a '%' is not doubled
    var stderr = System.err;
    var captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      var root = new picocli.CommandLine(new RunnerIqCommand());
      var all = new java.util.ArrayList<picocli.CommandLine>();
      all.add(root);
      for (int i = 0; i < all.size(); i++) {
        all.addAll(all.get(i).getSubcommands().values());
      }
      for (var command : all) {
        assertThat(command.getUsageMessage()).as(command.getCommandName()).contains("Usage:");
      }
      assertThat(all).hasSizeGreaterThan(5);
    } finally {
      System.setErr(stderr);
    }
    assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void unknownFlagExitsTwo() {
    assertThat(run("decide", "--contxt", "x").code()).isEqualTo(2);
  }

  @Test
  void configCheckPrintsTheEffectiveConfig() throws Exception {
    Path file = dir.resolve("runneriq.yaml");
    Files.writeString(
        file, "placement:\n  tie_margin: 0.2\npriority:\n  aging:\n    minutes_to_ceiling: 25\n");
    var r = run("config", "check", file.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("tie_margin: 0.2")
        .contains("minutes_to_ceiling: 25")
        .contains("mode: \"advisory\"");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "out of range | placement:\\n  tie_margin: 1.5 | tie margin must be between 0 and 1, but was 1.5 (placement.tie_margin)",
        "typo | placment:\\n  tie_margin: 0.2 | unknown key 'placment' (did you mean 'placement'?)",
        "wrong type | priority:\\n  aging:\\n    ceiling: lots | /priority/aging/ceiling",
        "a key of an earlier version | priority:\\n  aging:\\n    cap: 25 | set priority.aging.ceiling",
        "ceiling at CRITICAL | priority:\\n  aging:\\n    ceiling: 80 | aging ceiling must be below the CRITICAL threshold 80",
        "bad regex | priority:\\n  ref:\\n    hotfix_branch_pattern: '(' | priority.ref.hotfix_branch_pattern",
        "bad mode | mode: yolo | mode must be one of",
      })
  void badConfigIsRejectedNamingTheKey(String name, String yaml, String message) throws Exception {
    Path file = dir.resolve("runneriq.yaml");
    Files.writeString(file, yaml.replace("\\n", "\n"));
    var r = run("config", "check", file.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(file.toString()).contains(message);
  }

  @Test
  void configCheckReadsTheCarbonSeriesAndChecksItsZones() throws Exception {
    Path series = dir.resolve("series.csv");
    Files.writeString(
        series,
        "timestamp,zone,gco2_per_kwh\n2023-01-01T00:00:00Z,DE,420\n2023-01-01T01:00:00Z,DE,400\n");
    Path file = dir.resolve("runneriq.yaml");
    Files.writeString(file, "carbon:\n  provider: csv\n  path: " + series + "\n");
    var ok = run("config", "check", file.toString());
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("provider: \"csv\"");

    // a fleet zone the series does not have is named with the zones it has
    Files.writeString(
        file,
        "carbon:\n  provider: csv\n  path: " + series + "\nfleet:\n  zone_by_tag: {eu: FR}\n");
    var wrongZone = run("config", "check", file.toString());
    assertThat(wrongZone.code()).isEqualTo(2);
    assertThat(wrongZone.err())
        .contains("no data for the fleet's zone 'FR' in the series " + series)
        .contains("[DE]");
    Files.writeString(file, "carbon:\n  provider: csv\n  path: " + series + "\n");

    Files.writeString(series, "timestamp,zone,gco2_per_kwh\n2023-01-01T00:00:00Z,DE,lots\n");
    var broken = run("config", "check", file.toString());
    assertThat(broken.code()).isEqualTo(2);
    assertThat(broken.err()).contains(series.toString()).contains("line 2").doesNotContain("\tat ");

    Files.writeString(file, "carbon:\n  provider: csv\n  path: " + dir.resolve("nope.csv") + "\n");
    var missing = run("config", "check", file.toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("carbon.path does not exist").contains("nope.csv");
  }

  @Test
  void configChangesTheEngine() throws Exception {
    Path file = dir.resolve("runneriq.yaml");
    Files.writeString(file, "priority:\n  environment_points:\n    production: 10\n");
    var r =
        run(
            "score",
            "--context",
            example("deploy-rush.json").toString(),
            "--config",
            file.toString(),
            "--format",
            "json");
    var jobs = Documents.JSON.readTree(r.out()).get("jobs");
    assertThat(byJob(jobs, 501).get("tier").asText()).isEqualTo("HIGH");
    assertThat(jobs.get(0).get("job_id").asLong()).isNotEqualTo(501);
  }

  @Test
  void lowJobIsDeferredToTheGreenerHourUnlessTheConfigForbidsIt() throws Exception {
    var r = run("decide", "--context", example("greener-hour.json").toString());
    assertThat(r.code()).as(r.err()).isZero();
    var deferred = decisionFor(r.out(), 960);
    assertThat(deferred.get("action").asText()).isEqualTo("defer");
    assertThat(deferred.get("defer_until").asText()).isEqualTo("2026-11-28T04:00:00Z");
    assertThat(deferred.get("runner_id").isNull()).isTrue();
    assertThat(deferred.get("explanation").asText()).contains("about 63% less");
    assertThat(decisionFor(r.out(), 961).get("action").asText()).isEqualTo("assign");

    Path file = dir.resolve("runneriq.yaml");
    Files.writeString(file, "carbon:\n  tolerant_max_delay_minutes: 0\n");
    var strict =
        run(
            "decide",
            "--context",
            example("greener-hour.json").toString(),
            "--config",
            file.toString());
    assertThat(decisionFor(strict.out(), 960).get("action").asText()).isEqualTo("assign");
  }

  static JsonNode decisionFor(String out, long jobId) throws Exception {
    return byJob(Documents.JSON.readTree(out).get("decisions"), jobId);
  }

  static JsonNode byJob(JsonNode items, long jobId) {
    for (var d : items) {
      if (d.get("job_id").asLong() == jobId) {
        return d;
      }
    }
    throw new AssertionError("no entry for job " + jobId);
  }

  @Test
  void decisionsWrittenToTheAuditLogCanBeQueried() throws Exception {
    String db = dir.resolve("audit.db").toString();
    var decide = run("decide", "--context", example("deploy-rush.json").toString(), "--db", db);
    assertThat(decide.code()).as(decide.err()).isZero();
    var all = run("log", "--db", db);
    assertThat(all.code()).as(all.err()).isZero();
    assertThat(all.out().lines()).hasSize(6);
    var critical = run("log", "--db", db, "--tier", "CRITICAL", "--format", "json");
    var decisions = Documents.JSON.readTree(critical.out()).get("decisions");
    assertThat(decisions).hasSize(1);
    assertThat(decisions.get(0).get("job_id").asLong()).isEqualTo(501);
    assertThat(run("log", "--db", db, "--job", "510").out()).contains("job 510 lint");
    var bad = run("log", "--db", db, "--since", "yesterday");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--since");
  }

  @Test
  void serveRefusesBadSetUpWithOneLineNamingTheKey() throws Exception {
    var missing = run("serve", "--config", dir.resolve("nope.yaml").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.yaml").doesNotContain("Exception");

    Path file = dir.resolve("runneriq.yaml");
    Files.writeString(file, "server:\n  port: 0\n");
    var noUrl = run("serve", "--config", file.toString());
    assertThat(noUrl.code()).isEqualTo(2);
    assertThat(noUrl.err()).contains("gitlab.url is required").doesNotContain("\tat ");
  }

  @Test
  void demoRefusesBadFlags() {
    var speed = run("demo", "--speed", "0");
    assertThat(speed.code()).isEqualTo(2);
    assertThat(speed.err()).contains("--speed must be between 1 and 3600, but was 0");
    var preset = run("demo", "--preset", "tuesday");
    assertThat(preset.code()).isEqualTo(2);
    assertThat(preset.err()).contains("--preset must be one of busy-day");
  }
}
