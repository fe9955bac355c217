package dev.runneriq.sim.carbon;

import java.util.Locale;

/**
 * Everyday equivalents of a mass of CO2, each from a stated source. Only two figures are used, both
 * checked against the U.S. EPA's own fact sheets:
 *
 * <ul>
 *   <li>8,887 g CO2 per gallon of gasoline burned: EPA, "Greenhouse Gas Emissions from a Typical
 *       Passenger Vehicle" (EPA-420-F-11-041 and later editions), citing 75 FR 25324.
 *   <li>4.6 metric tons CO2 per year for a typical passenger vehicle: EPA, same fact sheet, June
 *       2023 edition (EPA-420-F-23-014), linked from
 *       https://www.epa.gov/greenvehicles/greenhouse-gas-emissions-typical-passenger-vehicle (a
 *       later version of that page says 4.7 t).
 * </ul>
 *
 * A US gallon is 3.785411784 litres (by definition).
 */
public final class Equivalences {
  public static final double G_CO2_PER_GALLON_GASOLINE = 8_887;
  public static final double KG_CO2_PER_CAR_YEAR = 4_600;
  public static final double LITRES_PER_GALLON = 3.785411784;
  public static final String SOURCE =
      "US EPA fact sheet 'Greenhouse Gas Emissions from a Typical Passenger Vehicle'"
          + " (EPA-420-F-23-014): 8,887 g CO2 per gallon of gasoline, 4.6 t CO2 per vehicle-year";

  private Equivalences() {}

  public static double litresOfGasoline(double kg) {
    return kg * 1000 / G_CO2_PER_GALLON_GASOLINE * LITRES_PER_GALLON;
  }

  public static double carYears(double kg) {
    return kg / KG_CO2_PER_CAR_YEAR;
  }

  /** "12.3 kg CO2 ≈ 5.2 L of gasoline burned, 0.3% of a passenger car's year". */
  public static String describe(double kg) {
    return String.format(
        Locale.ROOT,
        "%.1f kg CO2 ≈ %.1f L of gasoline burned, %.2f%% of a passenger car's year",
        kg,
        litresOfGasoline(kg),
        carYears(kg) * 100);
  }
}
