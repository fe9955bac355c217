package dev.runneriq.app.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.app.gate.Actuator;
import dev.runneriq.formats.Documents;
import dev.runneriq.store.AsyncAuditLog;
import dev.runneriq.store.AuditStore;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /readyz}: GitLab reachable, the audit log writable, the snapshot fresh; carbon and the
 * gate reported, never required.
 */
final class Readiness {
  private final Supplier<LiveState> state;
  private final @Nullable AuditStore store;
  private final @Nullable AsyncAuditLog audit;
  private final @Nullable Actuator gate;
  private final Duration staleAfter;
  private volatile @Nullable ClusterView cluster;

  /**
   * @param staleAfter the snapshot is not ready when older than this
   */
  Readiness(
      Supplier<LiveState> state,
      @Nullable AuditStore store,
      @Nullable AsyncAuditLog audit,
      @Nullable Actuator gate,
      Duration staleAfter) {
    this.state = state;
    this.store = store;
    this.audit = audit;
    this.gate = gate;
    this.staleAfter = staleAfter;
  }

  void cluster(ClusterView view) {
    cluster = view;
  }

  /**
   * Open to anyone who can reach the port, so it says how many, never which: no project, job,
   * runner or GitLab message (those are on /api/v1/queue and /api/v1/fleet, behind the token).
   */
  void handle(Context ctx) {
    var s = state.get();
    var root = Documents.JSON.createObjectNode();
    var checks = root.putObject("checks");
    boolean gitlab = s.gitlabReachable();
    int skipped = s.gitlabSkipped().size();
    check(
        checks,
        "gitlab",
        gitlab,
        !gitlab
            ? "not answering; why is on /api/v1/queue (stale) and in the log"
            : skipped == 0
                ? "reachable"
                : "reachable; "
                    + skipped
                    + " left out of the last poll (GitLab answered 403 or 404), listed on"
                    + " /api/v1/queue");
    boolean answers = store == null || store.ping();
    var health = audit == null ? null : audit.health();
    boolean writable = answers && (health == null || health.ok());
    String writes = health == null || health.ok() ? "" : health.summary();
    check(
        checks,
        "store",
        writable,
        store == null
            ? "no audit log configured"
            : answers
                ? (health == null ? "writable" : health.summary())
                : "not answering" + (writes.isEmpty() ? "" : "; " + writes));
    var age = Duration.between(s.refreshedAt(), Instant.now());
    boolean fresh = age.compareTo(staleAfter) <= 0;
    check(checks, "snapshot", fresh, "refreshed " + age.toSeconds() + "s ago");
    boolean ok = gitlab && writable && fresh;
    gateCheck(checks);
    var c = cluster;
    if (c != null) {
      // reported, not required: a follower takes webhooks and serves the API while another leads
      checks.putObject("cluster").put("ok", true).put("required", false).put("detail", c.detail());
    }
    var provider = s.carbonProvider();
    if (provider != null) {
      // advisory: without carbon data the scorer and deferral stand aside, nothing waits on it
      var problems = s.carbonProblems();
      checks
          .putObject("carbon")
          .put("ok", problems.isEmpty())
          .put("required", false)
          .put(
              "detail",
              provider
                  + ": "
                  + s.snapshot().carbon().size()
                  + " zone(s) read"
                  + (problems.isEmpty()
                      ? ""
                      : "; " + problems.size() + " problem(s), listed on /api/v1/fleet"));
    }
    root.put("ready", ok);
    ctx.status(ok ? 200 : 503);
    ApiServer.json(ctx, root);
  }

  /**
   * Gate mode, reported and never required (the floors start held jobs whatever RunnerIQ does):
   * whether this instance acts or stands by, how many plays GitLab refused with 403, never which
   * (those are on /api/v1/mode, behind the token), and how many cancelled jobs GitLab would not
   * retry.
   */
  private void gateCheck(ObjectNode checks) {
    var g = gate;
    if (g == null) {
      return;
    }
    var s = g.status();
    String doing =
        !s.mode().equals("gate")
            ? "advisory (switched off): plays nothing"
            : s.acting()
                ? s.dryRun() ? "acting, dry run: plays nothing" : "acting: plays held jobs"
                : "standing by: another instance holds the actuator lease";
    String refused =
        s.forbidden() == 0
            ? ""
            : "; GitLab refused "
                + s.forbidden()
                + " play(s) with 403 (token without the api scope, user not a Developer, or a"
                + " protected branch or environment): those jobs start at their floor; listed on "
                + ModeEndpoint.PATH;
    long notRetried = s.preemption().retryFailed();
    String lost =
        notRetried == 0
            ? ""
            : "; "
                + notRetried
                + " job(s) cancelled for a preemption could not be retried: retry them in GitLab"
                + " (the log names them)";
    checks
        .putObject("gate")
        .put("ok", s.forbidden() == 0 && notRetried == 0)
        .put("required", false)
        .put("detail", doing + refused + lost);
  }

  private static void check(ObjectNode checks, String name, boolean ok, String detail) {
    checks.putObject(name).put("ok", ok).put("detail", detail);
  }
}
