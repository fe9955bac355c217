package dev.runneriq.llm;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Pipeline;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Tier;
import dev.runneriq.core.placement.Candidate;
import dev.runneriq.core.placement.ScoreLine;
import dev.runneriq.core.priority.Factor;
import dev.runneriq.core.priority.Priority;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Jobs, near-ties, configs and a settable clock for the tests. */
final class Fixtures {
  private Fixtures() {}

  static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  static final String KEY = "sk-test-SECRET-4711";

  static PendingJob job(String name, String ref) {
    var pipeline =
        new Pipeline(
            77,
            "shop/web",
            ref,
            Pipeline.BRANCH,
            true,
            true,
            "push",
            "ana",
            false,
            List.of("test"));
    return new PendingJob(
        501,
        name,
        "test",
        List.of("docker"),
        NOW.minusSeconds(120),
        null,
        null,
        Map.of(),
        pipeline,
        null,
        false);
  }

  static PendingJob job() {
    return job("unit-tests", "main");
  }

  static Priority priority() {
    return new Priority(
        64,
        Tier.HIGH,
        List.of(
            new Factor("ref", 30, "protected default branch main"),
            new Factor("source", 30, "pushed"),
            new Factor("waiting", 4, "pending 2m")));
  }

  static Runner runner(long id, String name) {
    return Runner.of(id, name, List.of("docker"), 4);
  }

  /** Two runners a near-tie apart: 11 first by the rules, 14 second. */
  static List<Candidate> nearTies() {
    return List.of(
        candidate(runner(11, "fr-docker-1"), 80.0), candidate(runner(14, "de-docker-2"), 78.5));
  }

  static Candidate candidate(Runner r, double total) {
    return new Candidate(
        r,
        total,
        List.of(new ScoreLine("free_capacity", (double) r.freeSlots(), 100, 3)),
        List.of(r.freeSlots() + " free slots"));
  }

  /**
   * A config for {@code provider} at {@code baseUrl}: a key, a 5 s timeout (a loaded CI machine is
   * slow), no budget limit.
   */
  static Config config(LlmConfig.Provider provider, String baseUrl) {
    return new Config(provider, baseUrl);
  }

  /** A test's config, changed field by field. */
  static final class Config {
    final LlmConfig.Provider provider;
    final String baseUrl;
    Duration timeout = Duration.ofSeconds(5);
    LlmConfig.Budget budget = LlmConfig.Budget.UNLIMITED;
    LlmConfig.Breaker breaker = new LlmConfig.Breaker(100, Duration.ofMinutes(1));
    LlmConfig.@Nullable Price price;
    LlmConfig.OpenAiMode mode = LlmConfig.OpenAiMode.TOOLS;

    Config(LlmConfig.Provider provider, String baseUrl) {
      this.provider = provider;
      this.baseUrl = baseUrl;
    }

    Config timeout(Duration d) {
      timeout = d;
      return this;
    }

    Config budget(LlmConfig.Budget b, LlmConfig.Price p) {
      budget = b;
      price = p;
      return this;
    }

    Config breaker(int failures, Duration coolDown) {
      breaker = new LlmConfig.Breaker(failures, coolDown);
      return this;
    }

    Config mode(LlmConfig.OpenAiMode m) {
      mode = m;
      return this;
    }

    LlmConfig build() {
      return new LlmConfig(
          provider,
          provider == LlmConfig.Provider.ANTHROPIC ? "claude-haiku-4-5" : "qwen2.5:7b",
          baseUrl,
          KEY,
          timeout,
          LlmConfig.DEFAULT_MAX_TOKENS,
          budget,
          breaker,
          price,
          mode);
    }
  }

  /** A clock the test moves by hand. */
  static final class TestClock implements InstantSource {
    private volatile Instant now = NOW;

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }
}
