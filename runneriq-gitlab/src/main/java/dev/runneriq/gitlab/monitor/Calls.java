package dev.runneriq.gitlab.monitor;

import java.util.function.Supplier;

/**
 * Told of every GitLab call the monitor makes, by a fixed endpoint name ({@code runners}, {@code
 * runner}, {@code runner_jobs}, {@code project_jobs}, {@code pending_jobs_graphql}, {@code
 * projects}, {@code project}, {@code pipeline}, {@code deployments}). Must be quick and must not
 * throw.
 */
@FunctionalInterface
public interface Calls {
  Calls NONE = (endpoint, ok) -> {};

  void observe(String endpoint, boolean ok);

  /** Runs one call and reports how it went; failures are rethrown. */
  default <T> T count(String endpoint, Supplier<T> call) {
    T result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      observe(endpoint, false);
      throw e;
    }
    observe(endpoint, true);
    return result;
  }
}
