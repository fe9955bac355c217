package dev.runneriq.app.serve;

import dev.runneriq.gitlab.webhook.WebhookReceiver;
import dev.runneriq.store.InboxWriter;
import dev.runneriq.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Where a replica on PostgreSQL hands each webhook delivery: the store's inbox, committed before
 * GitLab is answered, for the leader to apply. While the store does not answer, the leader applies
 * what it receives itself (as a single instance would) and a follower answers 503, so that nothing
 * answered 200 is lost.
 */
final class InboxRelay implements WebhookReceiver.Relay, AutoCloseable {
  private final InboxWriter inbox;
  private final String instance;
  private final AtomicReference<@Nullable Led> led;

  /**
   * @param inbox the store's inbox, written in groups (a flood of deliveries in few transactions)
   */
  InboxRelay(InboxWriter inbox, String instance, AtomicReference<@Nullable Led> led) {
    this.inbox = inbox;
    this.instance = instance;
    this.led = led;
  }

  @Override
  public boolean relay(@Nullable String key, String kind, byte[] body) {
    try {
      return inbox.enqueue(key, kind, new String(body, StandardCharsets.UTF_8), instance);
    } catch (StoreException e) {
      var l = led.get();
      var own = l == null ? null : l.receiver();
      if (own == null) {
        throw e;
      }
      own.applyRelayed(body);
      return true;
    }
  }

  @Override
  public void close() {
    inbox.close();
  }
}
