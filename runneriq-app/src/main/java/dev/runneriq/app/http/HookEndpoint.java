package dev.runneriq.app.http;

import dev.runneriq.formats.Documents;
import dev.runneriq.gitlab.webhook.WebhookReceiver;
import dev.runneriq.gitlab.webhook.WebhookResult;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /hooks/gitlab}: GitLab's Job and Pipeline Hooks, checked by the {@link
 * WebhookReceiver} against the webhook secret (not the API token). The answer's status is the
 * receiver's: 401 for a missing or wrong {@code X-Gitlab-Token}, 400 for a body it cannot use, 200
 * otherwise (replays and unused kinds included, so GitLab does not disable the hook).
 */
final class HookEndpoint {
  static final String PATH = "/hooks/gitlab";

  private HookEndpoint() {}

  static void handle(Context ctx, @Nullable WebhookReceiver receiver, ServiceMetrics metrics) {
    if (receiver == null) {
      throw new ApiError(
          404,
          "webhooks are not configured: set RUNNERIQ_GITLAB_WEBHOOK_SECRET or"
              + " gitlab.webhook_secret_file");
    }
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    ctx.headerMap().forEach((k, v) -> headers.put(k, List.of(v)));
    var result = receiver.receive(headers, ctx.bodyAsBytes());
    String kind = "unknown";
    String outcome;
    String message;
    switch (result) {
      case WebhookResult.Accepted a -> {
        kind = a.event().kind();
        outcome = "accepted";
        message = a.changed() ? "accepted" : "accepted; older than what is known";
      }
      case WebhookResult.Duplicate d -> {
        outcome = "duplicate";
        message = "already received";
      }
      case WebhookResult.Ignored i -> {
        outcome = "ignored";
        message = i.reason();
      }
      case WebhookResult.Rejected r -> {
        outcome = r.statusCode() == 401 ? "unauthorized" : "malformed";
        message = r.reason();
      }
    }
    metrics.webhook(kind, outcome);
    if (result.statusCode() != 200) {
      throw new ApiError(result.statusCode(), message);
    }
    ctx.contentType("application/json")
        .result(
            Documents.JSON
                .createObjectNode()
                .put("result", outcome)
                .put("detail", message)
                .toString());
  }
}
