package dev.runneriq.carbon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.core.carbon.CarbonSource;
import dev.runneriq.core.model.CarbonReading;
import dev.runneriq.formats.Node;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The GB Carbon Intensity API of NESO ({@code api.carbonintensity.org.uk}, no key, CC BY 4.0). Zone
 * {@code GB} is the national series ({@code /intensity…}); {@code GB-<regionid>} (1–17, e.g. {@code
 * GB-13} London) a DNO region or nation ({@code /regional/…/regionid/<id>}). Any other zone has no
 * data here (empty answers, no request).
 *
 * <p>Values are gCO2/kWh per half-hour settlement period. National history and latest use the
 * estimated {@code actual} when the API has one, else the {@code forecast}; regional data has only
 * {@code forecast}. Forecasts come from {@code fw48h}. Ranges are requested in windows of at most
 * {@link #MAX_RANGE}; lists hold the periods that overlap [from, to). Caching and stale-if-error as
 * in {@link ReadingCache}.
 */
public final class UkCarbonIntensitySource implements CarbonSource {
  public static final URI DEFAULT_URL = URI.create("https://api.carbonintensity.org.uk");
  public static final String NATIONAL = "GB";
  public static final String REGION_PREFIX = "GB-";
  public static final Duration LATEST_TTL = Duration.ofMinutes(5);
  public static final Duration RANGE_TTL = Duration.ofMinutes(30);
  public static final Duration FORECAST_TTL = Duration.ofMinutes(30);
  public static final Duration MAX_RANGE = Duration.ofDays(14);
  static final Duration HALF_HOUR = Duration.ofMinutes(30);
  private static final DateTimeFormatter MINUTES =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);

  private final JsonHttp http;
  private final ReadingCache cache;

  public UkCarbonIntensitySource(HttpSettings settings) {
    this.http =
        new JsonHttp(
            name(), settings.baseUrl(), settings.timeout(), settings.clock(), Map.of(), null);
    this.cache = new ReadingCache(settings.clock(), settings.maxStale());
  }

  @Override
  public String name() {
    return "uk-carbon-intensity";
  }

  /** {@code GB} is 0, {@code GB-<id>} its region id, any other zone -1. */
  static int regionId(String zone) {
    if (zone.equals(NATIONAL)) {
      return 0;
    }
    String id = zone.startsWith(REGION_PREFIX) ? zone.substring(REGION_PREFIX.length()) : "";
    return id.matches("[1-9]\\d{0,2}") ? Integer.parseInt(id) : -1;
  }

  @Override
  public Optional<CarbonReading> latest(String zone) {
    int region = regionId(zone);
    if (region < 0) {
      return Optional.empty();
    }
    String path = region == 0 ? "/intensity" : "/regional/regionid/" + region;
    var readings = fetch("latest|" + zone, LATEST_TTL, path, zone, true);
    return readings.isEmpty() ? Optional.empty() : Optional.of(readings.getLast());
  }

  @Override
  public List<CarbonReading> history(String zone, Instant from, Instant to) {
    if (regionId(zone) < 0 || !to.isAfter(from)) {
      return List.of();
    }
    var all = new ArrayList<CarbonReading>();
    for (var w : Periods.split(from, to, MAX_RANGE)) {
      String range = MINUTES.format(w.from()) + "/" + MINUTES.format(w.to());
      all.addAll(fetch("range|" + zone + "|" + range, RANGE_TTL, path(zone, range), zone, true));
    }
    return Periods.overlapping(all, from, to, HALF_HOUR);
  }

  @Override
  public List<CarbonReading> forecast(String zone, Instant from, Instant to) {
    if (regionId(zone) < 0 || !to.isAfter(from)) {
      return List.of();
    }
    String range = MINUTES.format(from) + "/fw48h";
    var all = fetch("forecast|" + zone + "|" + range, FORECAST_TTL, path(zone, range), zone, false);
    return Periods.overlapping(all, from, to, HALF_HOUR);
  }

  private static String path(String zone, String range) {
    int region = regionId(zone);
    return region == 0
        ? "/intensity/" + range
        : "/regional/intensity/" + range + "/regionid/" + region;
  }

  private List<CarbonReading> fetch(
      String key, Duration ttl, String path, String zone, boolean preferActual) {
    return cache.get(key, ttl, () -> http.get(path, zone, json -> periods(json, preferActual)));
  }

  /**
   * The periods of a national answer ({@code {"data":[period…]}}) or a regional one ({@code
   * {"data":[{"regionid":…,"data":[period…]}]}}, or with {@code data} a single object).
   */
  static List<CarbonReading> periods(JsonNode json, boolean preferActual) {
    var root = Node.root(json, "response", 0);
    var data = json.get("data");
    var out = new ArrayList<CarbonReading>();
    if (data != null && data.isObject()) {
      for (Node p : root.object("data").objects("data", true)) {
        period(p, preferActual).ifPresent(out::add);
      }
      return out;
    }
    for (Node item : root.objects("data", true)) {
      if (item.has("from")) {
        period(item, preferActual).ifPresent(out::add);
      } else {
        for (Node p : item.objects("data", true)) {
          period(p, preferActual).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  private static Optional<CarbonReading> period(Node p, boolean preferActual) {
    Instant at = p.time("from");
    Node i = p.object("intensity");
    if (preferActual && i.has("actual")) {
      return Optional.of(new CarbonReading(i.number("actual"), at));
    }
    return i.has("forecast")
        ? Optional.of(new CarbonReading(i.number("forecast"), at))
        : Optional.empty();
  }
}
