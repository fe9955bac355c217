package dev.runneriq.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.app.gate.Actuator;
import dev.runneriq.formats.Documents;
import dev.runneriq.formats.FormatException;
import dev.runneriq.formats.Printable;
import io.javalin.http.Context;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/v1/mode} and the kill switch {@code POST /api/v1/mode}: gate or advisory, at once
 * and without a restart, recorded in the action log with who asked and why. A service started
 * without a {@code gate} section has no gate to switch on (409).
 */
final class ModeEndpoint {
  static final String PATH = "/api/v1/mode";

  /** A switch's body is a few words. */
  private static final long MAX_BODY = 16 * 1024;

  private final @Nullable Actuator gate;

  ModeEndpoint(@Nullable Actuator gate) {
    this.gate = gate;
  }

  void get(Context ctx) {
    ctx.json(view(gate));
  }

  void post(Context ctx) {
    var g = gate;
    JsonNode body;
    try {
      body = Documents.parse(Bodies.read(ctx.req(), MAX_BODY), "request body", false);
    } catch (FormatException e) {
      throw new ApiError(400, String.valueOf(e.getMessage()));
    }
    var mode = body.get("mode");
    if (mode == null || !mode.isTextual()) {
      throw new ApiError(400, "request body: 'mode' is required: \"gate\" or \"advisory\"");
    }
    var reason = body.get("reason");
    if (reason != null && !reason.isTextual()) {
      throw new ApiError(400, "request body: 'reason' must be text");
    }
    String to = mode.asText();
    if (!to.equals("gate") && !to.equals("advisory")) {
      throw new ApiError(
          400, "request body: 'mode' must be \"gate\" or \"advisory\", but was " + quoted(to));
    }
    if (g == null) {
      throw new ApiError(
          409,
          "gate mode is not configured: list the opted-in projects in gate.projects of"
              + " runneriq.yaml and restart");
    }
    String why = reason == null ? "no reason given" : Printable.clip(reason.asText());
    g.switchTo(to, "POST " + PATH + " from " + ctx.ip(), why);
    ctx.json(view(g));
  }

  private static String quoted(String s) {
    return "'" + Printable.clip(s) + "'";
  }

  /** The mode and what the gate did: counts, and the jobs GitLab refused with 403. */
  static ObjectNode view(@Nullable Actuator gate) {
    var root = Documents.JSON.createObjectNode();
    if (gate == null) {
      return root.put("mode", "advisory").put("gate_configured", false);
    }
    var s = gate.status();
    root.put("mode", s.mode()).put("gate_configured", true).put("dry_run", s.dryRun());
    root.put("acting", s.acting());
    if (s.standingBy() != null) {
      root.put("standing_by", "the actuator lease is held by " + s.standingBy());
    } else {
      root.putNull("standing_by");
    }
    root.put("played", s.played()).put("failed", s.failed()).put("forbidden", s.forbidden());
    var refused = root.putArray("last_forbidden");
    s.lastForbidden()
        .forEach((job, why) -> refused.addObject().put("job_id", job).put("answer", why));
    if (s.lastPlay() != null) {
      root.put("last_play", s.lastPlay().toString());
    } else {
      root.putNull("last_play");
    }
    var p = s.preemption();
    root.putObject("preemption")
        .put("enabled", p.enabled())
        .put("cancelled", p.cancelled())
        .put("cancel_failed", p.cancelFailed())
        .put("retried", p.retried())
        .put("retry_failed", p.retryFailed())
        .put("wasted_runner_s", p.wastedRunnerS())
        .put("last_hour", p.lastHour())
        .put("per_hour", p.perHour());
    return root;
  }
}
