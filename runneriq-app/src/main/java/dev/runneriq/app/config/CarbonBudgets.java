package dev.runneriq.app.config;

import java.util.Map;
import java.util.TreeMap;

/**
 * How much CO2 each GitLab group may emit per calendar month (UTC), from {@code carbon.budgets}: a
 * group's budget covers the jobs of its projects and of its subgroups' projects.
 *
 * @param kgPerMonth each group's path (such as {@code shop} or {@code shop/backend}) with its limit
 *     in kg of CO2, more than 0
 */
public record CarbonBudgets(Map<String, Double> kgPerMonth) {
  public static final CarbonBudgets NONE = new CarbonBudgets(Map.of());

  /** The one key each budget holds. */
  public static final String KG_PER_MONTH = "kg_per_month";

  public CarbonBudgets {
    kgPerMonth = java.util.Collections.unmodifiableMap(new TreeMap<>(kgPerMonth));
    kgPerMonth.forEach(
        (group, kg) -> {
          if (!(kg > 0) || kg.isInfinite()) {
            throw new IllegalArgumentException(
                "carbon.budgets."
                    + group
                    + "."
                    + KG_PER_MONTH
                    + " must be more than 0, but was "
                    + kg);
          }
        });
  }

  /** Whether {@code project} (a path such as {@code shop/backend/api}) lies under {@code group}. */
  public static boolean covers(String group, String project) {
    return project.startsWith(group + "/");
  }
}
