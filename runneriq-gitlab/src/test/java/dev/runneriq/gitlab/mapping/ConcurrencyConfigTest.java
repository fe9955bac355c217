package dev.runneriq.gitlab.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runneriq.gitlab.Fixtures;
import dev.runneriq.gitlab.GitLabJson;
import dev.runneriq.gitlab.model.GlRunner;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConcurrencyConfigTest {
  // runner 101 "linux-docker-large-1", tags docker, large, linux
  static final GlRunner RUNNER = read("synthetic/rest_runner_detail.synthetic.json");

  static GlRunner read(String fixture) {
    try {
      return GitLabJson.MAPPER.treeToValue(Fixtures.json(fixture), GlRunner.class);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          by id first                  | 101=6 | linux-docker-large-1=5 | docker=4,large=8 | 3 | 6 | configured for runner 101
          then by name (description)   |       | linux-docker-large-1=5 | docker=4,large=8 | 3 | 5 | configured for its name
          then the smallest listed tag |       |                        | docker=4,large=8 | 3 | 4 | configured for tag docker
          then the most seen at once   |       |                        | gpu=2            | 3 | 3 | inferred: most jobs seen running at once
          else the default             |       |                        |                  | 0 | 2 | default
          """)
  void resolvesInOrder(
      String name, String ids, String names, String tags, int seen, int value, String source) {
    var config =
        new ConcurrencyConfig(
            parse(ids, Long::valueOf), parse(names, s -> s), parse(tags, s -> s), 2);
    var estimator = new ConcurrencyEstimator();
    estimator.observe(101, seen);

    assertThat(config.resolve(RUNNER, estimator))
        .isEqualTo(new ConcurrencyConfig.Resolved(value, source));
  }

  @Test
  void theEstimatorKeepsTheMostSeen() {
    var estimator = new ConcurrencyEstimator();
    estimator.observe(7, 2);
    estimator.observe(7, 5);
    estimator.observe(7, 1);
    estimator.observe(8, 0);

    assertThat(estimator.estimate(7)).hasValue(5);
    assertThat(estimator.estimate(8)).isEmpty();
  }

  @Test
  void errorsNameTheKey() {
    assertThatThrownBy(() -> new ConcurrencyConfig(Map.of(), Map.of(), Map.of("docker", 0), 1))
        .hasMessage("concurrency.by_tag.docker must be at least 1, but was 0");
  }

  static <K> Map<K, Integer> parse(String spec, java.util.function.Function<String, K> key) {
    var out = new java.util.HashMap<K, Integer>();
    if (spec != null) {
      for (String pair : spec.split(",")) {
        String[] kv = pair.split("=");
        out.put(key.apply(kv[0].strip()), Integer.valueOf(kv[1].strip()));
      }
    }
    return out;
  }
}
