package dev.runneriq.formats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads carbon-intensity series ({@code runneriq.carbon/v1}) in both CSV layouts: the plain one
 * ({@code timestamp,zone,gco2_per_kwh[,kind[,issued_at]]}) and the Electricity Maps data-portal
 * export. The header line tells them apart. {@code actual} rows make the series; {@code forecast}
 * rows (plain layout, with an optional {@code issued_at}) are kept as the zone's forecasts. Errors
 * name the file, the line and the column.
 */
public final class CarbonSeriesFormat {
  static final String PLAIN_HEADER = "timestamp,zone,gco2_per_kwh";
  static final String EM_DATETIME = "Datetime (UTC)";
  static final String EM_ZONE = "Zone Id";
  static final String EM_DIRECT = "Carbon Intensity gCO₂eq/kWh (direct)";
  static final String EM_LCA = "Carbon Intensity gCO₂eq/kWh (LCA)";
  private static final DateTimeFormatter EM_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private CarbonSeriesFormat() {}

  /** Reads a CSV file, or every {@code *.csv} of a directory; {@code lca} picks that column. */
  public static CarbonSeries read(Path path, boolean lca) {
    var acc = new Accumulator();
    if (Files.isDirectory(path)) {
      List<Path> files;
      try (Stream<Path> s = Files.list(path)) {
        files =
            s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
                .sorted()
                .toList();
      } catch (IOException e) {
        throw new FormatException(path.toString(), "", "cannot list: " + e.getMessage());
      }
      if (files.isEmpty()) {
        throw new FormatException(path.toString(), "", "the directory holds no .csv file");
      }
      files.forEach(f -> readFile(f, lca, acc));
    } else {
      readFile(path, lca, acc);
    }
    return acc.build();
  }

  private static void readFile(Path file, boolean lca, Accumulator acc) {
    try (InputStream in = Files.newInputStream(file)) {
      parseInto(in, file.toString(), lca, acc);
    } catch (NoSuchFileException e) {
      throw new FormatException(file.toString(), "", "no such file");
    } catch (IOException e) {
      throw new FormatException(file.toString(), "", "cannot read: " + e.getMessage());
    }
  }

  /** Parses several named CSV streams (e.g. bundled resources) into one series. */
  public static CarbonSeries parse(Map<String, InputStream> sources, boolean lca) {
    var acc = new Accumulator();
    sources.forEach(
        (name, in) -> {
          try (in) {
            parseInto(in, name, lca, acc);
          } catch (IOException e) {
            throw new FormatException(name, "", "cannot read: " + e.getMessage());
          }
        });
    return acc.build();
  }

  private static void parseInto(InputStream in, String source, boolean lca, Accumulator acc)
      throws IOException {
    var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String header = r.readLine();
    if (header == null) {
      throw new FormatException(source, "", "the file is empty");
    }
    header = header.replace("\uFEFF", "");
    var columns = Csv.split(header);
    Layout layout;
    if (header.startsWith(PLAIN_HEADER)) {
      layout = new Layout(0, 1, 2, columns.indexOf("kind"), columns.indexOf("issued_at"), false);
    } else if (header.startsWith(EM_DATETIME)) {
      String valueColumn = lca ? EM_LCA : EM_DIRECT;
      layout =
          new Layout(
              0,
              column(columns, EM_ZONE, source),
              column(columns, valueColumn, source),
              -1,
              -1,
              true);
    } else {
      throw new FormatException(
          source,
          "line 1",
          "unknown header: expected '"
              + PLAIN_HEADER
              + "' or an Electricity Maps export starting with '"
              + EM_DATETIME
              + "'");
    }
    String line;
    int lineNo = 1;
    while ((line = r.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      var cells = Csv.split(line);
      String where = "line " + lineNo;
      boolean forecast = false;
      if (layout.kind >= 0 && layout.kind < cells.size()) {
        String kind = cells.get(layout.kind).strip();
        forecast = kind.equals("forecast");
        if (!forecast && !kind.isEmpty() && !kind.equals("actual")) {
          throw new FormatException(
              source,
              where,
              "column 'kind' must be actual or forecast, but was '" + Printable.clip(kind) + "'");
        }
      }
      String time = cell(cells, layout.time, columns, source, where);
      String zone = cell(cells, layout.zone, columns, source, where);
      String value = cell(cells, layout.value, columns, source, where);
      long at = parseTime(time, layout.emTime, source, where, columns.get(layout.time));
      double g;
      try {
        g = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new FormatException(
            source,
            where,
            "column '"
                + columns.get(layout.value)
                + "' is not a number: '"
                + Printable.clip(value)
                + "'");
      }
      if (!(g >= 0) || Double.isInfinite(g)) {
        throw new FormatException(
            source,
            where,
            "column '"
                + columns.get(layout.value)
                + "' must not be negative, but was "
                + Printable.clip(value));
      }
      if (zone.isEmpty()) {
        throw new FormatException(
            source, where, "column '" + columns.get(layout.zone) + "' is empty");
      }
      if (forecast) {
        long issued = Long.MIN_VALUE;
        if (layout.issued >= 0 && layout.issued < cells.size()) {
          String s = cells.get(layout.issued).strip();
          if (!s.isEmpty()) {
            issued = parseTime(s, false, source, where, "issued_at");
          }
        }
        acc.addForecast(zone, at, issued, g);
      } else {
        acc.add(zone, at, g, source, where);
      }
    }
  }

  private record Layout(int time, int zone, int value, int kind, int issued, boolean emTime) {}

  private static int column(List<String> columns, String name, String source) {
    int i = columns.indexOf(name);
    if (i < 0) {
      throw new FormatException(source, "line 1", "missing column '" + name + "'");
    }
    return i;
  }

  private static String cell(
      List<String> cells, int i, List<String> columns, String source, String where) {
    if (i >= cells.size()) {
      throw new FormatException(
          source,
          where,
          "column '" + (i < columns.size() ? columns.get(i) : "#" + (i + 1)) + "' is missing");
    }
    return cells.get(i).strip();
  }

  private static long parseTime(String s, boolean em, String source, String where, String column) {
    try {
      var t =
          em
              ? LocalDateTime.parse(s, EM_TIME).toInstant(ZoneOffset.UTC)
              : OffsetDateTime.parse(s).toInstant();
      if (!Bounds.contains(t)) {
        throw new FormatException(
            source,
            where,
            "column '"
                + column
                + "' must be "
                + Bounds.timeRange()
                + ", but was '"
                + Printable.clip(s)
                + "'");
      }
      return t.getEpochSecond();
    } catch (DateTimeParseException e) {
      throw new FormatException(
          source,
          where,
          "column '"
              + column
              + "' must be a time like "
              + (em ? "2023-01-01 00:00:00" : "2023-03-01T00:00:00Z")
              + ", but was '"
              + Printable.clip(s)
              + "'");
    }
  }

  /** Collects rows per zone; a timestamp repeated within a zone is an error. */
  private static final class Accumulator {
    private final Map<String, TreeMap<Long, Double>> rows = new HashMap<>();
    private final Map<String, List<ForecastRow>> forecastRows = new HashMap<>();

    private record ForecastRow(long target, long issued, double g) {}

    void addForecast(String zone, long target, long issued, double g) {
      forecastRows
          .computeIfAbsent(zone, z -> new ArrayList<>())
          .add(new ForecastRow(target, issued, g));
    }

    void add(String zone, long at, double g, String source, String where) {
      if (rows.computeIfAbsent(zone, z -> new TreeMap<>()).put(at, g) != null) {
        throw new FormatException(
            source, where, "zone " + zone + " has a second value for " + Instant.ofEpochSecond(at));
      }
    }

    CarbonSeries build() {
      var zones = new HashMap<String, CarbonSeries.Zone>();
      rows.forEach(
          (zone, m) -> {
            long[] starts = new long[m.size()];
            double[] values = new double[m.size()];
            int i = 0;
            for (var e : m.entrySet()) {
              starts[i] = e.getKey();
              values[i++] = e.getValue();
            }
            zones.put(zone, new CarbonSeries.Zone(starts, values));
          });
      var forecasts = new HashMap<String, CarbonSeries.Forecasts>();
      forecastRows.forEach(
          (zone, list) -> {
            list.sort(
                Comparator.comparingLong(ForecastRow::target)
                    .thenComparingLong(ForecastRow::issued));
            long[] targets = new long[list.size()];
            long[] iss = new long[list.size()];
            double[] values = new double[list.size()];
            for (int k = 0; k < targets.length; k++) {
              targets[k] = list.get(k).target();
              iss[k] = list.get(k).issued();
              values[k] = list.get(k).g();
            }
            forecasts.put(zone, new CarbonSeries.Forecasts(targets, iss, values));
          });
      return new CarbonSeries(zones, forecasts);
    }
  }
}
