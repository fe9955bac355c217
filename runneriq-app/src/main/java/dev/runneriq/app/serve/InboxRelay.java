package dev.runneriq.app.serve;

import dev.runneriq.gitlab.webhook.WebhookReceiver;
import dev.runneriq.store.ClusterStore;
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
final class InboxRelay implements WebhookReceiver.Relay {
  private final ClusterStore cluster;
  private final String instance;
  private final AtomicReference<@Nullable Led> led;

  InboxRelay(ClusterStore cluster, String instance, AtomicReference<@Nullable Led> led) {
    this.cluster = cluster;
    this.instance = instance;
    this.led = led;
  }

  @Override
  public boolean relay(@Nullable String key, String kind, byte[] body) {
    try {
      return cluster.enqueue(key, kind, new String(body, StandardCharsets.UTF_8), instance);
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
}
