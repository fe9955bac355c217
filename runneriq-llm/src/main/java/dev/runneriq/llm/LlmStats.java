package dev.runneriq.llm;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one tie-breaker since it was built, for a metrics binder to read: calls made, answers
 * accepted, fallbacks per {@link Failure}, tokens, latency and cost. Updates are lock-free; {@link
 * #snapshot()} is a consistent-enough copy for scraping.
 */
public final class LlmStats {
  private final LongAdder calls = new LongAdder();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder[] fallbacks = new LongAdder[Failure.values().length];
  private final LongAdder inputTokens = new LongAdder();
  private final LongAdder outputTokens = new LongAdder();
  private final LongAdder latencyMsTotal = new LongAdder();
  private final AtomicLong latencyMsMax = new AtomicLong();
  private final LongAdder costMicroUsd = new LongAdder();

  LlmStats() {
    for (int i = 0; i < fallbacks.length; i++) {
      fallbacks[i] = new LongAdder();
    }
  }

  /** A call went out to the model (whatever came of it). */
  void call(long latencyMs, long in, long out, double usd) {
    calls.increment();
    inputTokens.add(in);
    outputTokens.add(out);
    latencyMsTotal.add(latencyMs);
    latencyMsMax.accumulateAndGet(latencyMs, Math::max);
    costMicroUsd.add(Math.round(usd * 1_000_000));
  }

  void accepted() {
    accepted.increment();
  }

  void fallback(Failure why) {
    fallbacks[why.ordinal()].increment();
  }

  public Snapshot snapshot() {
    var byReason = new EnumMap<Failure, Long>(Failure.class);
    for (var f : Failure.values()) {
      byReason.put(f, fallbacks[f.ordinal()].sum());
    }
    return new Snapshot(
        calls.sum(),
        accepted.sum(),
        byReason,
        inputTokens.sum(),
        outputTokens.sum(),
        latencyMsTotal.sum(),
        latencyMsMax.get(),
        costMicroUsd.sum() / 1_000_000.0);
  }

  /**
   * The counters at one moment.
   *
   * @param calls requests sent to the model (budget and breaker refusals are not calls)
   * @param accepted answers used to settle a tie
   * @param fallbacks tie-breaks that fell back to the rule order, per reason
   */
  public record Snapshot(
      long calls,
      long accepted,
      Map<Failure, Long> fallbacks,
      long inputTokens,
      long outputTokens,
      long latencyMsTotal,
      long latencyMsMax,
      double costUsd) {
    public Snapshot {
      fallbacks = Map.copyOf(fallbacks);
    }

    public long fallbacks(Failure why) {
      return fallbacks.getOrDefault(why, 0L);
    }
  }
}
