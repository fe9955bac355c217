package dev.runneriq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.store.ActionQuery;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.StoreConfig;
import dev.runneriq.store.StoredAction;
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

  /** A wait as the report prints it ({@code 7s}, {@code 7.1min}, {@code 3.8h}), in seconds. */
  static double seconds(String printed) {
    if (printed.endsWith("min")) {
      return Double.parseDouble(printed.substring(0, printed.length() - 3)) * 60;
    }
    double v = Double.parseDouble(printed.substring(0, printed.length() - 1));
    return printed.endsWith("h") ? v * 3_600 : v;
  }

  @Test
  void aShortGateDemoPrintsTheWaitsMeasuredOnBothRunsSideBySideAndWhatTheGateDid() {
    Path db = dir.resolve("audit.db");
    var r =
        CliTest.run(
            "demo", "--mode", "gate", "--minutes", "0.25", "--port", "0", "--db", db.toString());

    assertThat(r.code()).as(r.err()).isZero();
    String out = r.out();
    assertThat(out)
        .contains("gate mode: every project includes the template (floors 10 min, 30 min")
        .contains("advisory mode: GitLab's own order")
        .contains("runneriq log --actions --db " + db)
        .contains("runneriq log --actions --db " + dir.resolve("audit-advisory.db"));
    assertThat(
            Pattern.compile("dashboard +http://127\\.0\\.0\\.1:\\d+/\\?token=[0-9a-f]{32}")
                .matcher(out)
                .results())
        .as("one dashboard per run")
        .hasSize(2);
    var row =
        Pattern.compile(
            "(?m)^    (\\w*) +(advisory|gate) +(\\d+) +(\\S+) +(\\S+) +(\\S+) +(\\S+) +(\\S+) +(\\d+)$");
    var ready = new java.util.HashMap<String, Integer>();
    var rows = row.matcher(out).results().toList();
    assertThat(rows).as("a row per tier and run in:%n%s", out).hasSize(8);
    for (var m : rows) {
      int jobs = Integer.parseInt(m.group(3));
      ready.merge(m.group(2), jobs + Integer.parseInt(m.group(9)), Integer::sum);
      double p50 = seconds(m.group(5));
      double p95 = seconds(m.group(6));
      double p99 = seconds(m.group(7));
      double max = seconds(m.group(8));
      assertThat(p50).as(m.group()).isLessThanOrEqualTo(p95);
      assertThat(p95).as(m.group()).isLessThanOrEqualTo(p99);
      assertThat(p99).as(m.group()).isLessThanOrEqualTo(max);
      assertThat(seconds(m.group(4))).as(m.group()).isLessThanOrEqualTo(max);
    }
    // the same pipelines arrive in both, but later stages become ready when earlier ones end,
    // which the gate changes: in a window this short the counts may differ by half
    assertThat(ready.get("advisory")).isPositive();
    assertThat(ready.get("gate")).isPositive();
    assertThat(out)
        .containsPattern("CRITICAL p95 +(advisory \\S+, gate \\S+: .* (met|missed)|not measured)")
        .containsPattern("LOW p99 +(advisory \\S+, gate \\S+: .* (met|missed)|not measured)");
    int plays = number(out, "plays sent (\\d+)");
    assertThat(plays).isPositive();
    assertThat(number(out, "plays sent \\d+ \\(to (\\d+) jobs\\)"))
        .as("no job played twice")
        .isEqualTo(plays);
    number(out, "held jobs started by their floor \\(pending without a play\\) (\\d+)");
    var logged =
        AuditStore.open(StoreConfig.sqlite(db))
            .actions()
            .query(new ActionQuery(null, null, "play", null, null, null, 10_000, 0));
    assertThat(logged).hasSize(plays);
    assertThat(logged).extracting(StoredAction::jobId).doesNotHaveDuplicates();
  }

  @Test
  void waitsReadInSecondsMinutesOrHours() {
    assertThat(DemoReport.secs(7)).isEqualTo("7s");
    assertThat(DemoReport.secs(428)).isEqualTo("7.1min");
    assertThat(DemoReport.secs(13_662)).isEqualTo("3.8h");
    assertThat(GateDemoReport.change(0.26)).isEqualTo("74% below");
    assertThat(GateDemoReport.change(2.74)).isEqualTo("174% above");
  }

  @Test
  void badOptionsAreRefusedNamingThem() {
    var r = CliTest.run("demo", "--minutes", "0", "--port", "0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--minutes must be between 0 and 1440, but was 0");
    var p = CliTest.run("demo", "--preset", "friday", "--port", "0");
    assertThat(p.code()).isEqualTo(2);
    assertThat(p.err()).contains("--preset must be one of").contains("friday");
    var m = CliTest.run("demo", "--mode", "gated", "--port", "0");
    assertThat(m.code()).isEqualTo(2);
    assertThat(m.err().strip())
        .isEqualTo("runneriq: --mode must be advisory or gate, but was gated");
    var preempt = CliTest.run("demo", "--preempt", "--port", "0");
    assertThat(preempt.code()).isEqualTo(2);
    assertThat(preempt.err()).contains("--preempt is for --mode gate");
  }
}
