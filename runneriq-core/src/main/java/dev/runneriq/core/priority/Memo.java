package dev.runneriq.core.priority;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Answers of a pure function of a job's words (its stage and name, its ref, its user), kept so that
 * the 100,000 jobs of a cycle, which share a few hundred such words, do not each run the policy's
 * patterns again. Forgets everything once it holds {@code capacity} answers, so a stream of new
 * words cannot grow it. Thread-safe (the engine's cycle asks from one thread; a lock it does not
 * wait for costs little).
 */
final class Memo<K, V> {
  private final Map<K, V> answers = new HashMap<>();
  private final int capacity;
  private final Function<K, V> function;

  Memo(int capacity, Function<K, V> function) {
    this.capacity = capacity;
    this.function = function;
  }

  V get(K key) {
    synchronized (answers) {
      V known = answers.get(key);
      if (known != null) {
        return known;
      }
    }
    V value = function.apply(key);
    synchronized (answers) {
      if (answers.size() >= capacity) {
        answers.clear();
      }
      answers.put(key, value);
    }
    return value;
  }
}
