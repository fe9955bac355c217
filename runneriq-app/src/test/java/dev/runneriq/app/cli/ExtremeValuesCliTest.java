package dev.runneriq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values a reader takes but no run survives, and what the command line says when one gets by. */
class ExtremeValuesCliTest {
  @TempDir Path dir;

  @Test
  void aContextTimeBeyondYear9999IsBadInputNamingTheField() throws Exception {
    Path file = dir.resolve("far.json");
    Files.writeString(
        file,
        Files.readString(CliTest.example("deploy-rush.json"))
            .replace(
                "\"now\": \"2026-11-28T10:00:00Z\"", "\"now\": \"+999999999-12-31T23:59:59Z\""));
    var r = CliTest.run("decide", "--context", file.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err())
        .contains(file + ": /now: field 'now' must be between 1970-01-01T00:00:00Z and")
        .doesNotContain("internal error");
  }

  @Test
  void anErrorSuchAsOutOfMemoryIsOneLineAndExitOne() throws Exception {
    Path trace = dir.resolve("month.jsonl");
    var made =
        CliTest.run("workload", "--preset", "busy-day", "--days", "30", "--out", trace.toString());
    assertThat(made.code()).as(made.err()).isZero();

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var process =
        new ProcessBuilder(
                java,
                "-Xmx16m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.runneriq.app.Main",
                "simulate",
                "--trace",
                trace.toString(),
                "--policies",
                "fifo")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(err).isEqualTo(1);
    assertThat(err)
        .startsWith("runneriq: internal error: OutOfMemoryError")
        .doesNotContain("\tat ")
        .doesNotContain("Exception in thread");
    assertThat(err.lines()).hasSizeLessThanOrEqualTo(2);
  }
}
