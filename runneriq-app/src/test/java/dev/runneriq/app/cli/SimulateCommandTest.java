package dev.runneriq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.formats.Documents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
  @TempDir Path dir;

  private static final String PIPELINE =
      "{\"id\": 1, \"project\": \"shop/web\", \"ref\": \"main\", \"ref_kind\": \"branch\","
          + " \"protected\": true, \"default_branch\": true, \"source\": \"push\","
          + " \"created_at\": \"2026-03-02T09:00:00Z\", \"stages\": [\"build\", \"deploy\"],"
          + " \"jobs\": [{\"name\": \"compile\", \"stage\": \"build\", \"tag_list\": [\"docker\"],"
          + " \"duration_s\": 300}, {\"name\": \"lint\", \"stage\": \"build\", \"duration_s\": 60},"
          + " {\"name\": \"deploy-prod\", \"stage\": \"deploy\", \"tag_list\": [\"docker\", \"deploy\"],"
          + " \"duration_s\": 120, \"environment\": {\"name\": \"production\"}}]}";

  @Test
  void simulateWritesJsonWithEveryFieldOfTheResultFormatAndAReport() throws Exception {
    var trace = Files.write(dir.resolve("t.jsonl"), List.of(PIPELINE));
    var json = dir.resolve("out.json");
    var html = dir.resolve("out.html");
    var r =
        CliTest.run(
            "simulate",
            "--trace",
            trace.toString(),
            "--json",
            json.toString(),
            "--report",
            html.toString(),
            "--seed",
            "3");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("fifo", "fair", "runneriq", "critical-only", "vs fair / fifo", "CRITICAL p95");
    var doc = Documents.JSON.readTree(Files.readString(json));
    assertThat(doc.get("format").asText()).isEqualTo("runneriq.sim-result/v1");
    for (String p :
        List.of(
            "/trace/source",
            "/trace/pipelines",
            "/trace/jobs",
            "/trace/start",
            "/trace/end",
            "/fleet/runners",
            "/fleet/slots",
            "/carbon/zones",
            "/carbon/shift_weeks",
            "/carbon/runners_without_data",
            "/seed")) {
      assertThat(doc.at(p).isMissingNode()).as(p).isFalse();
    }
    assertThat(doc.at("/trace/jobs").asInt()).isEqualTo(3);
    assertThat(doc.at("/seed").asLong()).isEqualTo(3);
    for (String policy : List.of("fifo", "fair", "runneriq", "critical-only")) {
      var p = doc.at("/policies/" + policy);
      for (String f :
          List.of("jobs_run", "energy_kwh", "co2_kg", "utilization", "makespan_s", "wall_ms")) {
        assertThat(p.has(f)).as(policy + " " + f).isTrue();
      }
      for (String t : List.of("CRITICAL", "HIGH", "MEDIUM", "LOW")) {
        for (String s : List.of("mean", "p50", "p95", "p99", "max")) {
          assertThat(p.at("/tiers/" + t + "/wait_s/" + s).isNumber()).as(policy + t + s).isTrue();
        }
        assertThat(p.at("/tiers/" + t + "/jobs").isNumber()).isTrue();
      }
      for (String s : List.of("mean", "p50", "p95", "p99", "max")) {
        assertThat(p.at("/all/wait_s/" + s).isNumber()).isTrue();
      }
      for (String g : List.of("production", "all", "interactive", "scheduled")) {
        for (String s : List.of("mean", "p50", "p95")) {
          assertThat(p.at("/pipeline_lead_time_s/" + g + "/" + s).isNumber()).isTrue();
        }
      }
      for (String d :
          List.of(
              "rules",
              "tie-break",
              "llm",
              "fifo-fallback",
              "deferred",
              "preempted",
              "placements",
              "toss_ups")) {
        assertThat(p.at("/decisions/" + d).isNumber()).as(policy + " " + d).isTrue();
      }
      assertThat(p.at("/co2_no_data/jobs").isNumber()).as(policy).isTrue();
      assertThat(p.at("/co2_no_data/energy_kwh").isNumber()).as(policy).isTrue();
    }
    assertThat(doc.at("/policies/runneriq/jobs_run").asInt()).isEqualTo(3);
    assertThat(doc.at("/policies/runneriq/decisions/placements").asInt()).isEqualTo(3);
    assertThat(doc.at("/policies/critical-only/jobs_run").asInt()).isEqualTo(1);
    String page = Files.readString(html);
    assertThat(page)
        .startsWith("<!DOCTYPE html>")
        .contains("<svg", "Emissions per policy", "Carbon intensity per zone", "oracle-carbon")
        .doesNotContain("<script", "src=", "<link", "@import");
    for (String policy : List.of("runneriq-carbon", "oracle-carbon")) {
      assertThat(doc.at("/policies/" + policy + "/tiers/LOW/co2_kg").isNumber()).isTrue();
    }
  }

  @Test
  void aRunnerWithoutCarbonDataIsNamedAndItsJobsCountedAsNoData() throws Exception {
    var trace = Files.write(dir.resolve("t.jsonl"), List.of(PIPELINE));
    var fleet =
        Files.writeString(
            dir.resolve("fleet.yaml"),
            "runners:\n"
                + "  - {id: 1, name: paris, tag_list: [docker], concurrency: 4, zone: FR}\n"
                + "  - {id: 2, name: deploy, tag_list: [docker, deploy], run_untagged: false,"
                + " concurrency: 1, zone: DE}\n");
    var json = dir.resolve("out.json");
    var r =
        CliTest.run(
            "simulate",
            "--trace",
            trace.toString(),
            "--fleet",
            fleet.toString(),
            "--policies",
            "fifo,runneriq",
            "--json",
            json.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err())
        .contains("no carbon data for runner paris (1): no series for zone FR")
        .contains("not as 0 kg");
    assertThat(r.out()).contains("no carbon data for paris (1)").containsPattern("\\d+ jobs, ");
    var doc = Documents.JSON.readTree(Files.readString(json));
    assertThat(doc.at("/carbon/runners_without_data/0").asText()).startsWith("paris (1)");
    // lint runs on paris (no data), deploy-prod on deploy in DE (counted), compile on either
    assertThat(doc.at("/policies/fifo/co2_no_data/jobs").asInt()).isBetween(1, 2);
    assertThat(doc.at("/policies/fifo/co2_kg").asDouble()).isPositive();
  }

  @Test
  void badTraceIsOneLineNamingFileLineAndFieldWithExit2() throws Exception {
    var trace =
        Files.write(
            dir.resolve("bad.jsonl"),
            List.of(PIPELINE.replace("\"duration_s\": 60", "\"duration_s\": \"long\"")));
    var r = CliTest.run("simulate", "--trace", trace.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo(
            "runneriq: "
                + trace
                + ": line 1 /jobs/1/duration_s: field 'duration_s' must be a number, found a string \"long\"");
    var unknown = CliTest.run("simulate", "--trace", trace.toString(), "--policies", "fifo,magic");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown policy 'magic'").doesNotContain("\tat ");
  }

  @Test
  void workloadWritesATraceAndFleetDefaultPrintsTheFleet() throws Exception {
    var out = dir.resolve("w.jsonl.gz");
    var r = CliTest.run("workload", "--preset", "nightly", "--seed", "2", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(dev.runneriq.formats.TraceFormat.read(out).jobCount()).isPositive();
    var fleet = CliTest.run("fleet", "default");
    assertThat(fleet.code()).isZero();
    assertThat(fleet.out()).contains("format: runneriq.fleet/v1", "zone: DE", "ref_protected");
  }
}
