package dev.runneriq.core.carbon;

import dev.runneriq.core.model.CarbonReading;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where grid carbon intensity comes from (Electricity Maps, the UK Carbon Intensity API, a CSV
 * series, a static table). Implementations live outside the core and may do I/O; the engine never
 * calls them itself: the caller puts their readings into the snapshot.
 *
 * <p>Contract: zone ids are the provider's own (Electricity Maps ids such as {@code DE}, {@code
 * US-CAL-CISO}); values are gCO2eq/kWh; lists are in time order. A provider that cannot answer
 * throws {@link Unavailable} with a message that names the zone and the cause (never a secret); a
 * provider that has no data for a zone returns empty.
 */
public interface CarbonSource {

  /** A short name for explanations and metrics, e.g. {@code electricitymaps}. */
  String name();

  /** True when the values are a fixed table rather than a live or historical series. */
  default boolean isStatic() {
    return false;
  }

  /** The latest known intensity of {@code zone}. */
  Optional<CarbonReading> latest(String zone);

  /** Past intensity of {@code zone} in [from, to). */
  List<CarbonReading> history(String zone, Instant from, Instant to);

  /** Forecast intensity of {@code zone} in [from, to); empty when the provider has none. */
  List<CarbonReading> forecast(String zone, Instant from, Instant to);

  /** The provider could not answer (network, 401/403/404/429, malformed response). */
  final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message) {
      super(message);
    }

    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
