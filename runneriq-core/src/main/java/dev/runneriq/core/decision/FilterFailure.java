package dev.runneriq.core.decision;

import dev.runneriq.core.model.Runner;
import java.util.List;

/**
 * A filter that threw while GitLab's own order was being followed: the runners it could not judge
 * were not used for the job, and the decision's explanation says so.
 *
 * @param filter the filter's reason, which names it
 * @param error the first exception it threw for the job, in a few words
 * @param runners the runners it threw on, by id
 */
public record FilterFailure(String filter, String error, List<Runner> runners) {
  public FilterFailure {
    runners = List.copyOf(runners);
  }
}
