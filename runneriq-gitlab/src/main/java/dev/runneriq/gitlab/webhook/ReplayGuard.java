package dev.runneriq.gitlab.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Remembers the last {@code capacity} delivery keys, so a redelivered hook is seen once. A key is
 * kept as the first 128 bits of its SHA-256 digest: memory per key is fixed whatever a sender puts
 * in the header. Lock-free: the receivers of concurrent deliveries never wait for one another here
 * (a lock held by a thread the scheduler set aside held up every other delivery).
 */
final class ReplayGuard {
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(ReplayGuard::sha256);

  private final ConcurrentHashMap<Digest, Boolean> seen;

  /** The keys in the order they came, each slot reused {@code capacity} keys later. */
  private final AtomicReferenceArray<Digest> order;

  private final AtomicLong offered = new AtomicLong();

  /** A key's digest, cut to 128 bits. */
  private record Digest(long high, long low) {}

  /**
   * @param capacity at least 1 ({@link WebhookConfig} checks it)
   */
  ReplayGuard(int capacity) {
    this.seen = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16));
    this.order = new AtomicReferenceArray<>(capacity);
  }

  /** True the first time a key is offered, false for a replay it still remembers. */
  boolean firstTime(String key) {
    var bytes = ByteBuffer.wrap(SHA_256.get().digest(key.getBytes(StandardCharsets.UTF_8)));
    var digest = new Digest(bytes.getLong(), bytes.getLong());
    if (seen.putIfAbsent(digest, Boolean.TRUE) != null) {
      return false;
    }
    int slot = (int) (offered.getAndIncrement() % order.length());
    var forgotten = order.getAndSet(slot, digest);
    if (forgotten != null) {
      seen.remove(forgotten);
    }
    return true;
  }

  /** How many keys it remembers. */
  int size() {
    return seen.size();
  }

  /** The SHA-256 digest of {@code bytes} in hexadecimal. */
  static String digest(byte[] bytes) {
    return HexFormat.of().formatHex(SHA_256.get().digest(bytes));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
