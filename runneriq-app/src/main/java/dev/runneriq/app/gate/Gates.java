package dev.runneriq.app.gate;

import dev.runneriq.app.config.ServiceConfig;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.gitlab.client.GitLabClient;
import dev.runneriq.store.ActuatorLease;
import dev.runneriq.store.AuditStore;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.InstantSource;

/** Builds gate mode's actuator from the service's configuration: one way, for every caller. */
public final class Gates {
  private Gates() {}

  /**
   * The actuator on {@code engine} (the service's own), writing through {@code client}, recording
   * in {@code store}'s action log and leasing through {@code store}.
   *
   * @param configChangedAt when the configuration last changed: a kill switch recorded after it
   *     still holds
   */
  public static Actuator actuator(
      Engine engine,
      ServiceConfig config,
      AuditStore store,
      GitLabClient client,
      InstantSource clock,
      Instant configChangedAt) {
    return actuator(
        engine,
        config,
        store,
        client,
        clock,
        configChangedAt,
        lease(ActuatorLease.of(config.store(), instance(config))));
  }

  /**
   * The same, acting while {@code lease} is held: the service's own (the one that makes it the
   * single instance on SQLite, or the leader on PostgreSQL).
   */
  public static Actuator actuator(
      Engine engine,
      ServiceConfig config,
      AuditStore store,
      GitLabClient client,
      InstantSource clock,
      Instant configChangedAt,
      Lease lease) {
    var gate = config.gate();
    String instance = instance(config);
    var preempt = gate.preempt();
    return new Actuator(
        new GatePlan(engine, gate),
        preempt == null ? null : new PreemptPlan(engine, gate, preempt),
        gate,
        engine.config().mode(),
        configChangedAt,
        new ClientWrites(client),
        new StoreJournal(store.actions(), instance, clock),
        lease,
        clock);
  }

  /** The store's lease as the actuator asks for it: not held while the store does not answer. */
  public static Lease lease(ActuatorLease lease) {
    return new StoreLease(lease);
  }

  /** How this instance names itself to the others: {@code gate.instance}, or user, host and pid. */
  public static String instance(ServiceConfig config) {
    String named = config.gate().instance();
    return named.isEmpty() ? defaultInstance() : named;
  }

  /** The writes through GitLab's REST API, each in the rate limiter's urgent lane. */
  record ClientWrites(GitLabClient client) implements Actuator.Writes {
    @Override
    public String play(String project, long jobId) {
      return GitLabClient.urgently(() -> client.play(project, jobId)).status();
    }

    @Override
    public String cancel(String project, long jobId) {
      return GitLabClient.urgently(() -> client.cancel(project, jobId)).status();
    }

    @Override
    public long retry(String project, long jobId) {
      return GitLabClient.urgently(() -> client.retry(project, jobId)).id();
    }
  }

  /** {@code runneriq@host (pid N)}. */
  static String defaultInstance() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    return "runneriq@" + host + " (pid " + ManagementFactory.getRuntimeMXBean().getPid() + ")";
  }
}
