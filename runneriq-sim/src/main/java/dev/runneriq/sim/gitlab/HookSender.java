package dev.runneriq.sim.gitlab;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers hooks as GitLab does: {@code POST} to the configured URL with {@code X-Gitlab-Token},
 * {@code X-Gitlab-Event}, {@code X-Gitlab-Event-UUID} and {@code Idempotency-Key}, one at a time in
 * the order they happened, retried up to three times on a failed or 5xx delivery.
 */
final class HookSender implements AutoCloseable {
  private final URI url;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().daemon().name("sim-hooks").unstarted(r));
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  HookSender(URI url, String token) {
    this.url = url;
    this.token = token;
  }

  void send(String event, String body) {
    String key = UUID.randomUUID().toString();
    worker.execute(() -> deliver(event, body, key));
  }

  private void deliver(String event, String body, String key) {
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        var request =
            HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .header("X-Gitlab-Token", token)
                .header("X-Gitlab-Event", event)
                .header("X-Gitlab-Event-UUID", key)
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status < 500) {
          (status < 300 ? delivered : failed).incrementAndGet();
          return;
        }
      } catch (java.io.IOException e) {
        // the receiver is down or slow: try again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      sleep(200L * attempt);
    }
    failed.incrementAndGet();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  long delivered() {
    return delivered.get();
  }

  long failed() {
    return failed.get();
  }

  @Override
  public void close() {
    worker.shutdown();
    try {
      worker.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    worker.shutdownNow();
  }
}
