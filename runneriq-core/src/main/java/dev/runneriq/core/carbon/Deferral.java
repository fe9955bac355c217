package dev.runneriq.core.carbon;

import dev.runneriq.core.model.CarbonReading;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Tier;
import dev.runneriq.core.priority.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Whether a placeable job should wait for a greener window. A job may be held only while its tier's
 * maximum delay (counted from when it became pending) has not run out, and only when the forecast
 * says a later start saves more than the policy's minimum after allowing for forecast error. The
 * job's emissions are compared as the mean intensity over its expected run time.
 */
public final class Deferral {
  /** The verdict for a job that was never asked about: run, nothing to say. */
  public static final Advice QUIET = Advice.SILENT;

  private final CarbonPolicy policy;

  public Deferral(CarbonPolicy policy) {
    this.policy = policy;
  }

  public CarbonPolicy policy() {
    return policy;
  }

  /**
   * The verdict for one job.
   *
   * @param defer hold the job until {@code until}
   * @param words the explanation sentence, empty when there is nothing to say (a tier that is never
   *     deferred)
   */
  public record Advice(boolean defer, @Nullable Instant until, String words) {
    static final Advice SILENT = new Advice(false, null, "");

    static Advice runNow(String words) {
      return new Advice(false, null, words);
    }
  }

  /**
   * @param zones carbon zones of the runners that could take the job, the one it would run on now
   *     first (null entries for runners without a zone)
   */
  public Advice advise(
      PendingJob job,
      Tier tier,
      Instant now,
      List<@Nullable String> zones,
      Map<String, CarbonReading> carbon,
      Map<String, List<CarbonReading>> forecast) {
    return advise(job, tier, now, zones, Grid.of(carbon, forecast));
  }

  /**
   * The verdict for one job on {@code grid}, whose forecast is read only when the job could be
   * held.
   *
   * @param zones carbon zones of the runners that could take the job, the one it would run on now
   *     first (null entries for runners without a zone)
   */
  public Advice advise(
      PendingJob job, Tier tier, Instant now, List<@Nullable String> zones, Grid grid) {
    Duration maxDelay = policy.maxDelay(job, tier);
    if (maxDelay.isZero() || zones.isEmpty()) {
      return Advice.SILENT;
    }
    String tolerant =
        maxDelay.compareTo(policy.maxDelay(tier)) > 0 ? policy.tolerance().why(job) : null;
    Instant deadline = job.pendingSince().plus(maxDelay);
    if (!now.isBefore(deadline)) {
      return Advice.runNow(
          "Held up to its maximum delay of "
              + Durations.words((double) maxDelay.toSeconds())
              + "; runs now.");
    }
    String hereZone = zones.get(0);
    var carbon = grid.now();
    CarbonReading here = hereZone == null ? null : carbon.get(hereZone);
    if (hereZone == null || here == null) {
      return Advice.runNow("No carbon data for its runner's zone: deferral stood aside.");
    }
    var forecast = grid.forecast();
    Duration run = expectedRun(job);
    double costNow = series(here, forecast.get(hereZone)).mean(now, now.plus(run));

    Instant bestAt = null;
    String bestZone = hereZone;
    double bestCost = Double.MAX_VALUE;
    for (String zone : zones) {
      if (zone == null || !forecast.containsKey(zone) || !carbon.containsKey(zone)) {
        continue;
      }
      var points = forecast.get(zone);
      var series = series(carbon.get(zone), points);
      for (var p : points) {
        Instant t = p.at();
        if (!t.isAfter(now) || t.isAfter(deadline)) {
          continue;
        }
        double cost = series.mean(t, t.plus(run));
        if (cost < bestCost) {
          bestCost = cost;
          bestAt = t;
          bestZone = zone;
        }
      }
    }
    if (bestAt == null) {
      return Advice.runNow("No carbon forecast within its maximum delay: deferral stood aside.");
    }
    double saving = costNow > 0 ? 1 - bestCost / costNow : 0;
    String where = bestZone.equals(hereZone) ? "" : " in " + bestZone;
    if (bestCost * (1 + policy.forecastError()) <= costNow * (1 - policy.minSaving())) {
      return new Advice(
          true,
          bestAt,
          String.format(
                  Locale.ROOT,
                  "Deferred %s to %s: forecast %.0f g/kWh%s against %.0f now, about %.0f%% less",
                  Durations.words((double) Duration.between(now, bestAt).toSeconds()),
                  clock(bestAt),
                  bestCost,
                  where,
                  costNow,
                  saving * 100)
              + (tolerant == null
                  ? "."
                  : " (delay-tolerant: "
                      + tolerant
                      + ", may wait up to "
                      + Durations.words((double) maxDelay.toSeconds())
                      + ")."));
    }
    return Advice.runNow(
        String.format(
            Locale.ROOT,
            "Not deferred: the greenest start within %s saves about %.0f%% (%.0f g/kWh%s against"
                + " %.0f now), below the %.0f%% needed after %.0f%% forecast error.",
            Durations.words((double) Duration.between(now, deadline).toSeconds()),
            Math.max(0, saving * 100),
            bestCost,
            where,
            costNow,
            policy.minSaving() * 100,
            policy.forecastError() * 100));
  }

  /**
   * "04:00 UTC": the time of day of {@code t} in UTC, without a formatter (the core has no I/O).
   */
  static String clock(Instant t) {
    var time = LocalTime.ofInstant(t, ZoneOffset.UTC);
    return String.format(Locale.ROOT, "%02d:%02d UTC", time.getHour(), time.getMinute());
  }

  private Duration expectedRun(PendingJob job) {
    var h = job.history();
    if (h != null && h.runs() > 0 && h.durationP50S() > 0) {
      return Duration.ofSeconds(Math.max(1, Math.round(h.durationP50S())));
    }
    return policy.defaultJobDuration();
  }

  /** The reading now, followed by the forecast points after it. */
  private static Intensity series(CarbonReading now, @Nullable List<CarbonReading> points) {
    var all = new ArrayList<CarbonReading>();
    all.add(now);
    if (points != null) {
      for (var p : points) {
        if (p.at().isAfter(now.at())) {
          all.add(p);
        }
      }
    }
    return new Intensity(all);
  }
}
