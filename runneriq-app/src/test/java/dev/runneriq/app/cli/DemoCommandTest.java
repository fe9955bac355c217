package dev.runneriq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runneriq demo --minutes N}: it starts, stops by itself and reports, measured apart. */
class DemoCommandTest {
  @TempDir Path dir;

  static int number(String out, String regex) {
    var m = Pattern.compile(regex).matcher(out);
    assertThat(m.find()).as("%s in:%n%s", regex, out).isTrue();
    return Integer.parseInt(m.group(1));
  }

  @Test
  void aShortDemoPrintsWhereToLookThenWhatWasMeasuredAndWhatIsEstimated() {
    var r =
        CliTest.run(
            "demo", "--minutes", "0.3", "--port", "0", "--db", dir.resolve("audit.db").toString());

    assertThat(r.code()).as(r.err()).isZero();
    String out = r.out();
    assertThat(out)
        .contains("advisory mode (it changes nothing in GitLab)")
        .containsPattern("dashboard +http://127\\.0\\.0\\.1:\\d+/\\?token=[0-9a-f]{32}")
        .contains("runneriq log --db " + dir.resolve("audit.db"));
    int pending = number(out, "jobs that became pending +(\\d+)");
    int decided = number(out, "of which RunnerIQ decided (\\d+)");
    assertThat(pending).isPositive();
    assertThat(decided).isBetween(pending - 5, pending);
    assertThat(out).contains("What it would have saved (estimated, not measured on this run");
    for (String tier : new String[] {"CRITICAL", "HIGH", "MEDIUM", "LOW"}) {
      // GitLab's order, FIFO, then RunnerIQ: mean and p95
      assertThat(out)
          .containsPattern("(?m)^    " + tier + " +\\d+ +\\S+ / \\S+ → \\S+ +\\S+ / \\S+ → \\S+$");
    }
    assertThat(out)
        .containsPattern(
            "lead time of pipelines someone waits for \\(median\\) +\\S+ / \\S+ → \\S+")
        .containsPattern(
            "CO2 of the day +[\\d.]+ / [\\d.]+ kg → [\\d.]+ kg \\([+-]\\d+% against GitLab's order\\)");
  }

  @Test
  void waitsReadInSecondsMinutesOrHours() {
    assertThat(DemoReport.secs(7)).isEqualTo("7s");
    assertThat(DemoReport.secs(428)).isEqualTo("7.1min");
    assertThat(DemoReport.secs(13_662)).isEqualTo("3.8h");
  }

  @Test
  void badOptionsAreRefusedNamingThem() {
    var r = CliTest.run("demo", "--minutes", "0", "--port", "0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--minutes must be between 0 and 1440, but was 0");
    var p = CliTest.run("demo", "--preset", "friday", "--port", "0");
    assertThat(p.code()).isEqualTo(2);
    assertThat(p.err()).contains("--preset must be one of").contains("friday");
  }
}
