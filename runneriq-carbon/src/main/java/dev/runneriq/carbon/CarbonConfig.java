package dev.runneriq.carbon;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which carbon provider to use and how to reach it (the {@code carbon} section of {@code
 * runneriq.yaml}). Checked by {@link CarbonSources#create}, whose errors name the bad key and
 * value.
 *
 * @param provider {@code electricitymaps}, {@code uk}, {@code csv} or {@code static}
 * @param url the API base URL (HTTP providers); null for the provider's default
 * @param token the Electricity Maps API token; from the environment or a file, never logged
 * @param path a series file or directory ({@code csv})
 * @param zones the zones the fleet's runners are in (the {@code fleet} section); checked against
 *     what the provider can answer where that is known without a request
 * @param timeout HTTP timeout
 * @param lca use life-cycle instead of direct intensities where a file offers both ({@code static})
 */
public record CarbonConfig(
    String provider,
    @Nullable String url,
    @Nullable String token,
    @Nullable Path path,
    List<String> zones,
    Duration timeout,
    boolean lca) {
  public static final List<String> PROVIDERS = List.of("electricitymaps", "uk", "csv", "static");

  public CarbonConfig {
    zones = List.copyOf(zones);
  }

  /** A config for {@code provider} with every other key at its default. */
  public static CarbonConfig of(String provider) {
    return new CarbonConfig(
        provider, null, null, null, List.of(), HttpSettings.DEFAULT_TIMEOUT, false);
  }

  public CarbonConfig withUrl(@Nullable String url) {
    return new CarbonConfig(provider, url, token, path, zones, timeout, lca);
  }

  public CarbonConfig withToken(@Nullable String token) {
    return new CarbonConfig(provider, url, token, path, zones, timeout, lca);
  }

  public CarbonConfig withPath(@Nullable Path path) {
    return new CarbonConfig(provider, url, token, path, zones, timeout, lca);
  }

  public CarbonConfig withZones(List<String> zones) {
    return new CarbonConfig(provider, url, token, path, zones, timeout, lca);
  }

  /** Never shows the token, only whether one is set. */
  @Override
  public String toString() {
    return "CarbonConfig[provider="
        + provider
        + ", url="
        + url
        + ", token="
        + (token == null ? "unset" : "set")
        + ", path="
        + path
        + ", zones="
        + zones
        + ", timeout="
        + timeout
        + ", lca="
        + lca
        + "]";
  }
}
