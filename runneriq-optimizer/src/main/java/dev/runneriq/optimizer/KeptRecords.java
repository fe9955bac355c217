package dev.runneriq.optimizer;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * What was made of each record of a list the last time, handed out again for the very same record:
 * the engine knows a runner or job it decided on in the last cycle by its identity, and goes on
 * from what it knew of it, where an equal copy is worked out again. A record is looked for just
 * after the last one found first (a queue's order mostly stays, jobs leave it and join it at the
 * end), then among all of them. Not thread-safe.
 *
 * @param <T> the records
 */
final class KeptRecords<T> {
  /** Places looked at from the expected one on before all records are. */
  private static final int NEAR = 16;

  private List<T> in = List.of();
  private List<T> out = List.of();
  private @Nullable IdentityHashMap<T, T> byRecord;

  /** Each record of {@code records} as made last time, or by {@code make} if it was not there. */
  // identity is the point: an equal copy of a record is another record to the engine
  @SuppressWarnings("ReferenceEquality")
  List<T> apply(List<T> records, UnaryOperator<T> make) {
    var made = new ArrayList<T>(records.size());
    int expected = 0;
    for (T record : records) {
      T kept = null;
      for (int k = expected; k < in.size() && k < expected + NEAR; k++) {
        if (in.get(k) == record) {
          kept = out.get(k);
          expected = k + 1;
          break;
        }
      }
      if (kept == null) {
        kept = index().get(record);
      }
      made.add(kept != null ? kept : make.apply(record));
    }
    in = records;
    out = made;
    byRecord = null;
    return made;
  }

  /** Forgets what was made: the next records are all made anew. */
  void clear() {
    in = List.of();
    out = List.of();
    byRecord = null;
  }

  private IdentityHashMap<T, T> index() {
    var index = byRecord;
    if (index == null) {
      index = new IdentityHashMap<>(in.size() * 2);
      for (int i = 0; i < in.size(); i++) {
        index.put(in.get(i), out.get(i));
      }
      byRecord = index;
    }
    return index;
  }
}
