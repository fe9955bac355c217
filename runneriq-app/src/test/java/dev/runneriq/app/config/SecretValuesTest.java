package dev.runneriq.app.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runneriq.formats.FormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A secret goes into an HTTP header, so it must be one line of printable ASCII: a second line, a
 * control character or an invisible one is refused, naming the key and file or the variable, and
 * never the value.
 */
class SecretValuesTest {
  static final String VALUE = "glpat-s3cr3t-value";

  @TempDir Path dir;

  /** The section each secret key sits in, and what makes its key in use. */
  private static String yaml(String key, String file) {
    return switch (key) {
      case "gitlab.token_file" -> "gitlab:\n  token_file: " + file + "\n";
      case "gitlab.webhook_secret_file" -> "gitlab:\n  webhook_secret_file: " + file + "\n";
      case "server.api_token_file" -> "server:\n  api_token_file: " + file + "\n";
      case "carbon.token_file" ->
          "carbon:\n  provider: electricitymaps\n  token_file: " + file + "\n";
      case "llm.key_file" -> "llm:\n  provider: anthropic\n  key_file: " + file + "\n";
      default -> throw new IllegalArgumentException(key);
    };
  }

  private static String content(String kind) {
    return switch (kind) {
      case "two lines" -> VALUE + "\nsecond-line\n";
      case "a control character" -> VALUE + "\u001b[2J";
      case "a zero-width space" -> "glpat-\u200bs3cr3t";
      case "a non-breaking space" -> "glpat\u00a0s3cr3t";
      case "a tab" -> "glpat\ts3cr3t";
      default -> throw new IllegalArgumentException(kind);
    };
  }

  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource({
    "gitlab.token_file, two lines, has 2 non-empty lines",
    "gitlab.webhook_secret_file, a control character, a control",
    "server.api_token_file, a zero-width space, invisible or non-ASCII",
    "carbon.token_file, a non-breaking space, invisible or non-ASCII",
    "llm.key_file, a tab, a control",
    "llm.key_file, two lines, has 2 non-empty lines",
  })
  void aSecretFileThatIsNotOneHeaderSafeLineIsRefused(String key, String kind, String problem)
      throws Exception {
    Path secret = Files.writeString(dir.resolve("secret"), content(kind));
    Path file = Files.writeString(dir.resolve("runneriq.yaml"), yaml(key, secret.toString()));
    String field = key.substring(key.indexOf('.') + 1);
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(FormatException.class)
        .hasMessageContaining(file + ": /" + key.replace('.', '/') + ": field '" + field + "'")
        .hasMessageContaining(secret.toString())
        .hasMessageContaining(problem)
        .hasMessageNotContaining("s3cr3t")
        .hasMessageNotContaining("second-line");
  }

  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource({
    "RUNNERIQ_GITLAB_TOKEN, two lines, has 2 non-empty lines",
    "RUNNERIQ_GITLAB_WEBHOOK_SECRET, a zero-width space, invisible or non-ASCII",
    "RUNNERIQ_API_TOKEN, a control character, a control",
    "RUNNERIQ_CARBON_TOKEN, a tab, a control",
    "RUNNERIQ_LLM_API_KEY, a non-breaking space, invisible or non-ASCII",
  })
  void aSecretInTheEnvironmentIsCheckedTheSameWay(String variable, String kind, String problem)
      throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("runneriq.yaml"),
            "carbon:\n  provider: electricitymaps\nllm:\n  provider: anthropic\n");
    var env =
        new java.util.HashMap<>(
            Map.of("RUNNERIQ_CARBON_TOKEN", "em-token", "RUNNERIQ_LLM_API_KEY", "sk-key"));
    env.put(variable, content(kind));
    assertThatThrownBy(() -> ConfigLoader.load(file, env))
        .isInstanceOf(FormatException.class)
        .hasMessageStartingWith("environment " + variable + ": ")
        .hasMessageContaining(problem)
        .hasMessageNotContaining("s3cr3t")
        .hasMessageNotContaining("second-line");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"gitlab.token_file", "llm.key_file"})
  void aTrailingNewlineAndSpacesInsideAreFine(String key) throws Exception {
    Path secret = Files.writeString(dir.resolve("secret"), "\n  a webhook secret phrase  \n\n");
    Path file = Files.writeString(dir.resolve("runneriq.yaml"), yaml(key, secret.toString()));
    assertThatCode(() -> ConfigLoader.load(file, Map.of())).doesNotThrowAnyException();
  }
}
