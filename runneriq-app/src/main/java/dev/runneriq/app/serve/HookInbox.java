package dev.runneriq.app.serve;

import dev.runneriq.gitlab.webhook.WebhookReceiver;
import dev.runneriq.gitlab.webhook.WebhookResult;
import dev.runneriq.store.ClusterStore;
import dev.runneriq.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;

/**
 * The leader's side of the webhook inbox: every delivery any replica committed, applied in the
 * order committed to the leader's own receiver (its job states and its Monitor), then marked
 * handled. A leader that dies between the two applies nothing twice that matters: the next one
 * applies the batch again, and a job's state only moves on by GitLab's own precedence.
 */
final class HookInbox implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(HookInbox.class.getName());

  /** How long the inbox is left alone when it was found empty. */
  static final Duration IDLE = Duration.ofMillis(100);

  static final int BATCH = 500;

  private final ClusterStore cluster;
  private final WebhookReceiver receiver;
  private final Periodic worker;

  HookInbox(ClusterStore cluster, WebhookReceiver receiver) {
    this.cluster = cluster;
    this.receiver = receiver;
    this.worker = new Periodic("runneriq-hook-inbox", IDLE, this::drainLogged);
  }

  HookInbox start() {
    worker.start();
    return this;
  }

  /** Whether a batch was applied (then the next is read at once). */
  private boolean drainLogged() {
    try {
      return drain() > 0;
    } catch (StoreException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "cluster: cannot read the webhook inbox; trying again: " + e.getMessage());
      return false;
    }
  }

  /** Applies one batch; how many deliveries it held. */
  int drain() {
    var batch = cluster.unhandled(BATCH);
    var ids = new ArrayList<Long>(batch.size());
    for (var hook : batch) {
      var result = receiver.applyRelayed(hook.body().getBytes(StandardCharsets.UTF_8));
      if (result instanceof WebhookResult.Rejected r) {
        LOG.log(
            System.Logger.Level.WARNING,
            "cluster: webhook delivery "
                + hook.id()
                + " from "
                + hook.receivedBy()
                + " not applied: "
                + r.reason());
      }
      ids.add(hook.id());
    }
    cluster.handled(ids);
    return batch.size();
  }

  @Override
  public void close() {
    worker.close();
  }
}
