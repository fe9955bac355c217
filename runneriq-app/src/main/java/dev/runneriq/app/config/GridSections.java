package dev.runneriq.app.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.carbon.CarbonConfig;
import dev.runneriq.carbon.HttpSettings;
import dev.runneriq.core.model.Runner;
import dev.runneriq.formats.Bounds;
import dev.runneriq.formats.FleetFormat;
import dev.runneriq.formats.Node;
import dev.runneriq.formats.Printable;
import dev.runneriq.gitlab.mapping.ConcurrencyConfig;
import dev.runneriq.gitlab.mapping.RunnerSites;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where the service's runners stand on the grid and where its intensity comes from: the provider
 * keys of the {@code carbon} section ({@code provider}, {@code url}, {@code token_file}, {@code
 * path}, {@code lca}, {@code timeout_ms}, {@code refresh_s}) and the {@code fleet} section (a fleet
 * file, a default zone, power and speed, zones by tag). The Electricity Maps token never enters the
 * tree: it comes from {@value #CARBON_TOKEN_ENV} or the file {@code carbon.token_file} names.
 */
final class GridSections {
  static final String NONE = "none";
  static final String CARBON_TOKEN_ENV = "RUNNERIQ_CARBON_TOKEN";

  /** Objects whose keys are free: tags. */
  static final Set<String> FREE_MAPS = Set.of("fleet.zone_by_tag", "carbon.budgets");

  private GridSections() {}

  static void addDefaults(ObjectNode root) {
    var c = root.has("carbon") ? (ObjectNode) root.get("carbon") : root.putObject("carbon");
    c.put("provider", NONE);
    c.putNull("url");
    c.putNull("token_file");
    c.putNull("path");
    c.put("lca", false);
    c.put("timeout_ms", HttpSettings.DEFAULT_TIMEOUT.toMillis());
    c.put("refresh_s", 300);
    c.putObject("budgets");

    var f = root.putObject("fleet");
    f.putNull("file");
    f.putNull("zone");
    f.put("watts", RunnerSites.Site.DEFAULT_WATTS);
    f.put("speed", RunnerSites.Site.DEFAULT_SPEED);
    f.putObject("zone_by_tag");
  }

  /** The provider's config, or null for {@code none}. */
  static ServiceConfig.@Nullable Carbon carbon(Node root, Map<String, String> env) {
    var c = root.object("carbon");
    String provider = c.string("provider").strip().toLowerCase(Locale.ROOT);
    if (provider.equals(NONE)) {
      return null;
    }
    if (!CarbonConfig.PROVIDERS.contains(provider)) {
      throw c.error(
          "provider",
          "must be one of none, "
              + String.join(", ", CarbonConfig.PROVIDERS)
              + ", but was "
              + Printable.clip(provider));
    }
    long timeoutMs = c.integerBetween("timeout_ms", 100, 120_000);
    long refreshS = c.integerBetween("refresh_s", 1, 86_400);
    var secret = ServiceSections.secret(c, "token_file", env, CARBON_TOKEN_ENV);
    String token = secret == null ? null : secret.reveal();
    if (provider.equals("electricitymaps") && token == null) {
      throw c.error(
          "provider",
          "electricitymaps needs an API token: set "
              + CARBON_TOKEN_ENV
              + " or carbon.token_file (a file holding only the token)");
    }
    Path path = null;
    String p = c.optString("path");
    if (p != null && !p.isBlank()) {
      path = path(c, "path", p);
    } else if (provider.equals("csv")) {
      throw c.error("path", "is required for provider csv (a carbon series file or directory)");
    }
    var config =
        new CarbonConfig(
            provider,
            c.optString("url"),
            token,
            path,
            List.of(),
            Duration.ofMillis(timeoutMs),
            c.bool("lca", false));
    return new ServiceConfig.Carbon(config, Duration.ofSeconds(refreshS));
  }

  /**
   * The groups' monthly CO2 budgets of {@code carbon.budgets}: each key a group path, each value
   * {@code {kg_per_month: N}} with N more than 0.
   */
  static CarbonBudgets budgets(Node root) {
    var c = root.object("carbon");
    var out = new LinkedHashMap<String, Double>();
    var b = c.object("budgets");
    b.fieldNames()
        .forEach(
            group -> {
              String path = group.strip();
              if (path.isEmpty()
                  || path.startsWith("/")
                  || path.endsWith("/")
                  || path.contains("//")) {
                throw b.error(group, "must be a group's full path, such as shop or shop/backend");
              }
              var one = b.object(group);
              for (String key : one.fieldNames()) {
                if (!key.equals(CarbonBudgets.KG_PER_MONTH)) {
                  throw one.error(
                      key,
                      "is not a budget's key: a budget holds only " + CarbonBudgets.KG_PER_MONTH);
                }
              }
              double kg = one.number(CarbonBudgets.KG_PER_MONTH);
              if (!(kg > 0) || Double.isInfinite(kg)) {
                throw one.error(
                    CarbonBudgets.KG_PER_MONTH, "must be more than 0 (kg of CO2), but was " + kg);
              }
              out.put(path, kg);
            });
    return new CarbonBudgets(out);
  }

  /** The runners of the fleet file {@code fleet.file}; empty when none is named. */
  static List<Runner> fleetFile(Node root) {
    var f = root.object("fleet");
    String file = f.optString("file");
    if (file == null || file.isBlank()) {
      return List.of();
    }
    return FleetFormat.read(path(f, "file", file));
  }

  /**
   * The runners' zones, power and speed: the fleet file's by id, then zones by tag, then defaults.
   */
  static RunnerSites sites(Node root, List<Runner> fleetFile) {
    var f = root.object("fleet");
    double watts = f.number("watts");
    if (!(watts >= 0)) {
      throw f.error("watts", "must be 0 or more, but was " + watts);
    }
    double speed = f.numberBetween("speed", Bounds.MIN_SPEED, Bounds.MAX_SPEED);
    var zoneByTag = new LinkedHashMap<String, String>();
    f.stringMap("zone_by_tag")
        .forEach(
            (tag, z) -> {
              if (z.isBlank()) {
                throw f.error("zone_by_tag/" + tag, "must name a zone, such as DE or US-CAL-CISO");
              }
              zoneByTag.put(tag, z.strip());
            });
    return RunnerSites.fromFleet(
        fleetFile, zoneByTag, new RunnerSites.Site(f.optString("zone"), watts, speed));
  }

  /**
   * {@code concurrency} with the fleet file's capacities added where its by-id entries are silent.
   */
  static ConcurrencyConfig withCapacities(ConcurrencyConfig concurrency, List<Runner> fleetFile) {
    if (fleetFile.isEmpty()) {
      return concurrency;
    }
    var byId = new LinkedHashMap<Long, Integer>();
    fleetFile.forEach(r -> byId.put(r.id(), r.concurrency()));
    byId.putAll(concurrency.byId());
    return new ConcurrencyConfig(
        byId, concurrency.byName(), concurrency.byTag(), concurrency.fallback());
  }

  private static Path path(Node n, String field, String value) {
    try {
      return Path.of(value.strip());
    } catch (InvalidPathException e) {
      throw n.error(field, "is not a valid path: " + value);
    }
  }
}
