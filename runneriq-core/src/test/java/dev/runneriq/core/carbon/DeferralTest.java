package dev.runneriq.core.carbon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.decision.Action;
import dev.runneriq.core.decision.Explanations;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.core.model.CarbonReading;
import dev.runneriq.core.model.JobHistory;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Pipeline;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.core.model.Tier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class DeferralTest {
  static final Instant NOW = Instant.parse("2026-11-28T01:00:00Z");
  final Deferral deferral = new Deferral(CarbonPolicy.DEFAULT);

  /** A job of a scheduled pipeline: delay-tolerant by default. */
  static PendingJob job(Instant pendingSince) {
    return job(pendingSince, "schedule", Map.of());
  }

  /** A job someone waits for: a push to a feature branch. */
  static PendingJob pushed(Instant pendingSince) {
    return job(pendingSince, "push", Map.of());
  }

  static PendingJob job(Instant pendingSince, String source, Map<String, String> variables) {
    var pipeline =
        new Pipeline(1, "shop/web", "main", "branch", true, true, source, null, false, List.of());
    return new PendingJob(
        7,
        "nightly",
        "test",
        List.of(),
        pendingSince,
        null,
        null,
        variables,
        pipeline,
        new JobHistory(20, 1800, 0),
        false);
  }

  /** Hourly forecast points after NOW, one value per hour from 02:00. */
  static Map<String, List<CarbonReading>> forecast(String zone, double... values) {
    var points = new ArrayList<CarbonReading>();
    for (int i = 0; i < values.length; i++) {
      points.add(new CarbonReading(values[i], NOW.plusSeconds(3600L * (i + 1))));
    }
    return Map.of(zone, points);
  }

  @org.junit.jupiter.api.Test
  void theGatesPolicyHoldsOnlyDelayTolerantWork() {
    var gate = CarbonPolicy.DEFAULT.tolerantOnly();
    var pushed = pushed(NOW);
    var scheduled = job(NOW);
    assertThat(CarbonPolicy.DEFAULT.maxDelay(pushed, Tier.MEDIUM)).isPositive();
    assertThat(gate.maxDelay(pushed, Tier.MEDIUM)).isZero();
    assertThat(gate.maxDelay(scheduled, Tier.LOW))
        .isEqualTo(CarbonPolicy.DEFAULT.maxDelay(scheduled, Tier.LOW))
        .isPositive();
  }

  static Map<String, CarbonReading> now(String zone, double value) {
    return Map.of(zone, new CarbonReading(value, NOW));
  }

  static List<@Nullable String> zones(@Nullable String... zones) {
    return Arrays.asList(zones);
  }

  @Test
  void lowJobWaitsForTheGreenestForecastWindowAndSaysHowMuchItSaves() {
    var advice =
        deferral.advise(
            job(NOW),
            Tier.LOW,
            NOW,
            zones("DE"),
            now("DE", 380),
            forecast("DE", 330, 210, 140, 150));
    assertThat(advice.defer()).isTrue();
    assertThat(advice.until()).isEqualTo(Instant.parse("2026-11-28T04:00:00Z"));
    assertThat(advice.words())
        .isEqualTo(
            "Deferred 3h to 04:00 UTC: forecast 140 g/kWh against 380 now, about 63% less"
                + " (delay-tolerant: scheduled pipeline, may wait up to 8h).");
  }

  @Test
  void theEngineSaysTheJobsPriorityThenWhyItIsHeld() {
    var runners = List.of(dev.runneriq.core.testing.Fixtures.runner(1).zone("DE").build());
    var snapshot =
        new Snapshot(
            NOW, runners, List.of(job(NOW)), now("DE", 380), forecast("DE", 330, 210, 140));

    var d = Engine.standard(EngineConfig.DEFAULT).decide(snapshot, 7).get(0);

    assertThat(d.action()).isEqualTo(Action.DEFER);
    assertThat(d.explanation().text())
        .isEqualTo(
            Explanations.priority(job(NOW), d.priority())
                + ". Deferred 3h to 04:00 UTC: forecast 140 g/kWh against 380 now, about 63% less"
                + " (delay-tolerant: scheduled pipeline, may wait up to 8h).");
  }

  @Test
  void neverPastItsMaximumDelay() {
    // a pushed job may wait 10 minutes: the 02:00 window is out of reach, whatever its tier
    for (Tier tier : new Tier[] {Tier.MEDIUM, Tier.LOW}) {
      var advice =
          deferral.advise(
              pushed(NOW), tier, NOW, zones("DE"), now("DE", 380), forecast("DE", 330, 210, 140));
      assertThat(advice.defer()).as(tier.name()).isFalse();
      assertThat(advice.words()).contains("No carbon forecast within its maximum delay");
    }

    // LOW pending for 7h30 has 30 minutes left
    var late =
        deferral.advise(
            job(NOW.minusSeconds(7 * 3600 + 1800)),
            Tier.LOW,
            NOW,
            zones("DE"),
            now("DE", 380),
            forecast("DE", 100));
    assertThat(late.defer()).isFalse();
  }

  @Test
  void heldJobRunsOnceItsDelayIsUsedUp() {
    var advice =
        deferral.advise(
            job(NOW.minusSeconds(8 * 3600)),
            Tier.LOW,
            NOW,
            zones("DE"),
            now("DE", 380),
            forecast("DE", 10));
    assertThat(advice.defer()).isFalse();
    assertThat(advice.words()).contains("maximum delay of 8h");
  }

  @Test
  void smallSavingsWithinForecastErrorDoNotDefer() {
    // 380 -> 320 is 16% less, but after 10% forecast error it is not the 15% required
    var advice =
        deferral.advise(job(NOW), Tier.LOW, NOW, zones("DE"), now("DE", 380), forecast("DE", 320));
    assertThat(advice.defer()).isFalse();
    assertThat(advice.words()).startsWith("Not deferred").contains("320 g/kWh");
  }

  @Test
  void criticalIsNeverDeferredEvenWhenDelayTolerantAndHighOnlyWhenTolerant() {
    for (var job : List.of(job(NOW), pushed(NOW))) {
      var advice =
          deferral.advise(job, Tier.CRITICAL, NOW, zones("DE"), now("DE", 900), forecast("DE", 1));
      assertThat(advice.defer()).isFalse();
      assertThat(advice.words()).isEmpty();
    }
    var interactive =
        deferral.advise(
            pushed(NOW), Tier.HIGH, NOW, zones("DE"), now("DE", 900), forecast("DE", 1));
    assertThat(interactive.defer()).isFalse();
    assertThat(interactive.words()).isEmpty();
    var tolerant =
        deferral.advise(job(NOW), Tier.HIGH, NOW, zones("DE"), now("DE", 900), forecast("DE", 1));
    assertThat(tolerant.defer()).isTrue();
  }

  @Test
  void aJobSomeoneWaitsForIsHeldMinutesNotHours() {
    var soon = List.of(new CarbonReading(100, NOW.plusSeconds(300)));
    var advice =
        deferral.advise(
            pushed(NOW), Tier.LOW, NOW, zones("DE"), now("DE", 380), Map.of("DE", soon));
    assertThat(advice.defer()).isTrue();
    assertThat(advice.until()).isEqualTo(NOW.plusSeconds(300));
    assertThat(advice.words()).startsWith("Deferred 5m to 01:05 UTC").doesNotContain("tolerant");
  }

  @Test
  void theOptInVariableMakesAJobTolerantAndOptsAScheduledOneOut() {
    var optedIn = job(NOW, "push", Map.of("RUNNERIQ_DEFERRABLE", "true"));
    var in =
        deferral.advise(
            optedIn, Tier.LOW, NOW, zones("DE"), now("DE", 380), forecast("DE", 330, 140));
    assertThat(in.defer()).isTrue();
    assertThat(in.words())
        .contains("(delay-tolerant: RUNNERIQ_DEFERRABLE=true, may wait up to 8h)");

    var optedOut = job(NOW, "schedule", Map.of("RUNNERIQ_DEFERRABLE", "false"));
    var out =
        deferral.advise(
            optedOut, Tier.LOW, NOW, zones("DE"), now("DE", 380), forecast("DE", 330, 140));
    assertThat(out.defer()).isFalse();
    assertThat(out.words()).contains("No carbon forecast within its maximum delay");
  }

  @Test
  void withoutCarbonDataDeferralStandsAsideAndSaysSo() {
    var noZone = deferral.advise(job(NOW), Tier.LOW, NOW, zones((String) null), Map.of(), Map.of());
    assertThat(noZone.defer()).isFalse();
    assertThat(noZone.words()).contains("No carbon data");
    var noForecast =
        deferral.advise(job(NOW), Tier.LOW, NOW, zones("DE"), now("DE", 380), Map.of());
    assertThat(noForecast.defer()).isFalse();
    assertThat(noForecast.words()).contains("No carbon forecast");
  }

  @Test
  void aCleanerZoneLaterIsNamed() {
    var forecast = new java.util.HashMap<String, List<CarbonReading>>();
    forecast.putAll(forecast("DE", 370));
    forecast.putAll(forecast("FR", 40));
    var carbon = new java.util.HashMap<String, CarbonReading>();
    carbon.putAll(now("DE", 380));
    carbon.putAll(now("FR", 60));
    var advice = deferral.advise(job(NOW), Tier.LOW, NOW, zones("DE", "FR"), carbon, forecast);
    assertThat(advice.defer()).isTrue();
    assertThat(advice.words()).contains("in FR");
  }
}
