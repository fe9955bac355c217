package dev.runneriq.gitlab.webhook;

import dev.runneriq.gitlab.Secret;
import java.util.Objects;

/**
 * How hooks are received.
 *
 * @param secret the Secret token set on the hook in GitLab; compared with {@code X-Gitlab-Token}
 * @param replayMemory how many delivery keys are remembered to drop redeliveries
 * @param maxBodyBytes the largest body parsed; a big pipeline's hook is some hundred kilobytes
 */
public record WebhookConfig(Secret secret, int replayMemory, int maxBodyBytes) {
  public static final int DEFAULT_REPLAY_MEMORY = 10_000;
  public static final int DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

  public WebhookConfig {
    Objects.requireNonNull(secret, "gitlab.webhook_secret");
    if (replayMemory < 1) {
      throw new IllegalArgumentException(
          "webhook.replay_memory must be at least 1, but was " + replayMemory);
    }
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException(
          "webhook.max_body_bytes must be at least 1, but was " + maxBodyBytes);
    }
  }

  public static WebhookConfig of(Secret secret) {
    return new WebhookConfig(secret, DEFAULT_REPLAY_MEMORY, DEFAULT_MAX_BODY_BYTES);
  }
}
