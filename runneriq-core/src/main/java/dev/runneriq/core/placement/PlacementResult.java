package dev.runneriq.core.placement;

import java.util.List;
import java.util.Map;

/**
 * What the placement pipeline found for one job.
 *
 * @param outcome whether a runner can take it now, later, or never
 * @param candidates the best feasible runners, best first (at most {@link Placement#TOP})
 * @param nearTies how many of the first candidates are within the tie margin of the best (1 when
 *     the best is a clear winner, 0 when there is no candidate)
 * @param rejections runners rejected per stable reason, most frequent first
 * @param rejectionDetails for each reason, the specifics of its first rejected runner
 * @param considered runners looked at
 * @param standAside scorers that had nothing to say for this job (weight 0), with why
 */
public record PlacementResult(
    Outcome outcome,
    List<Candidate> candidates,
    int nearTies,
    Map<String, Integer> rejections,
    Map<String, String> rejectionDetails,
    int considered,
    List<String> standAside) {

  /** Placement outcomes. */
  public enum Outcome {
    /** At least one runner can take the job now. */
    PLACEABLE,
    /** Some runner could take it, but all of those are busy. */
    WAIT,
    /** No runner could ever take it as things stand. */
    UNPLACEABLE
  }

  public PlacementResult {
    candidates = List.copyOf(candidates);
    standAside = List.copyOf(standAside);
  }

  public List<Candidate> nearTieCandidates() {
    return candidates.subList(0, nearTies);
  }
}
