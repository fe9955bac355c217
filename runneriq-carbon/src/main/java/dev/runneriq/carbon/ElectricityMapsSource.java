package dev.runneriq.carbon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.core.carbon.CarbonSource;
import dev.runneriq.core.model.CarbonReading;
import dev.runneriq.formats.Node;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Electricity Maps API v3 ({@code /v3/carbon-intensity/latest|history|past-range|forecast}),
 * authenticated by the {@code auth-token} header. Values are gCO2eq/kWh as the API gives them (its
 * default emission factor, life-cycle unless the account is set otherwise); each hourly value holds
 * from its {@code datetime} for an hour. Points whose {@code carbonIntensity} is null are skipped.
 *
 * <p>{@link #history} reads {@code /history} (the last 24 hours, one cached request per zone) when
 * {@code from} lies within the last 24 hours, else {@code /past-range} in windows of at most {@link
 * #MAX_PAST_RANGE}. Lists hold the readings whose hour overlaps [from, to). Answers are cached per
 * endpoint ({@link #LATEST_TTL} …); when the API fails, the last good answer is returned marked
 * stale (see {@link ReadingCache}).
 */
public final class ElectricityMapsSource implements CarbonSource {
  public static final URI DEFAULT_URL = URI.create("https://api.electricitymap.org");
  public static final Duration LATEST_TTL = Duration.ofMinutes(5);
  public static final Duration HISTORY_TTL = Duration.ofMinutes(15);
  public static final Duration PAST_RANGE_TTL = Duration.ofHours(6);
  public static final Duration FORECAST_TTL = Duration.ofMinutes(30);
  public static final Duration MAX_PAST_RANGE = Duration.ofDays(10);
  static final Duration HOUR = Duration.ofHours(1);
  static final String TOKEN_HEADER = "auth-token";

  private final JsonHttp http;
  private final ReadingCache cache;
  private final HttpSettings settings;

  public ElectricityMapsSource(String token, HttpSettings settings) {
    if (token.isBlank()) {
      throw new IllegalArgumentException(
          "electricitymaps needs an API token (carbon.token or RUNNERIQ_CARBON_TOKEN)");
    }
    this.settings = settings;
    this.http =
        new JsonHttp(
            name(),
            settings.baseUrl(),
            settings.timeout(),
            settings.clock(),
            Map.of(TOKEN_HEADER, token),
            TOKEN_HEADER);
    this.cache = new ReadingCache(settings.clock(), settings.maxStale());
  }

  @Override
  public String name() {
    return "electricitymaps";
  }

  @Override
  public Optional<CarbonReading> latest(String zone) {
    var readings =
        cache.get(
            "latest|" + zone,
            LATEST_TTL,
            () ->
                http.get(
                    "/v3/carbon-intensity/latest?zone=" + encode(zone),
                    zone,
                    json -> point(Node.root(json, "latest", 0)).map(List::of).orElse(List.of())));
    return readings.stream().findFirst();
  }

  @Override
  public List<CarbonReading> history(String zone, Instant from, Instant to) {
    if (!to.isAfter(from)) {
      return List.of();
    }
    Instant dayAgo = settings.clock().instant().minus(Duration.ofHours(24));
    if (!from.isBefore(dayAgo)) {
      var day =
          cache.get(
              "history|" + zone,
              HISTORY_TTL,
              () ->
                  http.get(
                      "/v3/carbon-intensity/history?zone=" + encode(zone),
                      zone,
                      json -> points(json, "history")));
      return Periods.overlapping(day, from, to, HOUR);
    }
    var all = new ArrayList<CarbonReading>();
    Instant start = from.truncatedTo(ChronoUnit.HOURS);
    for (var w : Periods.split(start, to, MAX_PAST_RANGE)) {
      String query =
          "/v3/carbon-intensity/past-range?zone="
              + encode(zone)
              + "&start="
              + encode(w.from().toString())
              + "&end="
              + encode(w.to().toString());
      all.addAll(
          cache.get(
              "past-range|" + zone + "|" + w.from() + "|" + w.to(),
              PAST_RANGE_TTL,
              () -> http.get(query, zone, json -> points(json, "data"))));
    }
    return Periods.overlapping(all, from, to, HOUR);
  }

  @Override
  public List<CarbonReading> forecast(String zone, Instant from, Instant to) {
    if (!to.isAfter(from)) {
      return List.of();
    }
    var all =
        cache.get(
            "forecast|" + zone,
            FORECAST_TTL,
            () ->
                http.get(
                    "/v3/carbon-intensity/forecast?zone=" + encode(zone),
                    zone,
                    json -> points(json, "forecast")));
    return Periods.overlapping(all, from, to, HOUR);
  }

  /** The non-null points of the array {@code field} of a response. */
  private static List<CarbonReading> points(JsonNode json, String field) {
    var out = new ArrayList<CarbonReading>();
    for (Node n : Node.root(json, field, 0).objects(field, true)) {
      point(n).ifPresent(out::add);
    }
    return out;
  }

  private static Optional<CarbonReading> point(Node n) {
    if (!n.has("carbonIntensity")) {
      return Optional.empty();
    }
    return Optional.of(new CarbonReading(n.number("carbonIntensity"), n.time("datetime")));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
