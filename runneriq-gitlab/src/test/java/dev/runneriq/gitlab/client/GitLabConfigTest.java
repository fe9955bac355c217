package dev.runneriq.gitlab.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runneriq.gitlab.Secret;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GitLabConfigTest {
  static final URI URL = URI.create("https://gitlab.example.com");
  static final Secret TOKEN = Secret.of("glpat-abc");

  @Test
  void errorsNameTheKeyAndTheValue() {
    assertThatThrownBy(
            () ->
                GitLabConfig.builder(URL, TOKEN)
                    .retry(0, Duration.ofSeconds(1), Duration.ofSeconds(2))
                    .build())
        .hasMessage("gitlab.retry.max_attempts must be at least 1, but was 0");
    assertThatThrownBy(
            () ->
                GitLabConfig.builder(URL, TOKEN)
                    .retry(3, Duration.ofNanos(500_000), Duration.ofSeconds(2))
                    .build())
        .hasMessage("gitlab.retry.backoff_base must be at least 1 ms, but was PT0.0005S");
    assertThatThrownBy(() -> GitLabConfig.builder(URL, TOKEN).requestsPerSecond(-1).build())
        .hasMessage("gitlab.requests_per_second must be a positive number, but was -1.0");
    assertThatThrownBy(() -> GitLabConfig.of(URI.create("ftp://gitlab.example.com"), TOKEN))
        .hasMessageStartingWith("gitlab.url must be an http or https URL");
  }

  @Test
  void backoffDoublesUpToItsCap() {
    var config =
        GitLabConfig.builder(URL, TOKEN)
            .retry(10, Duration.ofMillis(500), Duration.ofSeconds(3))
            .build();
    var retry = new GitLabRetry(config, Sleeper.REAL, Clock.systemUTC());

    assertThat(retry.backoff(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(retry.backoff(3)).isEqualTo(Duration.ofSeconds(2));
    assertThat(retry.backoff(4)).isEqualTo(Duration.ofSeconds(3));
    assertThat(retry.backoff(60)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void secretsNeitherPrintNorHashTheirValue() {
    assertThat(GitLabConfig.of(URL, TOKEN).toString())
        .doesNotContain("glpat-abc")
        .contains("[REDACTED]");
    assertThat(TOKEN).isEqualTo(Secret.of("glpat-abc")).isNotEqualTo(Secret.of("glpat-abd"));
    assertThat(TOKEN.redact("x glpat-abc y")).isEqualTo("x [REDACTED] y");
  }
}
