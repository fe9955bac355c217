package dev.runneriq.carbon;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.runneriq.core.carbon.CarbonSource.Unavailable;
import dev.runneriq.core.model.CarbonReading;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Supplier;

/**
 * Caches a provider's answers, each for its endpoint's time to live, and keeps the last good answer
 * per request for stale-if-error: when a fresh answer cannot be had, the last good one (no older
 * than {@code maxStale}) is returned with every reading marked stale; without one, the {@link
 * Unavailable} goes to the caller.
 */
final class ReadingCache {
  private static final long MAX_ENTRIES = 10_000;

  private record Fresh(List<CarbonReading> readings, Duration ttl) {}

  private final Cache<String, Fresh> fresh;
  private final Cache<String, List<CarbonReading>> lastGood;

  ReadingCache(InstantSource clock, Duration maxStale) {
    long origin = nanos(clock);
    Ticker ticker = () -> nanos(clock) - origin;
    this.fresh =
        Caffeine.newBuilder()
            .ticker(ticker)
            .maximumSize(MAX_ENTRIES)
            .expireAfter(
                new Expiry<String, Fresh>() {
                  @Override
                  public long expireAfterCreate(String key, Fresh value, long currentTime) {
                    return value.ttl().toNanos();
                  }

                  @Override
                  public long expireAfterUpdate(
                      String key, Fresh value, long currentTime, long currentDuration) {
                    return value.ttl().toNanos();
                  }

                  @Override
                  public long expireAfterRead(
                      String key, Fresh value, long currentTime, long currentDuration) {
                    return currentDuration;
                  }
                })
            .build();
    this.lastGood =
        Caffeine.newBuilder()
            .ticker(ticker)
            .maximumSize(MAX_ENTRIES)
            .expireAfterWrite(maxStale)
            .build();
  }

  /**
   * The answer to the request {@code key}: cached if younger than {@code ttl}, else loaded; when
   * loading throws {@link Unavailable}, the last good answer marked stale.
   */
  List<CarbonReading> get(String key, Duration ttl, Supplier<List<CarbonReading>> load) {
    try {
      return fresh
          .get(
              key,
              k -> {
                var readings = List.copyOf(load.get());
                lastGood.put(k, readings);
                return new Fresh(readings, ttl);
              })
          .readings();
    } catch (Unavailable e) {
      var last = lastGood.getIfPresent(key);
      if (last == null) {
        throw e;
      }
      return last.stream().map(r -> new CarbonReading(r.gco2PerKwh(), r.at(), true)).toList();
    }
  }

  private static long nanos(InstantSource clock) {
    var now = clock.instant();
    return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
  }
}
