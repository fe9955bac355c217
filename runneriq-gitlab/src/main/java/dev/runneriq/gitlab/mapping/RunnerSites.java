package dev.runneriq.gitlab.mapping;

import dev.runneriq.core.model.Runner;
import dev.runneriq.gitlab.model.GlRunner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Where each runner stands on the grid and what it draws, which GitLab's API does not show: its
 * carbon zone, the power of one busy slot and its relative speed (docs/formats/fleet.md).
 * Resolution order: by runner id (from a fleet file), then the zone of the first of its tags in
 * alphabetical order that {@code zoneByTag} lists (with the default power and speed), then {@code
 * fallback}.
 */
public record RunnerSites(Map<Long, Site> byId, Map<String, String> zoneByTag, Site fallback) {

  /** One runner's place: {@code zone} null when unknown (the carbon scorer then stands aside). */
  public record Site(@Nullable String zone, double watts, double speed) {
    public static final double DEFAULT_WATTS = 100;
    public static final double DEFAULT_SPEED = 1.0;

    /** No zone, the fleet format's default power and speed. */
    public static final Site UNKNOWN = new Site(null, DEFAULT_WATTS, DEFAULT_SPEED);

    public Site {
      if (zone != null && zone.isBlank()) {
        zone = null;
      }
      if (!(watts >= 0) || Double.isInfinite(watts)) {
        throw new IllegalArgumentException("watts must be 0 or more, but was " + watts);
      }
      if (!(speed > 0) || Double.isInfinite(speed)) {
        throw new IllegalArgumentException("speed must be positive, but was " + speed);
      }
    }

    public Site withZone(@Nullable String newZone) {
      return new Site(newZone, watts, speed);
    }
  }

  public RunnerSites {
    byId = Map.copyOf(byId);
    zoneByTag = new TreeMap<>(zoneByTag);
  }

  /** Nothing declared: no zones, default power and speed. */
  public static RunnerSites unknown() {
    return new RunnerSites(Map.of(), Map.of(), Site.UNKNOWN);
  }

  /**
   * The sites a fleet file declares (docs/formats/fleet.md: zone, watts, speed per runner id; the
   * first entry of an id wins), then zones by tag, then {@code fallback}.
   */
  public static RunnerSites fromFleet(
      List<Runner> fleet, Map<String, String> zoneByTag, Site fallback) {
    var byId = new LinkedHashMap<Long, Site>();
    for (var r : fleet) {
      byId.putIfAbsent(r.id(), new Site(r.zone(), r.watts(), r.speed()));
    }
    return new RunnerSites(byId, zoneByTag, fallback);
  }

  /** Every zone a runner can be given here, sorted. */
  public List<String> zones() {
    var out = new java.util.TreeSet<String>();
    byId.values()
        .forEach(
            site -> {
              if (site.zone() != null) {
                out.add(site.zone());
              }
            });
    out.addAll(zoneByTag.values());
    if (fallback.zone() != null) {
      out.add(fallback.zone());
    }
    return List.copyOf(out);
  }

  public Site resolve(GlRunner runner) {
    var site = byId.get(runner.id());
    if (site != null) {
      return site;
    }
    for (var e : zoneByTag.entrySet()) {
      if (runner.tagList().contains(e.getKey())) {
        return fallback.withZone(e.getValue());
      }
    }
    return fallback;
  }
}
