package dev.runneriq.sim;

import dev.runneriq.core.carbon.CarbonPolicy;
import dev.runneriq.core.carbon.Deferral;
import dev.runneriq.core.model.CarbonReading;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Tier;
import dev.runneriq.core.placement.PlacementResult;
import dev.runneriq.sim.carbon.ForecastError;
import dev.runneriq.sim.carbon.SeriesForecast;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The carbon half of the {@code runneriq-carbon} and {@code oracle-carbon} policies: what the
 * engine would see of the grid at each dispatch opportunity (the intensity now per zone, and a
 * forecast), the core's {@link Deferral} asked for each placeable job, and the jobs it holds.
 *
 * <p>Forecasts are hourly points over the longest maximum delay plus two hours. They come from the
 * series' own forecast rows where it has them for a zone (the latest issued by now, e.g. the
 * WattTime forecasts), otherwise from the actual series through a {@link ForecastError}, issued at
 * the start of the current hour. The oracle sees the actual series and assumes no forecast error.
 */
final class CarbonDeferrals {
  private final World w;
  private final Deferral deferral;
  private final SeriesForecast grid;
  private final boolean oracle;
  private final String[] zones;
  private final long traceStartS;
  private final long[] heldUntil;
  private final boolean[] deferred;
  private final PriorityQueue<long[]> parked =
      new PriorityQueue<>(
          (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
  private long cachedAt = Long.MIN_VALUE;
  private Map<String, CarbonReading> now = Map.of();
  private @Nullable Map<String, List<CarbonReading>> forecast;

  /**
   * Forecasts: the series' own forecast rows where it has them, else the series with {@code error}.
   */
  static CarbonDeferrals forecasting(World w, CarbonPolicy policy, ForecastError error) {
    return new CarbonDeferrals(w, policy, error, true, false);
  }

  /** Perfect knowledge: the future series itself, and each job's true run time. */
  static CarbonDeferrals oracle(World w, CarbonPolicy policy) {
    return new CarbonDeferrals(w, policy, ForecastError.NONE, false, true);
  }

  private CarbonDeferrals(
      World w, CarbonPolicy policy, ForecastError error, boolean ownForecasts, boolean oracle) {
    this.w = w;
    this.oracle = oracle;
    this.deferral = new Deferral(policy);
    this.grid =
        new SeriesForecast(w.carbon, w.shiftWeeks, error, ownForecasts, policy.forecastHorizon());
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

  /** Intensity now per zone, for the placement's carbon scorer. */
  Map<String, CarbonReading> intensityNow(long nowMs) {
    refresh(nowMs);
    return now;
  }

  /** Puts back every held job whose time has come. */
  void release(long nowMs, IntConsumer back) {
    while (!parked.isEmpty() && parked.peek()[0] <= nowMs) {
      back.accept((int) parked.poll()[1]);
    }
  }

  /**
   * Asks the core's deferral about a placeable job; when it says wait, holds the job and returns
   * the time (ms since trace start) to look at it again, else -1.
   *
   * @return -1 to run now, else the hold's end
   */
  long advise(int job, PendingJob spec, Tier tier, long nowMs, PlacementResult result) {
    if (deferral.policy().maxDelay(tier).isZero() || zones.length == 0) {
      return -1;
    }
    refresh(nowMs);
    var candidateZones = new ArrayList<@Nullable String>();
    for (var c : result.candidates()) {
      candidateZones.add(c.runner().zone());
    }
    var advice = deferral.advise(spec, tier, instant(nowMs), candidateZones, now, forecast(nowMs));
    Instant until = advice.until();
    if (!advice.defer() || until == null) {
      return -1;
    }
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

  private void refresh(long nowMs) {
    if (nowMs == cachedAt) {
      return;
    }
    cachedAt = nowMs;
    forecast = null;
    var m = new HashMap<String, CarbonReading>();
    for (String z : zones) {
      m.put(z, new CarbonReading(grid.now(z, grid(nowMs)).gco2PerKwh(), instant(nowMs)));
    }
    now = m;
  }

  private Map<String, List<CarbonReading>> forecast(long nowMs) {
    var f = forecast;
    if (f != null) {
      return f;
    }
    f = new HashMap<>();
    for (String z : zones) {
      f.put(z, grid.forecast(z, grid(nowMs)));
    }
    forecast = f;
    return f;
  }
}
