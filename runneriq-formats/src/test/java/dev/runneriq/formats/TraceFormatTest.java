package dev.runneriq.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceFormatTest {
  @TempDir Path dir;

  static final String LATE =
      "{\"id\": 9, \"project\": \"shop/web\", \"ref\": \"main\", \"ref_kind\": \"branch\","
          + " \"protected\": true, \"default_branch\": true, \"source\": \"push\","
          + " \"created_at\": \"2026-03-02T09:14:05Z\", \"stages\": [\"build\", \"deploy\"],"
          + " \"jobs\": [{\"name\": \"compile\", \"stage\": \"build\", \"tag_list\": [\"docker\"],"
          + " \"duration_s\": 310},"
          + " {\"name\": \"deploy-prod\", \"stage\": \"deploy\", \"duration_s\": 140, \"when\":"
          + " \"delayed\", \"start_in_s\": 60, \"needs\": [\"compile\"], \"environment\": {\"name\":"
          + " \"production\", \"tier\": \"production\"}}]}";
  static final String EARLY =
      "{\"id\": 12, \"project\": \"shop/api\", \"ref\": \"refs/merge-requests/4/head\","
          + " \"ref_kind\": \"merge_request\", \"source\": \"merge_request_event\","
          + " \"created_at\": \"2026-03-02T08:00:00Z\", \"stages\": [\"test\"],"
          + " \"jobs\": [{\"id\": 77, \"name\": \"unit\", \"stage\": \"test\", \"duration_s\": 42.5,"
          + " \"status\": \"failed\", \"allow_failure\": true}]}";

  private Path file(String name, String... lines) throws IOException {
    return Files.write(dir.resolve(name), List.of(lines));
  }

  @Test
  void readsSortsAndAssignsDefaultIds() throws IOException {
    var t = TraceFormat.read(file("t.jsonl", "# a comment", LATE, "", EARLY));
    assertThat(t.pipelines()).extracting(TracePipeline::id).containsExactly(12L, 9L);
    var late = t.pipelines().get(1);
    assertThat(late.jobs()).extracting(TraceJob::id).containsExactly(9000L, 9001L);
    var deploy = late.jobs().get(1);
    assertThat(deploy.when()).isEqualTo("delayed");
    assertThat(deploy.startInS()).isEqualTo(60);
    assertThat(deploy.needs()).containsExactly("compile");
    assertThat(late.jobs().get(0).needs()).isNull();
    var unit = t.pipelines().get(0).jobs().get(0);
    assertThat(unit.id()).isEqualTo(77);
    assertThat(unit.failed()).isTrue();
    assertThat(unit.allowFailure()).isTrue();
  }

  @Test
  void writesWhatItReadsGzippedToo() throws IOException {
    var t = TraceFormat.read(file("t.jsonl", LATE, EARLY));
    var gz = dir.resolve("copy.jsonl.gz");
    TraceFormat.write(t, gz);
    assertThat(Files.readAllBytes(gz)[0]).isEqualTo((byte) 0x1f);
    var back = TraceFormat.read(gz);
    assertThat(back.pipelines()).isEqualTo(t.pipelines());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing duration | \"duration_s\": 310 | \"x\": 1"
            + " | line 2 /jobs/0/duration_s: field 'duration_s' is required",
        "unknown stage | \"stage\": \"build\", \"tag_list\" | \"stage\": \"lint\", \"tag_list\""
            + " | line 2 /jobs/0/stage: field 'stage' must be one of the pipeline's stages",
        "bad status | \"duration_s\": 310 | \"duration_s\": 310, \"status\": \"oops\""
            + " | line 2 /jobs/0/status: field 'status' must be success or failed",
        "unknown need | [\"compile\"] | [\"nope\"]"
            + " | line 2 /jobs/1/needs/0: field 'needs/0' names no job of this pipeline: nope",
        "bad time | 09:14:05Z | 9am | line 2 /created_at: field 'created_at' must be an ISO-8601",
        "not json | \"id\": 9, | \"id\": 9,, | line 2 column",
        "duration past 30 days | \"duration_s\": 310 | \"duration_s\": 1e12"
            + " | line 2 /jobs/0/duration_s: field 'duration_s' must be between 0 and 2592000"
            + " (30 days), but was 1.0E12",
        "start_in past 30 days | \"start_in_s\": 60 | \"start_in_s\": 3e6"
            + " | line 2 /jobs/1/start_in_s: field 'start_in_s' must be between 0 and 2592000",
        "time past year 9999 | 2026-03-02T09:14:05Z | +999999999-12-31T23:59:59Z"
            + " | line 2 /created_at: field 'created_at' must be between 1970-01-01T00:00:00Z and"
            + " 9999-12-31T23:59:59Z",
        "time before 1970 | 2026-03-02T09:14:05Z | 1969-12-31T23:59:59Z"
            + " | line 2 /created_at: field 'created_at' must be between 1970",
      })
  void errorsNameFileLineAndField(String name, String from, String to, String expected)
      throws IOException {
    var f = file("bad.jsonl", EARLY, LATE.replace(from, to));
    assertThatThrownBy(() -> TraceFormat.read(f))
        .isInstanceOf(FormatException.class)
        .hasMessageStartingWith(f + ": ")
        .hasMessageContaining(expected);
  }

  @Test
  void rejectsRepeatedIdsAndCyclicNeeds() throws IOException {
    var twice = file("twice.jsonl", LATE, LATE);
    assertThatThrownBy(() -> TraceFormat.read(twice))
        .hasMessageContaining("line 2 /id: field 'id' must be unique in the trace");
    var cyc =
        LATE.replace("\"duration_s\": 310}", "\"duration_s\": 310, \"needs\": [\"deploy-prod\"]}");
    var cyclic = file("cyclic.jsonl", cyc);
    assertThatThrownBy(() -> TraceFormat.read(cyclic))
        .hasMessageContaining(
            "line 1 /jobs/0/needs: field 'needs' waits, through other jobs, on itself");
  }
}
