package dev.runneriq.carbon;

import dev.runneriq.core.carbon.CarbonSource;
import dev.runneriq.core.model.CarbonReading;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The grid's picture for the running service: for every zone the fleet's runners stand in, the
 * latest intensity and a forecast up to {@code horizon} ahead, read from a {@link CarbonSource} at
 * most once per {@code refresh} (by {@code clock}) on a background thread, so that a slow or
 * failing provider never holds up a decision.
 *
 * <p>When the provider fails for a zone, its last good intensity stays, marked stale, its forecast
 * is dropped (no job is held back on old data) and {@link #problems()} says why. A zone never read
 * is left out of the snapshot: the carbon scorer and the deferral then stand aside for its runners.
 * Thread-safe.
 */
public final class CarbonFeed implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(CarbonFeed.class.getName());

  /** How much of the past {@link #history()} keeps per zone. */
  public static final Duration HISTORY = Duration.ofHours(24);

  private record Zone(CarbonReading latest, List<CarbonReading> forecast) {}

  private final CarbonSource source;
  private final InstantSource clock;
  private final Duration refresh;
  private final Duration horizon;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().name("runneriq-carbon-feed").factory());
  private final AtomicBoolean inFlight = new AtomicBoolean();
  private final Map<String, Zone> zones = new ConcurrentHashMap<>();
  private final Map<String, String> problems = new ConcurrentHashMap<>();
  private final Map<String, List<CarbonReading>> history = new ConcurrentHashMap<>();
  private volatile Set<String> asked = Set.of();
  private volatile Instant refreshedAt = Instant.MIN;

  /**
   * @param refresh the least time between two reads of the provider, by {@code clock}
   * @param horizon how far ahead to ask for a forecast
   */
  public CarbonFeed(CarbonSource source, InstantSource clock, Duration refresh, Duration horizon) {
    if (refresh.isNegative() || refresh.isZero()) {
      throw new IllegalArgumentException("the carbon refresh interval must be positive");
    }
    this.source = source;
    this.clock = clock;
    this.refresh = refresh;
    this.horizon = horizon;
  }

  /** The provider's name, e.g. {@code electricitymaps}. */
  public String provider() {
    return source.name();
  }

  /**
   * {@code snapshot} with the intensity and forecast of its runners' zones, as last read; starts a
   * read in the background when one is due or a runner stands in a zone not yet asked for.
   */
  public Snapshot enrich(Snapshot snapshot) {
    var wanted = zonesOf(snapshot.runners());
    Instant now = clock.instant();
    boolean due = !refreshedAt.plus(refresh).isAfter(now) || !asked.containsAll(wanted);
    if (due && !wanted.isEmpty() && inFlight.compareAndSet(false, true)) {
      try {
        worker.execute(
            () -> {
              try {
                refreshNow(wanted);
              } finally {
                inFlight.set(false);
              }
            });
      } catch (RejectedExecutionException e) {
        inFlight.set(false); // closed
      }
    }
    return withGrid(snapshot, wanted);
  }

  /** Reads the provider for {@code wanted} zones now, on the caller's thread. */
  public void refreshNow(Set<String> wanted) {
    Instant now = clock.instant();
    for (String zone : wanted) {
      try {
        var latest = source.latest(zone);
        if (latest.isEmpty()) {
          zones.remove(zone);
          note(zone, "provider " + source.name() + " has no data for zone " + zone);
          continue;
        }
        List<CarbonReading> forecast = List.of();
        try {
          forecast = source.forecast(zone, now, now.plus(horizon));
        } catch (RuntimeException e) {
          // the intensity now still serves the scorer; deferral stands aside without a forecast
          note(zone, "forecast unavailable: " + message(e));
          zones.put(zone, new Zone(latest.get(), List.of()));
          continue;
        }
        remember(zone, latest.get(), now);
        boolean stale = latest.get().stale() || forecast.stream().anyMatch(CarbonReading::stale);
        // a forecast served from the provider's last good answer is not acted on
        zones.put(zone, new Zone(latest.get(), stale ? List.of() : forecast));
        if (stale) {
          note(zone, "provider " + source.name() + " answered with its last good value only");
        } else if (problems.remove(zone) != null) {
          LOG.log(System.Logger.Level.INFO, "carbon intensity of " + zone + " available again");
        }
      } catch (RuntimeException e) {
        var last = zones.get(zone);
        if (last != null) {
          var l = last.latest();
          zones.put(zone, new Zone(new CarbonReading(l.gco2PerKwh(), l.at(), true), List.of()));
        }
        note(zone, message(e));
      }
    }
    asked = Set.copyOf(wanted);
    refreshedAt = now;
  }

  /**
   * Each zone's intensity over the last {@link #HISTORY}: the provider's history when the zone was
   * first read (where it has one), then every new value read since; in time order.
   */
  public Map<String, List<CarbonReading>> history() {
    return new TreeMap<>(history);
  }

  /** Zones whose last read failed or was incomplete, with the reason (never a secret). */
  public Map<String, String> problems() {
    return new TreeMap<>(problems);
  }

  /** When the provider was last read, by the feed's clock; {@link Instant#MIN} before that. */
  public Instant refreshedAt() {
    return refreshedAt;
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }

  private Snapshot withGrid(Snapshot s, Set<String> wanted) {
    var carbon = new TreeMap<String, CarbonReading>();
    var forecast = new TreeMap<String, List<CarbonReading>>();
    for (String zone : wanted) {
      var z = zones.get(zone);
      if (z != null) {
        carbon.put(zone, z.latest());
        if (!z.forecast().isEmpty()) {
          forecast.put(zone, z.forecast());
        }
      }
    }
    if (carbon.isEmpty()) {
      return s;
    }
    return new Snapshot(s.now(), s.runners(), s.jobs(), carbon, forecast, s.calibration());
  }

  private void remember(String zone, CarbonReading latest, Instant now) {
    var known = history.get(zone);
    var out = new ArrayList<CarbonReading>();
    if (known == null) {
      try {
        out.addAll(source.history(zone, now.minus(HISTORY), now));
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "no carbon history for " + zone + ": " + message(e));
      }
    } else {
      out.addAll(known);
    }
    if (out.isEmpty() || latest.at().isAfter(out.getLast().at())) {
      out.add(latest);
    }
    Instant cutoff = now.minus(HISTORY);
    out.removeIf(r -> r.at().isBefore(cutoff));
    if (out.isEmpty()) {
      out.add(latest); // a table's value may date from long ago and still hold
    }
    history.put(zone, List.copyOf(out));
  }

  private void note(String zone, String problem) {
    if (!problem.equals(problems.put(zone, problem))) {
      LOG.log(System.Logger.Level.WARNING, "carbon intensity of " + zone + ": " + problem);
    }
  }

  private static String message(RuntimeException e) {
    return Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
  }

  private static Set<String> zonesOf(List<Runner> runners) {
    var out = new TreeSet<String>();
    for (var r : runners) {
      if (r.zone() != null && !r.zone().isBlank()) {
        out.add(r.zone());
      }
    }
    return out;
  }
}
