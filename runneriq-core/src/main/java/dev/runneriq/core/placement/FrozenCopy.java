package dev.runneriq.core.placement;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** {@link Frozen#copyOf}: an unmodifiable copy in the order of the map copied. */
final class FrozenCopy<K, V> extends AbstractMap<K, V> implements Frozen<K, V> {
  private final Map<K, V> map;

  FrozenCopy(Map<K, V> map) {
    this.map = Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  @Override
  public @Nullable V get(@Nullable Object key) {
    return map.get(key);
  }

  @Override
  public boolean containsKey(@Nullable Object key) {
    return map.containsKey(key);
  }

  @Override
  public int size() {
    return map.size();
  }

  @Override
  public Set<Entry<K, V>> entrySet() {
    return map.entrySet();
  }
}
