package dev.runneriq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input that was taken silently, or answered at length: each is now one short, exact line. */
class InputHygieneTest {
  static final String HUGE = "x".repeat(2_000_000);

  @TempDir Path dir;

  @Test
  void aKeyGivenTwiceInRunneriqYamlIsAnErrorNamingKeyAndLine() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("runneriq.yaml"), "placement:\n  tie_margin: 0.2\n  tie_margin: 0.3\n");
    var r = CliTest.run("config", "check", file.toString());
    assertThat(r.code()).as(r.out()).isEqualTo(2);
    assertThat(r.err()).contains(file + ": line 3").contains("'tie_margin'");
  }

  @Test
  void logRefusesAnAuditLogFileThatDoesNotExistAndCreatesNone() {
    Path typo = dir.resolve("typo.db");
    var r = CliTest.run("log", "--db", typo.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(typo.toString()).contains("no such audit log");
    assertThat(typo).doesNotExist();
  }

  @Test
  void aContextInAnotherFormatIsAnErrorNamingTheField() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("ctx.json"),
            Files.readString(CliTest.example("deploy-rush.json"))
                .replace("\"runneriq.context/v1\"", "\"runneriq.trace/v1\""));
    var r = CliTest.run("decide", "--context", file.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(file + ": /format: field 'format' must be runneriq.context/v1")
        .contains("but was runneriq.trace/v1");
  }

  @Test
  void aHugeStringWhereANumberGoesIsClipped() throws Exception {
    var r = CliTest.run("decide", "--context", context("\"concurrency\": 4", HUGE));
    assertClipped(r, "/runners/0/concurrency: field 'concurrency' must be an integer");
  }

  @Test
  void aHugeTimeIsClipped() throws Exception {
    var r = CliTest.run("decide", "--context", context("\"now\": \"2026-11-28T10:00:00Z\"", HUGE));
    assertClipped(r, "/now: field 'now' must be an ISO-8601 time");
  }

  @Test
  void aHugeUnknownConfigKeyIsClipped() throws Exception {
    // YAML's plain keys stop at 1024 characters; an explicit key may be longer
    String key = "k".repeat(40_000);
    Path file = Files.writeString(dir.resolve("big.yaml"), "placement:\n  ? " + key + "\n  : 1\n");
    var r = CliTest.run("config", "check", file.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown key 'placement.kkk").contains("… (40010 chars)");
    assertThat(r.err().length()).isLessThan(1_000);
  }

  @Test
  void aHugeFlagValueIsClipped() throws Exception {
    String db = dir.resolve("a.db").toString();
    CliTest.run("decide", "--context", CliTest.example("deploy-rush.json").toString(), "--db", db);
    assertClipped(CliTest.run("log", "--db", db, "--tier", HUGE), "tier must be CRITICAL");
  }

  private static void assertClipped(CliTest.Run r, String message) {
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(message).contains("… (2000000 chars)");
    assertThat(r.err().length()).isLessThan(1_000);
  }

  /** deploy-rush.json with {@code field} (and its value) given {@code value} as a string. */
  private String context(String field, String value) throws Exception {
    String text = Files.readString(CliTest.example("deploy-rush.json"));
    String name = field.substring(0, field.indexOf(':') + 1);
    assertThat(text).contains(field);
    return Files.writeString(
            dir.resolve("huge.json"), text.replace(field, name + " \"" + value + "\""))
        .toString();
  }
}
