package dev.runneriq.gitlab.mapping;

import dev.runneriq.gitlab.model.GlRunner;
import java.util.Map;

/**
 * Declared runner concurrency (the {@code concurrent}/{@code limit} of each runner's {@code
 * config.toml}), by runner id, by name (description) or by tag. Resolution order: id, name, tag
 * (the smallest among the runner's tags that are listed, to stay on the safe side), then the
 * estimator's inference, then {@code fallback}.
 */
public record ConcurrencyConfig(
    Map<Long, Integer> byId,
    Map<String, Integer> byName,
    Map<String, Integer> byTag,
    int fallback) {

  public static final int DEFAULT_FALLBACK = 1;

  /** A resolved concurrency and where it came from, for explanations. */
  public record Resolved(int value, String source) {}

  public ConcurrencyConfig {
    byId = Map.copyOf(byId);
    byName = Map.copyOf(byName);
    byTag = Map.copyOf(byTag);
    byId.forEach((k, v) -> check("concurrency.by_id." + k, v));
    byName.forEach((k, v) -> check("concurrency.by_name." + k, v));
    byTag.forEach((k, v) -> check("concurrency.by_tag." + k, v));
    check("concurrency.default", fallback);
  }

  /** Nothing declared: inference, else 1. */
  public static ConcurrencyConfig inferred() {
    return new ConcurrencyConfig(Map.of(), Map.of(), Map.of(), DEFAULT_FALLBACK);
  }

  public Resolved resolve(GlRunner runner, ConcurrencyEstimator estimator) {
    Integer v = byId.get(runner.id());
    if (v != null) {
      return new Resolved(v, "configured for runner " + runner.id());
    }
    v = byName.get(runner.displayName());
    if (v == null && runner.name() != null) {
      v = byName.get(runner.name());
    }
    if (v != null) {
      return new Resolved(v, "configured for its name");
    }
    String tag = null;
    for (String t : runner.tagList()) {
      Integer byThisTag = byTag.get(t);
      if (byThisTag != null && (v == null || byThisTag < v)) {
        v = byThisTag;
        tag = t;
      }
    }
    if (v != null) {
      return new Resolved(v, "configured for tag " + tag);
    }
    var seen = estimator.estimate(runner.id());
    if (seen.isPresent()) {
      return new Resolved(seen.getAsInt(), "inferred: most jobs seen running at once");
    }
    return new Resolved(fallback, "default");
  }

  private static void check(String key, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(key + " must be at least 1, but was " + value);
    }
  }
}
