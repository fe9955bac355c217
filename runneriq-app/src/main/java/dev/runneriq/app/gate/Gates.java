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
    var gate = config.gate();
    String instance = gate.instance().isEmpty() ? defaultInstance() : gate.instance();
    var preempt = gate.preempt();
    return new Actuator(
        new GatePlan(engine, gate),
        preempt == null ? null : new PreemptPlan(engine, gate, preempt),
        gate,
        engine.config().mode(),
        configChangedAt,
        new ClientWrites(client),
        new StoreJournal(store.actions(), instance, clock),
        new StoreLease(ActuatorLease.of(config.store(), instance)),
        clock);
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
