package dev.runneriq.sim;

import dev.runneriq.core.carbon.Grid;
import dev.runneriq.core.model.CarbonReading;
import dev.runneriq.core.model.Runner;
import dev.runneriq.sim.carbon.ForecastError;
import dev.runneriq.sim.carbon.SeriesForecast;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The grid as the engine would see it at each dispatch opportunity of a carbon-aware RunnerIQ
 * policy (the intensity now per zone, and a forecast), and the jobs the engine's deferral holds.
 *
 * <p>Forecasts are hourly points over the policy's longest delay plus two hours. They come from the
 * series' own forecast rows where it has them for a zone (the latest issued by now, e.g. the
 * WattTime forecasts), otherwise from the actual series through a {@link ForecastError}, issued at
 * the start of the current hour. The oracle sees the actual series, without forecast error.
 */
final class CarbonDeferrals {
  private final World w;
  private final SeriesForecast grid;
  private final String[] zones;
  private final long traceStartS;
  private final long[] heldUntil;
  private final boolean[] deferred;
  private final PriorityQueue<long[]> parked =
      new PriorityQueue<>(
          (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
  private long cachedAt = Long.MIN_VALUE;
  private @Nullable Grid cached;

  /**
   * Forecasts: the series' own forecast rows where it has them, else the series with {@code error}.
   */
  static CarbonDeferrals forecasting(World w, Duration horizon, ForecastError error) {
    return new CarbonDeferrals(w, horizon, error, true);
  }

  /** Perfect knowledge: the future series itself. */
  static CarbonDeferrals oracle(World w, Duration horizon) {
    return new CarbonDeferrals(w, horizon, ForecastError.NONE, false);
  }

  private CarbonDeferrals(World w, Duration horizon, ForecastError error, boolean ownForecasts) {
    this.w = w;
    this.grid = new SeriesForecast(w.carbon, w.shiftWeeks, error, ownForecasts, horizon);
    var zs = new TreeSet<String>();
    for (Runner r : w.runners) {
      if (r.zone() != null && w.carbon.has(r.zone())) {
        zs.add(r.zone());
      }
    }
    zones = zs.toArray(String[]::new);
    traceStartS = Math.floorDiv(w.start.toEpochMilli(), 1000);
    heldUntil = new long[w.jobCount()];
    Arrays.fill(heldUntil, -1);
    deferred = new boolean[w.jobCount()];
  }

  /** The grid at {@code nowMs}: intensity now per zone, the forecast computed when first read. */
  Grid at(long nowMs) {
    var g = cached;
    if (g != null && nowMs == cachedAt) {
      return g;
    }
    var m = new HashMap<String, CarbonReading>();
    for (String z : zones) {
      m.put(z, new CarbonReading(grid.now(z, grid(nowMs)).gco2PerKwh(), instant(nowMs)));
    }
    var now = Map.copyOf(m);
    g =
        new Grid() {
          private @Nullable Map<String, List<CarbonReading>> forecast;

          @Override
          public Map<String, CarbonReading> now() {
            return now;
          }

          @Override
          public Map<String, List<CarbonReading>> forecast() {
            var f = forecast;
            if (f == null) {
              var out = new HashMap<String, List<CarbonReading>>();
              for (String z : zones) {
                out.put(z, grid.forecast(z, grid(nowMs)));
              }
              f = Map.copyOf(out);
              forecast = f;
            }
            return f;
          }
        };
    cached = g;
    cachedAt = nowMs;
    return g;
  }

  /** Whether no runner of the fleet stands in a zone of the series: nothing to hold for. */
  boolean blind() {
    return zones.length == 0;
  }

  /** Puts back every held job whose time has come. */
  void release(long nowMs, IntConsumer back) {
    while (!parked.isEmpty() && parked.peek()[0] <= nowMs) {
      back.accept((int) parked.poll()[1]);
    }
  }

  /**
   * Holds {@code job} until {@code until} as the engine's deferral said; returns the hold's end in
   * ms since the trace's start, and whether this is the job's first hold.
   */
  long hold(int job, Instant until) {
    long untilMs = until.toEpochMilli() - w.start.toEpochMilli();
    heldUntil[job] = untilMs;
    parked.add(new long[] {untilMs, job});
    deferred[job] = true;
    return untilMs;
  }

  /** Whether the job was held at least once. */
  boolean wasDeferred(int job) {
    return deferred[job];
  }

  /** The end of the job's last hold (ms since trace start), or -1. */
  long heldUntil(int job) {
    return heldUntil[job];
  }

  private Instant instant(long ms) {
    return Instant.ofEpochMilli(w.start.toEpochMilli() + ms);
  }

  /**
   * The time the grid is read at: whole seconds since the trace's start (a trace may start within a
   * second), so that a run reads the same values whatever the start's fraction of a second.
   */
  private Instant grid(long ms) {
    return Instant.ofEpochSecond(traceStartS + Math.floorDiv(ms, 1000));
  }
}
