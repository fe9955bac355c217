package dev.runneriq.core.model;

import java.time.Instant;

/**
 * Grid carbon intensity of one zone.
 *
 * @param gco2PerKwh grams of CO2-equivalent per kWh, not negative
 * @param at when the value holds from
 * @param stale the provider failed and this is the last good value
 */
public record CarbonReading(double gco2PerKwh, Instant at, boolean stale) {
  public CarbonReading {
    if (!(gco2PerKwh >= 0)) {
      throw new IllegalArgumentException(
          "gco2_per_kwh must not be negative, but was " + gco2PerKwh);
    }
  }

  public CarbonReading(double gco2PerKwh, Instant at) {
    this(gco2PerKwh, at, false);
  }
}
