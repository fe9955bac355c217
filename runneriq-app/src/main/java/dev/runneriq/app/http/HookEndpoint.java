package dev.runneriq.app.http;

import dev.runneriq.formats.Documents;
import dev.runneriq.gitlab.webhook.WebhookReceiver;
import dev.runneriq.gitlab.webhook.WebhookResult;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /hooks/gitlab}: GitLab's Job and Pipeline Hooks, checked by the {@link
 * WebhookReceiver} against the webhook secret (not the API token). The route is open, so nothing is
 * read of a body before the headers have earned it: a missing or wrong {@code X-Gitlab-Token} is
 * 401 and a declared length over the receiver's cap is 413 with the body unread, and at most
 * {@value #IN_FLIGHT} deliveries are read at once (503 with {@code Retry-After} beyond that). The
 * body itself is read within {@link Bodies}' bounds. Then the answer is the receiver's: 400 for a
 * body it cannot use, 200 otherwise (replays and unused kinds included, so GitLab does not disable
 * the hook).
 */
final class HookEndpoint {
  static final String PATH = "/hooks/gitlab";

  /** GitLab sends a project's hooks one at a time; a few dozen at once is already a flood. */
  static final int IN_FLIGHT = 16;

  static final int RETRY_AFTER_S = 5;

  private static final byte[] ACCEPTED = answer("accepted", "accepted");
  private static final byte[] ACCEPTED_OLDER =
      answer("accepted", "accepted; older than what is known");
  private static final byte[] DUPLICATE = answer("duplicate", "already received");

  private final @Nullable WebhookReceiver receiver;
  private final ServiceMetrics metrics;
  private final Semaphore inFlight = new Semaphore(IN_FLIGHT);

  /**
   * @param receiver null when no webhook secret is configured: the route answers 404 saying so
   */
  HookEndpoint(@Nullable WebhookReceiver receiver, ServiceMetrics metrics) {
    this.receiver = receiver;
    this.metrics = metrics;
  }

  void handle(Context ctx) {
    var r = receiver;
    if (r == null) {
      throw new ApiError(
          404,
          "webhooks are not configured: set RUNNERIQ_GITLAB_WEBHOOK_SECRET or"
              + " gitlab.webhook_secret_file");
    }
    Map<String, List<String>> headers = HashMap.newHashMap(WebhookReceiver.HEADERS.size());
    for (String name : WebhookReceiver.HEADERS) {
      String value = ctx.header(name);
      if (value != null) {
        headers.put(name, List.of(value));
      }
    }
    var unauthorized = r.unauthorized(headers);
    if (unauthorized != null) {
      throw refused("unauthorized", unauthorized.statusCode(), unauthorized.reason());
    }
    long declared = ctx.req().getContentLengthLong();
    if (declared > r.maxBodyBytes()) {
      throw refused(
          "too_large", 413, "a body of " + declared + " bytes is over " + r.maxBodyBytes());
    }
    if (!inFlight.tryAcquire()) {
      ctx.header("Retry-After", String.valueOf(RETRY_AFTER_S));
      throw refused(
          "busy",
          503,
          IN_FLIGHT + " deliveries are being read already; try again in " + RETRY_AFTER_S + " s");
    }
    try {
      byte[] body;
      try {
        body = Bodies.read(ctx.req(), r.maxBodyBytes());
      } catch (ApiError e) {
        throw refused(e.status() == 413 ? "too_large" : "too_slow", e.status(), e.getMessage());
      }
      answer(ctx, r.receive(headers, body));
    } finally {
      inFlight.release();
    }
  }

  private ApiError refused(String result, int status, @Nullable String message) {
    metrics.webhook("unknown", result);
    return new ApiError(status, String.valueOf(message));
  }

  private void answer(Context ctx, WebhookResult result) {
    String kind = "unknown";
    String outcome;
    String message;
    byte[] body = null;
    switch (result) {
      case WebhookResult.Accepted a -> {
        kind = a.event().kind();
        outcome = "accepted";
        message = a.changed() ? "accepted" : "accepted; older than what is known";
        body = a.changed() ? ACCEPTED : ACCEPTED_OLDER;
      }
      case WebhookResult.Duplicate d -> {
        outcome = "duplicate";
        message = "already received";
        body = DUPLICATE;
      }
      case WebhookResult.Ignored i -> {
        outcome = "ignored";
        message = i.reason();
      }
      case WebhookResult.Rejected rejected -> {
        outcome =
            switch (rejected.statusCode()) {
              case 401 -> "unauthorized";
              case 503 -> "unkept"; // the store did not take it (replicas): GitLab may send again
              default -> "malformed";
            };
        message = rejected.reason();
      }
    }
    metrics.webhook(kind, outcome);
    if (result.statusCode() == 503) {
      ctx.header("Retry-After", String.valueOf(RETRY_AFTER_S));
    }
    if (result.statusCode() != 200) {
      throw new ApiError(result.statusCode(), message);
    }
    send(ctx, body != null ? body : answer(outcome, message));
  }

  /** {@code {"result": …, "detail": …}}. */
  private static byte[] answer(String outcome, String message) {
    return Documents.JSON
        .createObjectNode()
        .put("result", outcome)
        .put("detail", message)
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Writes the answer straight to the response with its length, rather than as Javalin's result
   * (which copies it through a buffer of its own): the answer is the same few bytes thousands of
   * times a second.
   */
  private static void send(Context ctx, byte[] body) {
    ctx.contentType("application/json");
    var response = ctx.res();
    response.setContentLength(body.length);
    try {
      response.getOutputStream().write(body);
    } catch (IOException e) {
      // GitLab hung up before its answer: the delivery is kept, and it may send it again
    }
  }
}
