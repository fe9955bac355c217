package dev.runneriq.sim.carbon;

import java.util.SplittableRandom;

/**
 * A forecast made from the actual series by a multiplicative error: {@code actual * max(0, 1 +
 * sigma * z)}, {@code z} standard normal, drawn independently for each (zone, issue time, value)
 * from a seeded generator, so the same question gets the same answer within a run and across runs.
 *
 * <p>The default {@link #DEFAULT_SIGMA} comes from the one forecast error we have measured on real
 * data: WattTime's hourly-issued CAISO_NORTH forecasts (vessim's 2023 dataset; docs/CARBON.md) have
 * a mean absolute error of 48 g/kWh at a 60-minute horizon on a series whose mean is 355.3 g/kWh, a
 * relative MAE of 13.5%; for a normal error the standard deviation is MAE * sqrt(pi/2), 0.169.
 * Forecasts many hours ahead are likely worse than this.
 */
public final class ForecastError {
  public static final double DEFAULT_SIGMA = 48.0 / 355.3 * Math.sqrt(Math.PI / 2);

  /** No error: the oracle. */
  public static final ForecastError NONE = new ForecastError(0, 0);

  private final double sigma;
  private final long seed;

  public ForecastError(double sigma, long seed) {
    if (!(sigma >= 0) || Double.isInfinite(sigma)) {
      throw new IllegalArgumentException("forecast error must be 0 or more, but was " + sigma);
    }
    this.sigma = sigma;
    this.seed = seed;
  }

  public double sigma() {
    return sigma;
  }

  /**
   * The forecast of {@code actual}, the value of {@code zone} from {@code targetS}, issued at
   * {@code issuedS}.
   */
  public double forecast(double actual, String zone, long issuedS, long targetS) {
    if (sigma == 0) {
      return actual;
    }
    long key = seed;
    key = key * 0x9E3779B97F4A7C15L + zone.hashCode();
    key = key * 0x9E3779B97F4A7C15L + issuedS;
    key = key * 0x9E3779B97F4A7C15L + targetS;
    double z = new SplittableRandom(key).nextGaussian();
    return actual * Math.max(0, 1 + sigma * z);
  }
}
