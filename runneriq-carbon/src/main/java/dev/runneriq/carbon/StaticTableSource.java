package dev.runneriq.carbon;

import dev.runneriq.core.carbon.CarbonSource;
import dev.runneriq.core.model.CarbonReading;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One fixed intensity per zone: the annual mean of a year, for when no live or historical series is
 * at hand. {@link #isStatic()} is true, so explanations say the value is a static mean. Every
 * answer is that mean: {@link #latest} as of the start of the table's year, {@link #history} and
 * {@link #forecast} as one reading at {@code from} that holds for the whole interval.
 *
 * <p>{@link #bundled2023} holds the 2023 means of the Electricity Maps hourly data-portal exports
 * (data: Electricity Maps, ODbL 1.0), computed by {@code scripts/carbon_annual_means.py}.
 */
public final class StaticTableSource implements CarbonSource {
  static final String BUNDLED = "annual-means-2023.csv";

  private final Map<String, Double> means;
  private final Instant validFrom;

  /**
   * @param means gCO2eq/kWh per zone
   * @param validFrom the start of the period the means describe
   */
  public StaticTableSource(Map<String, Double> means, Instant validFrom) {
    means.forEach(
        (zone, mean) -> {
          if (!(mean >= 0)) {
            throw new IllegalArgumentException(
                "the static mean of zone " + zone + " must not be negative, but was " + mean);
          }
        });
    this.means = new TreeMap<>(means);
    this.validFrom = validFrom;
  }

  /**
   * The bundled 2023 table: the mean of the {@code direct} (operational) intensity, or of the
   * life-cycle one when {@code lca}.
   */
  public static StaticTableSource bundled2023(boolean lca) {
    try (InputStream in = StaticTableSource.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException("the bundled table " + BUNDLED + " is missing");
      }
      return new StaticTableSource(
          parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), lca),
          Instant.parse("2023-01-01T00:00:00Z"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled table " + BUNDLED, e);
    }
  }

  private static Map<String, Double> parse(BufferedReader in, boolean lca) throws IOException {
    var out = new TreeMap<String, Double>();
    boolean header = true;
    int lineNo = 0;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      lineNo++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      var cells = List.of(line.split(",", -1));
      if (header) {
        header = false;
        if (!cells.equals(
            List.of(
                "zone",
                "zone_name",
                "year",
                "hours",
                "estimated_hours",
                "mean_direct",
                "mean_lca"))) {
          throw new IllegalStateException(BUNDLED + ": unexpected header: " + line);
        }
        continue;
      }
      if (cells.size() != 7) {
        throw new IllegalStateException(BUNDLED + ": line " + lineNo + ": expected 7 columns");
      }
      out.put(cells.get(0), Double.parseDouble(cells.get(lca ? 6 : 5)));
    }
    return out;
  }

  @Override
  public String name() {
    return "static";
  }

  @Override
  public boolean isStatic() {
    return true;
  }

  public Set<String> zones() {
    return means.keySet();
  }

  @Override
  public Optional<CarbonReading> latest(String zone) {
    return Optional.ofNullable(means.get(zone)).map(m -> new CarbonReading(m, validFrom));
  }

  @Override
  public List<CarbonReading> history(String zone, Instant from, Instant to) {
    return over(zone, from, to);
  }

  @Override
  public List<CarbonReading> forecast(String zone, Instant from, Instant to) {
    return over(zone, from, to);
  }

  private List<CarbonReading> over(String zone, Instant from, Instant to) {
    Double m = means.get(zone);
    return m == null || !to.isAfter(from) ? List.of() : List.of(new CarbonReading(m, from));
  }
}
