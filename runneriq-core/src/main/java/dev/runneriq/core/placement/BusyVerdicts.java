package dev.runneriq.core.placement;

import dev.runneriq.core.model.PendingJob;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The answers of placements whose feasible runners were all busy (or none could take the job), kept
 * by the pool and the job's key under the pool's shaping signature: a later job with an equal key
 * gets the same answer until a runner frees a slot. One key instance per answer while the fleet
 * changes only in load, so that a job keeping its key in a {@link JobPlace} finds its answer by
 * identity, not by comparing its facets with another job's. Not thread-safe.
 */
final class BusyVerdicts {
  /**
   * Answers kept before starting over: an answer names the job's own figures (its run time against
   * a runner's timeout), so a long queue has tens of thousands; each is a few hundred bytes.
   */
  private static final int MAX = 1 << 15;

  private final Map<PoolKey, PlacementResult> answers = new HashMap<>();
  private final Map<PoolKey, PoolKey> keys = new HashMap<>();

  /** Whether no answer is kept: then a placement need not make a key to look one up. */
  boolean isEmpty() {
    return answers.isEmpty();
  }

  /** The answer kept for {@code job} in {@code pool}, or null. */
  @Nullable PlacementResult get(PendingJob job, Pool pool, JobPlace known) {
    return answers.get(key(job, pool, known));
  }

  /** Keeps {@code result} for the jobs with {@code job}'s key in {@code pool}. */
  void put(PendingJob job, Pool pool, JobPlace known, PlacementResult result) {
    if (answers.size() >= MAX) {
      answers.clear();
    }
    answers.put(key(job, pool, known), result);
  }

  /** Forgets the answers: a runner freed a slot, or a reason may have changed. */
  void clear() {
    answers.clear();
  }

  /** Forgets the answers and the keys: the fleet changed beyond load. */
  void reset() {
    answers.clear();
    keys.clear();
  }

  /** The key of {@code job}'s answer in {@code pool}, as {@code known} holds it or made. */
  private PoolKey key(PendingJob job, Pool pool, JobPlace known) {
    var key = known.busyKey;
    if (key == null) {
      var made = PoolKey.busy(pool, pool.shaping().key(job));
      if (keys.size() >= MAX) {
        keys.clear();
      }
      key = keys.putIfAbsent(made, made);
      key = key != null ? key : made;
      known.busyKey = key;
    }
    return key;
  }
}
