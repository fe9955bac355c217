package dev.runneriq.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A URL holding a password or token is refused where it is read, naming the key and where the
 * secret goes instead, and the secret is never printed: not by config check, not in the error.
 */
class UrlCredentialsTest {
  static final String SECRET = "hunter2-9f4c";

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "userinfo in gitlab.url | gitlab:\\n  url: https://root:SECRET@gitlab.example.com"
            + " | /gitlab/url: field 'url' must not hold credentials (user:password@, password=,"
            + " token=): use RUNNERIQ_GITLAB_TOKEN or gitlab.token_file",
        "userinfo in an invalid gitlab.url | gitlab:\\n  url: ftp://root:SECRET@x"
            + " | /gitlab/url: field 'url' must not hold credentials",
        "token in gitlab.url | gitlab:\\n  url: https://gitlab.example.com/?private_token=SECRET"
            + " | /gitlab/url: field 'url' must not hold credentials",
        "password in store.url | store:\\n  url: jdbc:postgresql://db/runneriq?user=r&password=SECRET"
            + " | /store/url: field 'url' must not hold credentials (user:password@, password=,"
            + " token=): use store.user and RUNNERIQ_STORE_PASSWORD",
        "userinfo in store.url | store:\\n  url: jdbc:postgresql://r:SECRET@db/runneriq"
            + " | /store/url: field 'url' must not hold credentials",
        "userinfo in llm.base_url | llm:\\n  provider: openai-compatible\\n  model: m\\n"
            + "  base_url: http://me:SECRET@localhost:11434"
            + " | /llm/base_url: field 'base_url' must not hold credentials (user:password@,"
            + " password=, token=): use RUNNERIQ_LLM_API_KEY or llm.key_file",
        "userinfo in carbon.url | carbon:\\n  provider: uk\\n  url: https://me:SECRET@api.example"
            + " | /carbon/url: field 'url' must not hold credentials",
      })
  void configCheckRefusesTheUrlNamingTheKeyAndNeverShowsTheSecret(
      String name, String yaml, String message) throws Exception {
    Path file = dir.resolve("runneriq.yaml");
    Files.writeString(file, yaml.replace("\\n", "\n").replace("SECRET", SECRET));
    var r = CliTest.run("config", "check", file.toString());
    assertThat(r.code()).as(r.out()).isEqualTo(2);
    assertThat(r.err()).contains(file + ": ").contains(message);
    assertThat(r.out() + r.err()).doesNotContain(SECRET);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "password parameter | jdbc:postgresql://127.0.0.1:9/runneriq?password=SECRET",
        "userinfo | jdbc:postgresql://r:SECRET@127.0.0.1:9/runneriq",
      })
  void logRefusesADbUrlWithCredentials(String name, String url) {
    var r = CliTest.run("log", "--db", url.replace("SECRET", SECRET));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("--db must not hold credentials")
        .contains("RUNNERIQ_STORE_PASSWORD")
        .doesNotContain(SECRET);
  }
}
