package dev.runneriq.core.carbon;

import dev.runneriq.core.model.CarbonReading;
import java.util.List;
import java.util.Map;

/**
 * The grid as the engine sees it at one moment: the latest intensity per zone and, when asked, the
 * forecast per zone. The forecast is read only when a job could be held, so a source may compute it
 * lazily (the simulator does). Implementations return the same maps for the same moment.
 */
public interface Grid {
  /** Latest intensity per zone; empty when no carbon data is available. */
  Map<String, CarbonReading> now();

  /** Future intensity per zone, each list in time order; may be empty. */
  Map<String, List<CarbonReading>> forecast();

  /** No carbon data. */
  Grid NONE = of(Map.of(), Map.of());

  /** A grid of given readings. */
  static Grid of(Map<String, CarbonReading> now, Map<String, List<CarbonReading>> forecast) {
    var n = Map.copyOf(now);
    var f = Map.copyOf(forecast);
    return new Grid() {
      @Override
      public Map<String, CarbonReading> now() {
        return n;
      }

      @Override
      public Map<String, List<CarbonReading>> forecast() {
        return f;
      }
    };
  }
}
