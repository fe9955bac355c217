package dev.runneriq.app.http;

import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.formats.ContextFormat;
import dev.runneriq.gitlab.webhook.WebhookReceiver;
import dev.runneriq.store.AuditStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The API on a loopback port over the example snapshot: no audit log, no webhooks. */
final class LoopbackApi {
  static final Engine ENGINE = Engine.standard(EngineConfig.DEFAULT);

  private LoopbackApi() {}

  /** examples/deploy-rush.json and the standard engine's decisions on it, as a live state. */
  static FixedState example() {
    var snapshot = ContextFormat.read(Path.of("..", "examples", "deploy-rush.json"));
    return new FixedState(snapshot, ENGINE.decide(snapshot, 42), Instant.now(), null, true);
  }

  /** A started server behind {@code token} that serves {@code state}. */
  static ApiServer start(String token, long maxRequestBytes, Supplier<LiveState> state) {
    return start(token, maxRequestBytes, state, null, new ServiceMetrics(state), null);
  }

  /** The same with an audit log and webhooks to {@code hooks} when they are not null. */
  static ApiServer start(
      String token,
      long maxRequestBytes,
      Supplier<LiveState> state,
      @Nullable AuditStore store,
      ServiceMetrics metrics,
      @Nullable WebhookReceiver hooks) {
    var options =
        new ApiServer.Options(
            "127.0.0.1",
            0,
            BearerAuth.required(token),
            false,
            maxRequestBytes,
            Duration.ofMinutes(5));
    return new ApiServer(options, state, ENGINE, store, metrics, hooks).start();
  }
}
