package dev.runneriq.gitlab.webhook;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Takes one delivery of a GitLab webhook and says what to answer. In order: the {@code
 * X-Gitlab-Token} against the secret in constant time (401), the body (400 with the reason),
 * replays by {@code Idempotency-Key} — or {@code X-Gitlab-Event-UUID} with the body when GitLab
 * sends no key — and then the store and the handler. It never throws on what it is sent.
 * Thread-safe.
 *
 * <p>A replica of several (on one PostgreSQL store) receives with a {@link Relay} instead: a
 * delivery that passes the checks is committed to the store's inbox before GitLab is answered, and
 * the leader applies it from there with {@link #applyRelayed}.
 */
public final class WebhookReceiver {
  private static final System.Logger LOG = System.getLogger(WebhookReceiver.class.getName());

  /** The request headers a delivery is checked by: a server need pass on no other. */
  public static final List<String> HEADERS =
      List.of("X-Gitlab-Token", "Idempotency-Key", "X-Gitlab-Event-UUID");

  private final WebhookConfig config;
  private final JobStateStore store;
  private final WebhookHandler handler;
  private final ReplayGuard replays;
  private final @Nullable Relay relay;

  /**
   * Where a replica hands a delivery that passed the checks, for the leader to apply: it must be
   * kept (committed) when this returns.
   */
  @FunctionalInterface
  public interface Relay {
    /**
     * Keeps a delivery.
     *
     * @param key its delivery key, or null when GitLab sent none
     * @return false when a delivery of the same key is kept already
     * @throws RuntimeException when it cannot be kept: GitLab is answered 503
     */
    boolean relay(@Nullable String key, String kind, byte[] body);
  }

  /** Applies every delivery to {@code store} and tells {@code handler}. */
  public WebhookReceiver(WebhookConfig config, JobStateStore store, WebhookHandler handler) {
    this(config, store, handler, null);
  }

  /** Hands every delivery to {@code relay}; the leader applies it with {@link #applyRelayed}. */
  public WebhookReceiver(WebhookConfig config, Relay relay) {
    this(config, new JobStateStore(), WebhookHandler.NONE, relay);
  }

  private WebhookReceiver(
      WebhookConfig config, JobStateStore store, WebhookHandler handler, @Nullable Relay relay) {
    this.config = config;
    this.store = store;
    this.handler = handler;
    this.relay = relay;
    this.replays = new ReplayGuard(config.replayMemory());
  }

  /**
   * @param headers request headers, names in any case
   * @param body the raw request body
   */
  public WebhookResult receive(Map<String, List<String>> headers, byte[] body) {
    try {
      return handle(headers, body);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "webhook delivery failed unexpectedly", e);
      return new WebhookResult.Rejected(500, "internal error");
    }
  }

  /**
   * The 401 for headers without the right {@code X-Gitlab-Token}, or null when it is right: for a
   * server to refuse before it reads the body.
   */
  public WebhookResult.@Nullable Rejected unauthorized(Map<String, List<String>> headers) {
    String token = header(headers, "X-Gitlab-Token");
    if (token == null) {
      return new WebhookResult.Rejected(401, "missing X-Gitlab-Token");
    }
    if (!config.secret().matches(token)) {
      return new WebhookResult.Rejected(401, "wrong X-Gitlab-Token");
    }
    return null;
  }

  /** The largest body parsed; a server may refuse a larger one before reading it. */
  public int maxBodyBytes() {
    return config.maxBodyBytes();
  }

  private WebhookResult handle(Map<String, List<String>> headers, byte[] body) {
    var unauthorized = unauthorized(headers);
    if (unauthorized != null) {
      return unauthorized;
    }
    if (body.length > config.maxBodyBytes()) {
      return new WebhookResult.Rejected(
          400, "body of " + body.length + " bytes exceeds " + config.maxBodyBytes());
    }
    var parsed = parse(body);
    if (parsed instanceof WebhookResult.Accepted a) {
      String key = deliveryKey(headers, body);
      var r = relay;
      if (r != null) {
        return relayed(r, key, a.event(), body);
      }
      if (key != null && !replays.firstTime(key)) {
        return new WebhookResult.Duplicate(key);
      }
      return apply(a.event());
    }
    return parsed;
  }

  /**
   * Applies a delivery a replica relayed (its token and body were checked there) to the store and
   * the handler: what the leader does with each delivery of the inbox, in order. A body that no
   * longer parses is refused as on receipt.
   */
  public WebhookResult applyRelayed(byte[] body) {
    try {
      var parsed = parse(body);
      return parsed instanceof WebhookResult.Accepted a ? apply(a.event()) : parsed;
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "a relayed webhook delivery failed unexpectedly", e);
      return new WebhookResult.Rejected(500, "internal error");
    }
  }

  /** The event as Accepted (not yet applied), or what to answer instead. */
  private static WebhookResult parse(byte[] body) {
    try {
      HookFields root = HookParser.root(body);
      String kind = root.optText("object_kind");
      if (kind == null) {
        return new WebhookResult.Rejected(400, "/object_kind must be a string");
      }
      return switch (kind) {
        case HookParser.JOB -> new WebhookResult.Accepted(HookParser.job(root), false);
        case HookParser.PIPELINE -> new WebhookResult.Accepted(HookParser.pipeline(root), false);
        default -> new WebhookResult.Ignored("object_kind " + kind + " is not used");
      };
    } catch (MalformedHookException e) {
      return new WebhookResult.Rejected(400, String.valueOf(e.getMessage()));
    }
  }

  private WebhookResult apply(WebhookEvent event) {
    boolean changed = store.apply(event);
    try {
      handler.onEvent(event, changed);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "webhook handler failed on a " + event.kind(), e);
    }
    return new WebhookResult.Accepted(event, changed);
  }

  /** 503 when the delivery cannot be kept, so that nothing is answered 200 and then lost. */
  private static WebhookResult relayed(
      Relay relay, @Nullable String key, WebhookEvent event, byte[] body) {
    try {
      if (!relay.relay(key, event.kind(), body)) {
        return new WebhookResult.Duplicate(String.valueOf(key));
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cannot keep a webhook delivery for the leader", e);
      return new WebhookResult.Rejected(
          503, "cannot keep the delivery for the leader: " + e.getMessage());
    }
    return new WebhookResult.Accepted(event, true);
  }

  /**
   * {@code Idempotency-Key} (GitLab 17.4+; the same on every retry of one delivery); else {@code
   * X-Gitlab-Event-UUID} with the body's digest, since one event's UUID may be shared by several
   * hooks; else none.
   */
  private static @Nullable String deliveryKey(Map<String, List<String>> headers, byte[] body) {
    String key = header(headers, "Idempotency-Key");
    if (key != null && !key.isBlank()) {
      return "key:" + key.strip();
    }
    String uuid = header(headers, "X-Gitlab-Event-UUID");
    if (uuid != null && !uuid.isBlank()) {
      return "uuid:" + uuid.strip() + ":" + ReplayGuard.digest(body);
    }
    return null;
  }

  private static @Nullable String header(Map<String, List<String>> headers, String name) {
    for (var e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
        for (String v : e.getValue()) {
          if (v != null) {
            return v;
          }
        }
      }
    }
    return null;
  }
}
