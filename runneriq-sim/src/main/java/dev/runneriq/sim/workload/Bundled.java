package dev.runneriq.sim.workload;

import dev.runneriq.core.model.Runner;
import dev.runneriq.formats.CarbonSeries;
import dev.runneriq.formats.CarbonSeriesFormat;
import dev.runneriq.formats.Documents;
import dev.runneriq.formats.FleetFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/** The default fleet and the carbon series shipped inside the simulator. */
public final class Bundled {
  static final String ROOT = "/dev/runneriq/sim/";
  public static final List<String> CARBON_ZONES = List.of("CA-ON", "DE", "GB", "US-CAL-CISO");

  private Bundled() {}

  static InputStream resource(String name) {
    return Objects.requireNonNull(
        Bundled.class.getResourceAsStream(ROOT + name), "missing resource " + name);
  }

  static String text(String name) {
    try (var in = resource(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The default fleet as YAML, as {@code runneriq fleet default} prints it. */
  public static String fleetYaml() {
    return text("workload/default-fleet.yaml");
  }

  /** The default fleet: 25 runners, 92 slots. */
  public static List<Runner> fleet() {
    var yaml = fleetYaml().getBytes(StandardCharsets.UTF_8);
    return FleetFormat.parse(Documents.parse(yaml, "default fleet", true), "default fleet");
  }

  /** {@code copies} copies of the default fleet (ids and names made unique): 8 copies = 200. */
  public static List<Runner> fleet(int copies) {
    var base = fleet();
    if (copies <= 1) {
      return base;
    }
    var out = new ArrayList<Runner>(base.size() * copies);
    for (int c = 0; c < copies; c++) {
      for (var r : base) {
        out.add(
            r.toBuilder()
                .id(r.id() + 1000L * c)
                .name(c == 0 ? r.name() : r.name() + "-" + c)
                .running(0)
                .build());
      }
    }
    return out;
  }

  /** Electricity Maps 2023 hourly intensity (direct) of the default fleet's zones. */
  public static CarbonSeries carbon() {
    var sources = new LinkedHashMap<String, InputStream>();
    for (String zone : CARBON_ZONES) {
      sources.put("bundled carbon/" + zone + ".csv", resource("carbon/" + zone + ".csv"));
    }
    return CarbonSeriesFormat.parse(sources, false);
  }
}
