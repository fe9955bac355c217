package dev.runneriq.core.placement;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which runner tags are rare in a fleet: carried by runners that hold at most a given share of the
 * fleet's slots (online and not paused). A runner with a rare tag is <em>kept</em> for the jobs
 * that need one of its rare tags; to any other job it is a spare, to be used only when nothing
 * common is free (the {@link Scorers#SCARCE scarcity scorer}) and never down to its last reserved
 * slots (the {@link Reservation} filter). Its answers never change; it remembers what it worked out
 * per tag list, so it is not thread-safe: one per cycle or simulated run, as the {@code Assigner}
 * that builds it.
 */
public final class Scarcity {
  /** A fleet without rare tags: no runner is kept. */
  public static final Scarcity NONE = new Scarcity(Set.of());

  private final Set<String> rare;

  /**
   * The rare tags of each tag list seen, so that they are looked up, not recomputed, for every job
   * placed. By value: a poll that reads a runner again gives it a new list, and a map by identity
   * grew by those for as long as the engine went on with the fleet; the fleet's distinct tag lists
   * are few. Guarded by itself: the words of a decision are rendered when read, on the thread that
   * reads them, while a cycle places jobs on the same runners.
   */
  private final Map<List<String>, String[]> rareOf = new HashMap<>();

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
    String[] mine = rareTagsOf(runner.tagList());
    for (String t : mine) {
      if (job.tagList().contains(t)) {
        return false;
      }
    }
    return mine.length > 0;
  }

  private String[] rareTagsOf(List<String> tags) {
    synchronized (rareOf) {
      String[] mine = rareOf.get(tags);
      if (mine == null) {
        mine = tags.stream().filter(rare::contains).sorted().distinct().toArray(String[]::new);
        rareOf.put(tags, mine);
      }
      return mine;
    }
  }

  /** The rare tags of {@code runner}, sorted: what it is kept for. */
  public List<String> keptFor(Runner runner) {
    return rare.isEmpty() ? List.of() : List.of(rareTagsOf(runner.tagList()));
  }

  @Override
  public String toString() {
    return "rare tags " + rare;
  }
}
