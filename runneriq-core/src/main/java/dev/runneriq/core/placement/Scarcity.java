package dev.runneriq.core.placement;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which runner tags are rare in a fleet: carried by runners that hold at most a given share of the
 * fleet's slots (online and not paused). A runner with a rare tag is <em>kept</em> for the jobs
 * that need one of its rare tags; to any other job it is a spare, to be used only when nothing
 * common is free (the {@link Scorers#SCARCE scarcity scorer}) and never down to its last reserved
 * slots (the {@link Reservation} filter). Immutable.
 */
public final class Scarcity {
  /** A fleet without rare tags: no runner is kept. */
  public static final Scarcity NONE = new Scarcity(Set.of());

  private final Set<String> rare;

  private Scarcity(Set<String> rare) {
    this.rare = Set.copyOf(rare);
  }

  /**
   * The rare tags of {@code runners}: those whose runners hold at most {@code rareShare} of the
   * slots of all online, unpaused runners.
   */
  public static Scarcity of(List<Runner> runners, double rareShare) {
    long total = 0;
    var slots = new HashMap<String, Long>();
    for (var r : runners) {
      if (!r.online() || r.paused()) {
        continue;
      }
      total += r.concurrency();
      for (String t : new TreeSet<>(r.tagList())) {
        slots.merge(t, (long) r.concurrency(), Long::sum);
      }
    }
    var rare = new TreeSet<String>();
    for (var e : slots.entrySet()) {
      if (e.getValue() <= rareShare * total) {
        rare.add(e.getKey());
      }
    }
    return rare.isEmpty() ? NONE : new Scarcity(rare);
  }

  /** The rare tags, sorted. */
  public Set<String> rareTags() {
    return new TreeSet<>(rare);
  }

  /**
   * Whether {@code runner} is kept from {@code job}: it carries a rare tag and the job needs none
   * of its rare tags.
   */
  public boolean keptFrom(Runner runner, PendingJob job) {
    if (rare.isEmpty()) {
      return false;
    }
    boolean hasRare = false;
    for (String t : runner.tagList()) {
      if (rare.contains(t)) {
        if (job.tagList().contains(t)) {
          return false;
        }
        hasRare = true;
      }
    }
    return hasRare;
  }

  /** The rare tags of {@code runner}, sorted: what it is kept for. */
  public List<String> keptFor(Runner runner) {
    var out = new ArrayList<String>();
    for (String t : new TreeSet<>(runner.tagList())) {
      if (rare.contains(t)) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * What a job's verdicts under the reservation depend on: the rare tags it needs. Two jobs with
   * equal keys are kept from the same runners.
   */
  Object jobKey(PendingJob job) {
    if (rare.isEmpty()) {
      return Set.of();
    }
    var need = new TreeSet<String>();
    for (String t : job.tagList()) {
      if (rare.contains(t)) {
        need.add(t);
      }
    }
    return need;
  }

  @Override
  public String toString() {
    return "rare tags " + rare;
  }
}
