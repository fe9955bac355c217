package dev.runneriq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.app.SeededActions;
import dev.runneriq.formats.Documents;
import dev.runneriq.store.ActionKind;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.PlannedAction;
import dev.runneriq.store.StoreConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runneriq log --actions}: the action log as lines and as the API's JSON, filtered. */
class LogCommandTest {
  static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
  @TempDir Path dir;
  String db;

  @BeforeEach
  void seed() {
    db = dir.resolve("audit.db").toString();
    SeededActions.seed(AuditStore.open(StoreConfig.sqlite(Path.of(db))), T0);
  }

  static JsonNode actions(CliTest.Run r) throws Exception {
    assertThat(r.code()).as(r.err()).isZero();
    return Documents.JSON.readTree(r.out()).get("actions");
  }

  @Test
  void printsOneLineAnActionNewestFirstWithGitLabsAnswer() {
    var r = CliTest.run("log", "--db", db, "--actions");
    assertThat(r.code()).as(r.err()).isZero();
    var lines = r.out().lines().toList();
    assertThat(lines).hasSize(6);
    assertThat(lines.get(0))
        .isEqualTo(
            "2026-11-28T10:05:00Z  #6 mode   gate -> advisory, asked by POST /api/v1/mode from"
                + " 10.0.0.5: done | plays went wrong [runneriq@ci-host-1]");
    assertThat(lines.get(1)).contains("play   job 510 (shop/web): dry run, not sent");
    assertThat(lines.get(2)).contains("play   job 502 (shop/web): sent, no answer recorded");
    assertThat(lines.get(3))
        .contains("retry  job 640 (shop/api): done 201, new job 655 | retry 640");
    assertThat(lines.get(5))
        .startsWith("2026-11-28T10:00:00Z  #1 play   job 501 (shop/web): done 200");
  }

  @Test
  void filtersByJobProjectKindStateAndTimeAndPrintsTheApisJson() throws Exception {
    var plays =
        actions(CliTest.run("log", "--db", db, "--actions", "--kind", "play", "--format", "json"));
    assertThat(plays).hasSize(3).allMatch(a -> a.get("kind").asText().equals("play"));
    var job =
        actions(CliTest.run("log", "--db", db, "--actions", "--job", "640", "--format", "json"));
    assertThat(job).extracting(a -> a.get("kind").asText()).containsExactly("retry", "cancel");
    assertThat(job.get(0).get("new_job_id").asLong()).isEqualTo(655);
    var api =
        actions(
            CliTest.run(
                "log", "--db", db, "--actions", "--project", "shop/api", "--format", "json"));
    assertThat(api).hasSize(2);
    var sent =
        actions(CliTest.run("log", "--db", db, "--actions", "--state", "sent", "--format", "json"));
    assertThat(sent)
        .singleElement()
        .satisfies(a -> assertThat(a.get("job_id").asLong()).isEqualTo(502));
    var window =
        actions(
            CliTest.run(
                "log",
                "--db",
                db,
                "--actions",
                "--since",
                "2026-11-28T10:01:00Z",
                "--until",
                "2026-11-28T10:03:00Z",
                "--format",
                "json"));
    assertThat(window).extracting(a -> a.get("job_id").asLong()).containsExactly(502L, 640L, 640L);
    var page =
        Documents.JSON.readTree(
            CliTest.run(
                    "log",
                    "--db",
                    db,
                    "--actions",
                    "--limit",
                    "2",
                    "--offset",
                    "1",
                    "--format",
                    "json")
                .out());
    assertThat(page.get("limit").asInt()).isEqualTo(2);
    assertThat(page.get("actions")).extracting(a -> a.get("id").asLong()).containsExactly(5L, 4L);
    assertThat(CliTest.run("log", "--db", db, "--actions", "--job", "9").out())
        .isEqualTo("(no actions match)" + System.lineSeparator());
  }

  @Test
  void aFilterThatIsNotTheLogsIsRefusedNamingIt() {
    var kind = CliTest.run("log", "--db", db, "--actions", "--kind", "replay");
    assertThat(kind.code()).isEqualTo(2);
    assertThat(kind.err()).contains("kind must be play, cancel, retry or mode, but was replay");
    var tier = CliTest.run("log", "--db", db, "--actions", "--tier", "CRITICAL");
    assertThat(tier.code()).isEqualTo(2);
    assertThat(tier.err()).contains("--tier filters decisions; with --actions use --job");
    var noActions = CliTest.run("log", "--db", db, "--state", "sent");
    assertThat(noActions.code()).isEqualTo(2);
    assertThat(noActions.err()).contains("--state filters actions: add --actions");
    var since = CliTest.run("log", "--db", db, "--actions", "--since", "yesterday");
    assertThat(since.err()).contains("--since must be an ISO-8601 time");
  }

  @Test
  void aReasonOrAnswerThatWouldDriveTheTerminalIsShownAsEscapes() {
    var log = AuditStore.open(StoreConfig.sqlite(Path.of(db))).actions();
    log.intend(
        new PlannedAction(
            ActionKind.PLAY,
            777,
            "shop/web",
            null,
            "x\u001b[2J\r\nforged",
            false,
            T0.plusSeconds(900),
            "a"));
    var lines =
        new ArrayList<>(
            CliTest.run("log", "--db", db, "--actions", "--job", "777").out().lines().toList());
    assertThat(lines).singleElement().asString().contains("x\\x1b[2J\\x0d\\x0aforged");
  }
}
