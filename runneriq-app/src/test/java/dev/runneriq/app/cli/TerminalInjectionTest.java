package dev.runneriq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.app.LoopbackModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job names, refs and a model's rationale that try to drive the terminal (clear the screen, conceal
 * text, set the window title), forge lines or reverse them: every text output shows them as visible
 * escapes, so each decision stays on its own lines and a REVIEW marker stays in sight.
 */
class TerminalInjectionTest {
  static final String CLEAR = "\u001b[2J";
  static final String CONCEAL = "\u001b[8m";
  static final String FORGED = "\r\n1. fake line";
  static final String REVERSE = "\u202e";
  static final String TITLE = "\u001b]0;pwned\u0007";

  @TempDir Path dir;

  /** deploy-rush.json with every job name and ref carrying control characters. */
  Path hostileContext() throws Exception {
    String context =
        Files.readString(CliTest.example("deploy-rush.json"))
            .replaceAll(
                "(\"name\": \"(deploy-prod|compile|unit|docs|lint)[^\"]*)\"",
                "$1" + Matcher.quoteReplacement(json(CLEAR + FORGED + REVERSE + CONCEAL)) + "\"")
            .replace("\"ref\": \"main\"", "\"ref\": \"main" + json(TITLE + "\u2028") + "\"");
    assertThat(context).contains("\\u001b[2J");
    return Files.writeString(dir.resolve("hostile.json"), context);
  }

  @Test
  void decideTextShowsControlCharactersAsEscapes() throws Exception {
    var r = CliTest.run("decide", "--context", hostileContext().toString(), "--format", "text");
    assertThat(r.code()).as(r.err()).isZero();
    assertPrintable(r.out());
    assertThat(r.out()).contains("\\x1b[2J\\x0d\\x0a1. fake line\\u202e\\x1b[8m");
    assertThat(r.out()).contains("main\\x1b]0;pwned\\x07\\u2028");
    assertThat(r.out().lines().filter(l -> l.matches("\\d+\\. .*"))).hasSize(6);
    assertThat(r.out().lines()).hasSize(12);
  }

  @Test
  void scoreShowsControlCharactersAsEscapes() throws Exception {
    var r = CliTest.run("score", "--context", hostileContext().toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertPrintable(r.out());
    assertThat(r.out()).contains("\\x1b[2J\\x0d\\x0a1. fake line\\u202e");
    assertThat(r.out().lines().filter(l -> !l.startsWith(" "))).hasSize(6);
  }

  @Test
  void logKeepsEachDecisionOnOneLineAndTheReviewMarkerInSight() throws Exception {
    String rationale = "faster" + CLEAR + FORGED + REVERSE + TITLE;
    try (var model = new LoopbackModel(rationale)) {
      Path config = Files.writeString(dir.resolve("runneriq.yaml"), model.yaml());
      String db = dir.resolve("audit.db").toString();
      var decide =
          CliTest.run(
              "decide",
              "--context",
              hostileContext().toString(),
              "--config",
              config.toString(),
              "--db",
              db,
              "--format",
              "text");
      assertThat(decide.code()).as(decide.err()).isZero();
      assertPrintable(decide.out());
      assertThat(model.bodies()).isNotEmpty();

      var log = CliTest.run("log", "--db", db);
      assertThat(log.code()).as(log.err()).isZero();
      assertPrintable(log.out());
      assertThat(log.out().lines()).hasSize(6);
      assertThat(log.out().lines().filter(l -> l.endsWith(" REVIEW")))
          .hasSize(model.bodies().size());
    }
  }

  /** No character a terminal acts on: only '\n' below U+0020, no DEL, C1 or bidi controls. */
  static void assertPrintable(String text) {
    text.codePoints()
        .forEach(
            c ->
                assertThat(
                        c == '\n'
                            || (c >= 0x20 && c < 0x7f)
                            || (c > 0x9f && c != 0x2028 && c != 0x2029 && !isBidi(c)))
                    .as("U+%04X in %s", c, text)
                    .isTrue());
  }

  private static boolean isBidi(int c) {
    return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
  }

  private static String json(String s) {
    var out = new StringBuilder();
    s.chars()
        .forEach(c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : (char) c));
    return out.toString();
  }
}
