package dev.runneriq.carbon;

import dev.runneriq.core.carbon.CarbonSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Builds the {@link CarbonSource} a {@link CarbonConfig} asks for. Every error names the key and
 * the bad value (never the token): {@code carbon.provider must be one of electricitymaps, uk, csv,
 * static, but was 'watttime'}.
 */
public final class CarbonSources {
  private CarbonSources() {}

  /**
   * The source for {@code config}; {@code csv} reads its series with {@code seriesReader}.
   *
   * @throws IllegalArgumentException naming the bad key and value
   */
  public static CarbonSource create(
      CarbonConfig config, InstantSource clock, Function<Path, SeriesView> seriesReader) {
    return switch (config.provider()) {
      case "electricitymaps" -> {
        String token = config.token();
        if (token == null || token.isBlank()) {
          throw new IllegalArgumentException(
              "carbon.token is required for provider electricitymaps"
                  + " (set it from the environment or a file)");
        }
        yield new ElectricityMapsSource(
            token, settings(config, ElectricityMapsSource.DEFAULT_URL, clock));
      }
      case "uk" -> {
        for (String zone : config.zones()) {
          if (UkCarbonIntensitySource.regionId(zone) < 0) {
            throw new IllegalArgumentException(
                "the fleet's zone '"
                    + zone
                    + "' is not a zone of provider uk (GB, or GB-<regionid> such as GB-13)");
          }
        }
        yield new UkCarbonIntensitySource(
            settings(config, UkCarbonIntensitySource.DEFAULT_URL, clock));
      }
      case "csv" -> {
        Path path = config.path();
        if (path == null) {
          throw new IllegalArgumentException(
              "carbon.path is required for provider csv (a series file or directory)");
        }
        if (!Files.exists(path)) {
          throw new IllegalArgumentException("carbon.path does not exist: '" + path + "'");
        }
        var source = new CsvSource(seriesReader.apply(path), clock);
        requireZones(config.zones(), source.zones(), "the series " + path);
        yield source;
      }
      case "static" -> {
        var source = StaticTableSource.bundled2023(config.lca());
        requireZones(config.zones(), source.zones(), "the static table");
        yield source;
      }
      default ->
          throw new IllegalArgumentException(
              "carbon.provider must be one of "
                  + String.join(", ", CarbonConfig.PROVIDERS)
                  + ", but was '"
                  + config.provider()
                  + "'");
    };
  }

  private static HttpSettings settings(CarbonConfig config, URI dflt, InstantSource clock) {
    URI url = dflt;
    @Nullable String given = config.url();
    if (given != null && !given.isBlank()) {
      try {
        url = new URI(given.trim());
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("carbon.url is not a valid URL: '" + given + "'");
      }
    }
    return new HttpSettings(url, config.timeout(), HttpSettings.DEFAULT_MAX_STALE, clock);
  }

  private static void requireZones(List<String> wanted, Collection<String> known, String where) {
    for (String zone : wanted) {
      if (!known.contains(zone)) {
        throw new IllegalArgumentException(
            "no data for the fleet's zone '" + zone + "' in " + where + " (it has " + known + ")");
      }
    }
  }
}
