package dev.runneriq.gitlab.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Remembers the last {@code capacity} delivery keys, so a redelivered hook is seen once. Keys are
 * kept as SHA-256 digests: memory per key is fixed whatever a sender puts in the header.
 */
final class ReplayGuard {
  private final Map<String, Boolean> seen;

  ReplayGuard(int capacity) {
    this.seen = Bounded.map(capacity, true, "webhook.replay_memory");
  }

  /** True the first time a key is offered, false for a replay it still remembers. */
  synchronized boolean firstTime(String key) {
    return seen.put(digest(key), Boolean.TRUE) == null;
  }

  static String digest(String key) {
    return digest(key.getBytes(StandardCharsets.UTF_8));
  }

  static String digest(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
