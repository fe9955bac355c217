package dev.runneriq.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.formats.CarbonSeries;
import dev.runneriq.formats.CarbonSeriesFormat;
import dev.runneriq.formats.Documents;
import dev.runneriq.formats.Printable;
import dev.runneriq.sim.carbon.Equivalences;
import dev.runneriq.sim.carbon.ForecastError;
import dev.runneriq.sim.carbon.ShiftStudy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runneriq carbon shift-study}: the temporal-shifting experiment of "Let's Wait Awhile". */
@Command(
    name = "shift-study",
    mixinStandardHelpOptions = true,
    description = {
      "A job runs every day of the series at --at (UTC), or may start anywhere within ±W hours"
          + " (inside the series). Prints, per zone and window, the saving of emissions against"
          + " the fixed hour with perfect knowledge and when choosing by a forecast with error"
          + " (Wiesner et al., Let's Wait Awhile, Middleware '21)."
    })
final class ShiftStudyCommand implements Callable<Integer> {
  private static final Pattern CLOCK = Pattern.compile("([01]\\d|2[0-3]):([0-5]\\d)");

  @Option(
      names = "--carbon",
      required = true,
      paramLabel = "PATH",
      description =
          "A carbon series (plain or Electricity Maps CSV layout), or a directory of them.")
  Path carbon = Path.of("");

  @Option(
      names = "--zones",
      required = true,
      split = ",",
      paramLabel = "LIST",
      description = "Zones of the series to study, e.g. DE,GB.")
  List<String> zones = new ArrayList<>();

  @Option(
      names = "--job-minutes",
      defaultValue = "30",
      description = "How long the job runs. Default: ${DEFAULT-VALUE}.")
  int jobMinutes = 30;

  @Option(
      names = "--at",
      defaultValue = "01:00",
      description = "When the job runs each day, HH:MM UTC. Default: ${DEFAULT-VALUE}.")
  String at = "01:00";

  @Option(
      names = "--windows",
      split = ",",
      defaultValue = "0,2,4,8",
      paramLabel = "HOURS",
      description = "Windows ±W in whole hours. Default: ${DEFAULT-VALUE}.")
  List<Integer> windows = new ArrayList<>(List.of(0, 2, 4, 8));

  @Option(
      names = "--forecast-error",
      paramLabel = "SIGMA",
      description =
          "Relative standard deviation of the multiplicative forecast error. Default: 0.169"
              + " (WattTime CAISO_NORTH, 60-minute horizon; docs/CARBON.md).")
  double forecastError = ForecastError.DEFAULT_SIGMA;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the forecast error. Default: ${DEFAULT-VALUE}.")
  long seed = 42;

  @Option(
      names = "--watts",
      defaultValue = "1000",
      description = "Power of the job, for the kg CO2 column. Default: ${DEFAULT-VALUE}.")
  double watts = 1000;

  @Option(names = "--lca", description = "Use the life-cycle column of Electricity Maps exports.")
  boolean lca;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the savings as JSON here.")
  @Nullable Path json;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var m = CLOCK.matcher(at);
    if (!m.matches()) {
      throw new UserError(
          "--at must be a time of day HH:MM (UTC), but was '" + Printable.clip(at) + "'");
    }
    long atS = Integer.parseInt(m.group(1)) * 3600L + Integer.parseInt(m.group(2)) * 60L;
    if (jobMinutes <= 0 || jobMinutes > 24 * 60) {
      throw new UserError("--job-minutes must be between 1 and 1440, but was " + jobMinutes);
    }
    for (int w : windows) {
      if (w < 0 || w > 24 * 7) {
        throw new UserError("--windows must be hours between 0 and 168, but one was " + w);
      }
    }
    if (!(forecastError >= 0 && forecastError <= 10)) {
      throw new UserError("--forecast-error must be between 0 and 10, but was " + forecastError);
    }
    if (!(watts > 0) || Double.isInfinite(watts)) {
      throw new UserError("--watts must be positive, but was " + watts);
    }
    if (!Files.exists(carbon)) {
      throw new UserError("--carbon: no such file or directory: " + carbon);
    }
    CarbonSeries series = CarbonSeriesFormat.read(carbon, lca);
    for (String z : zones) {
      if (!series.has(z)) {
        throw new UserError(
            "--zones: zone '"
                + Printable.clip(z)
                + "' is not in "
                + carbon
                + " (it has "
                + Printable.clip(series.zones().toString())
                + ")");
      }
    }
    long jobS = jobMinutes * 60L;
    var result =
        ShiftStudy.run(series, zones, jobS, atS, windows, new ForecastError(forecastError, seed));
    var out = spec.commandLine().getOut();
    out.print(table(result, jobS));
    out.flush();
    if (json != null) {
      Files.writeString(
          json,
          Documents.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(result)) + "\n",
          StandardCharsets.UTF_8);
    }
    return 0;
  }

  private String table(Map<String, Map<Integer, ShiftStudy.Saving>> result, long jobS) {
    var sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "shift study: %d-minute job daily at %s UTC, ±W hours; forecast error sigma %.3f,"
                + " seed %d; kg for a %.0f W job over all days%n%n",
            jobMinutes,
            at,
            forecastError,
            seed,
            watts));
    sb.append(
        String.format(
            Locale.ROOT,
            "%-12s | %4s | %4s | %9s | %9s | %11s | %12s%n",
            "zone",
            "W h",
            "days",
            "g/kWh at",
            "perfect %",
            "forecast %",
            "perfect kg"));
    double kg = 0;
    int widest = windows.stream().mapToInt(Integer::intValue).max().orElse(0);
    for (var z : result.entrySet()) {
      for (var w : z.getValue().entrySet()) {
        var s = w.getValue();
        if (w.getKey() == widest) {
          kg += s.perfectKg(watts, jobS);
        }
        sb.append(
            String.format(
                Locale.ROOT,
                "%-12s | %4d | %4d | %9.1f | %9.1f | %11.1f | %12.2f%n",
                z.getKey(),
                w.getKey(),
                s.days(),
                s.fixedGPerKwh(),
                s.perfectPct(),
                s.forecastPct(),
                s.perfectKg(watts, jobS)));
      }
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "%nall zones at ±%d h, perfect knowledge: %s (%s).%n",
            widest,
            Equivalences.describe(kg),
            Equivalences.SOURCE));
    return sb.toString();
  }

  static ObjectNode toJson(Map<String, Map<Integer, ShiftStudy.Saving>> result) {
    var root = Documents.JSON.createObjectNode();
    var zonesNode = root.putObject("zones");
    result.forEach(
        (zone, perWindow) -> {
          var z = zonesNode.putObject(zone);
          perWindow.forEach(
              (w, s) -> {
                var o = z.putObject(Integer.toString(w));
                o.put("perfect_pct", Math.round(s.perfectPct() * 10) / 10.0);
                o.put("forecast_pct", Math.round(s.forecastPct() * 10) / 10.0);
              });
        });
    return root;
  }
}
