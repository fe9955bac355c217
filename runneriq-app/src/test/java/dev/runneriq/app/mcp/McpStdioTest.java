package dev.runneriq.app.mcp;

import static dev.runneriq.app.mcp.McpClients.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.app.cli.RunnerIqCommand;
import dev.runneriq.formats.Documents;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code runneriq mcp} in its own process, driven by the official MCP Java SDK's client over stdio:
 * the way Claude Desktop or another MCP client starts it.
 */
class McpStdioTest {
  static final Path EXAMPLE = Path.of("..", "examples", "deploy-rush.json");

  static @TempDir Path dir;
  static McpSyncClient client;
  static String loggedId;

  @BeforeAll
  static void start() throws Exception {
    String db = dir.resolve("audit.db").toString();
    var out = new StringWriter();
    int code =
        RunnerIqCommand.run(
            new PrintWriter(out),
            new PrintWriter(new StringWriter()),
            "decide",
            "--context",
            EXAMPLE.toString(),
            "--db",
            db);
    assertThat(code).isZero();
    loggedId = Documents.JSON.readTree(out.toString()).at("/decisions/1/id").asText();

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var params =
        ServerParameters.builder(java)
            .args(
                "-cp",
                System.getProperty("java.class.path"),
                "dev.runneriq.app.Main",
                "mcp",
                "--context",
                EXAMPLE.toString(),
                "--db",
                db)
            .build();
    client =
        McpClient.sync(new StdioClientTransport(params, McpClients.JSON))
            .requestTimeout(Duration.ofSeconds(60))
            .build();
    client.initialize();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.closeGracefully();
    }
  }

  @Test
  void listsEveryToolWithAnObjectSchema() {
    var tools = client.listTools().tools();
    assertThat(tools)
        .extracting(McpSchema.Tool::name)
        .containsExactly(
            "fleet_status", "pending_queue", "score_job", "decide", "explain_decision", "simulate");
    for (var t : tools) {
      assertThat(t.inputSchema().get("type")).as(t.name()).isEqualTo("object");
      assertThat(t.description()).as(t.name()).isNotBlank();
    }
    var score = tools.get(2);
    assertThat(score.inputSchema().get("required")).isEqualTo(List.of("job"));
  }

  @Test
  void fleetStatusShowsTheSnapshotsRunners() throws Exception {
    var a = call(client, "fleet_status", Map.of());
    assertThat(a.error()).as(a.text()).isFalse();
    var runners = a.json().get("runners");
    assertThat(runners).hasSize(4);
    assertThat(ids(runners, "id")).containsExactlyInAnyOrder(11L, 12L, 14L, 15L);
  }

  @Test
  void pendingQueueIsHighestPriorityFirstAndFilters() throws Exception {
    var a = call(client, "pending_queue", Map.of("limit", 2));
    assertThat(a.error()).as(a.text()).isFalse();
    var q = a.json();
    assertThat(q.get("total").asInt()).isEqualTo(6);
    assertThat(q.get("jobs")).hasSize(2);
    assertThat(q.at("/jobs/0/job_id").asLong()).isEqualTo(501);
    assertThat(q.at("/jobs/0/priority/tier").asText()).isEqualTo("CRITICAL");
    assertThat(q.at("/jobs/0/advice/action").asText()).isEqualTo("assign");
    assertThat(q.get("stale").asText()).contains("deploy-rush.json");

    var critical = call(client, "pending_queue", Map.of("tier", "CRITICAL")).json();
    for (var job : critical.get("jobs")) {
      assertThat(job.at("/priority/tier").asText()).isEqualTo("CRITICAL");
    }
  }

  @Test
  void scoreJobGivesFactorLinesThatSumToTheScore() throws Exception {
    var job = Documents.JSON.readTree(Files.readString(EXAMPLE)).at("/jobs/0");
    var a = call(client, "score_job", Map.of("job", job, "now", "2026-11-28T10:00:00Z"));
    assertThat(a.error()).as(a.text()).isFalse();
    var s = a.json();
    assertThat(s.get("job_id").asLong()).isEqualTo(501);
    assertThat(s.get("tier").asText()).isEqualTo("CRITICAL");
    int sum = 0;
    for (var f : s.get("factors")) {
      sum += f.get("points").asInt();
    }
    assertThat(s.get("score").asInt()).isEqualTo(Math.min(100, Math.max(0, sum)));
    assertThat(s.get("explanation").asText()).startsWith("deploy-prod is CRITICAL");
  }

  @Test
  void decideReturnsOneDecisionPerPendingJob() throws Exception {
    var context = Documents.JSON.readTree(Files.readString(EXAMPLE));
    var a = call(client, "decide", Map.of("context", context, "seed", 7));
    assertThat(a.error()).as(a.text()).isFalse();
    var decisions = a.json().get("decisions");
    assertThat(decisions).hasSize(6);
    for (var d : decisions) {
      assertThat(d.get("decided_by").asText()).isIn("rules", "tie-break");
      assertThat(d.get("explanation").asText()).isNotBlank();
    }
  }

  @Test
  void explainDecisionReadsTheAuditLog() throws Exception {
    var a = call(client, "explain_decision", Map.of("id", loggedId));
    assertThat(a.error()).as(a.text()).isFalse();
    var d = a.json();
    assertThat(d.get("id").asText()).isEqualTo(loggedId);
    assertThat(d.get("needs_review").asBoolean()).isFalse();
    assertThat(d.get("explanation").asText()).isNotBlank();
  }

  @Test
  void simulateComparesPoliciesOnASmallRun() throws Exception {
    var a =
        call(
            client,
            "simulate",
            Map.of("preset", "nightly", "policies", List.of("fifo", "runneriq"), "max_jobs", 120));
    assertThat(a.error()).as(a.text()).isFalse();
    var r = a.json();
    assertThat(r.get("format").asText()).isEqualTo("runneriq.sim-result/v1");
    assertThat(r.at("/trace/jobs").asInt()).isPositive().isLessThanOrEqualTo(120);
    assertThat(r.get("cut_to_jobs").asInt()).isEqualTo(r.at("/trace/jobs").asInt());
    assertThat(r.get("jobs_in_workload").asInt()).isGreaterThan(120);
    assertThat(r.get("policies").has("fifo")).isTrue();
    assertThat(r.at("/policies/runneriq/decisions/rules").asLong()).isPositive();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown tier | pending_queue | {\"tier\": \"URGENT\"} | argument 'tier' must be CRITICAL, HIGH, MEDIUM or LOW, but was URGENT",
        "limit too big | pending_queue | {\"limit\": 10000} | argument 'limit' must be between 1 and 500",
        "unknown argument | fleet_status | {\"verbose\": true} | argument 'verbose' is not an argument of this tool",
        "job missing | score_job | {} | argument 'job' is required",
        "job without pipeline fields | score_job | {\"job\": {\"id\": 1, \"name\": \"x\", \"stage\": \"test\", \"pending_since\": \"2026-11-28T09:00:00Z\", \"pipeline\": {\"id\": 2}}} | argument job: /pipeline",
        "bad time | score_job | {\"job\": {}, \"now\": \"yesterday\"} | argument 'now' must be an ISO-8601 time",
        "context not an object | decide | {\"context\": \"deploy-rush.json\"} | argument 'context' must be a JSON object",
        "context without jobs | decide | {\"context\": {\"format\": \"runneriq.context/v1\", \"now\": \"2026-11-28T10:00:00Z\", \"runners\": []}} | argument context: ",
        "unknown id | explain_decision | {\"id\": \"nosuchdecision\"} | argument 'id' matches no decision in the audit log",
        "malformed id | explain_decision | {\"id\": \"../etc\"} | argument 'id' must be 1-32 letters and digits",
        "unknown policy | simulate | {\"policies\": [\"lifo\"], \"max_jobs\": 10} | argument 'policies' names an unknown policy 'lifo'",
        "preset and trace | simulate | {\"preset\": \"nightly\", \"trace\": \"{}\"} | argument 'trace' cannot be given together with preset",
        "unknown preset | simulate | {\"preset\": \"quiet-day\"} | argument 'preset' must be one of busy-day",
        "bad trace | simulate | {\"trace\": \"not json\"} | argument trace",
      })
  void badArgumentsAnswerIsErrorNamingThem(String name, String tool, String args, String message)
      throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> arguments = Documents.JSON.readValue(args, Map.class);
    var a = call(client, tool, arguments);
    assertThat(a.error()).as(a.text()).isTrue();
    assertThat(a.text()).contains(message).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing context | --context | nope.json | nope.json",
        "bad config | --config | ../examples/deploy-rush.json | unknown key",
      })
  void badOptionsExitTwoBeforeTheProtocolStarts(
      String name, String flag, String value, String msg) {
    var out = new StringWriter();
    var err = new StringWriter();
    int code = RunnerIqCommand.run(new PrintWriter(out), new PrintWriter(err), "mcp", flag, value);
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains(msg).doesNotContain("\tat ");
    assertThat(out.toString()).isEmpty();
  }

  private static List<Long> ids(JsonNode array, String field) {
    var out = new ArrayList<Long>();
    array.forEach(n -> out.add(n.get(field).asLong()));
    return out;
  }
}
