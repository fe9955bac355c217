package dev.runneriq.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runneriq.formats.Documents;
import dev.runneriq.formats.FormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceConfigTest {
  @TempDir Path dir;

  ServiceConfig load(String yaml, Map<String, String> env) throws Exception {
    Path file = dir.resolve("runneriq.yaml");
    Files.writeString(file, yaml);
    return ConfigLoader.load(file, env).service();
  }

  @Test
  void defaultsServeLocallyWithASqliteLogAndAuthOn() {
    var s = ConfigLoader.load(null, Map.of()).service();
    assertThat(s.server().host()).isEqualTo("127.0.0.1");
    assertThat(s.server().port()).isEqualTo(8080);
    assertThat(s.server().auth()).isTrue();
    assertThat(s.server().metricsOpen()).isFalse();
    assertThat(s.store().isSqlite()).isTrue();
    assertThat(s.store().url()).endsWith("runneriq-audit.db");
    assertThat(s.gitlab().url()).isNull();
    assertThat(s.gitlab().token()).isNull();
    assertThat(s.gitlab().scope().isEverything()).isTrue();
    assertThat(s.gitlab().pollInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.gitlab().maxPages()).as("100,000 pending jobs in pages of 100").isEqualTo(2000);
    assertThat(s.retention()).as("the audit log keeps everything unless told").isZero();
  }

  @Test
  void everySectionIsReadFromTheFile() throws Exception {
    Files.writeString(dir.resolve("token"), "glpat-from-file\n");
    var s =
        load(
            """
            gitlab:
              url: https://gitlab.example.com
              token_file: %s
              scope:
                groups: [platform]
                projects: [shop/web, "42"]
              poll_interval_s: 15
              max_pages: 3000
              concurrency:
                default: 2
                by_id: {"11": 4}
                by_name: {fr-docker-1: 8}
                by_tag: {gpu: 1}
            store:
              url: jdbc:postgresql://db:5432/runneriq
              user: runneriq
            server:
              host: 0.0.0.0
              port: 9090
              auth: false
              metrics_open: true
            """
                .formatted(dir.resolve("token")),
            Map.of("RUNNERIQ_STORE_PASSWORD", "pw"));
    var g = s.gitlab();
    assertThat(g.url()).hasToString("https://gitlab.example.com");
    assertThat(g.token()).isNotNull();
    assertThat(g.token().reveal()).isEqualTo("glpat-from-file");
    assertThat(g.scope().groups()).containsExactly("platform");
    assertThat(g.scope().projects()).containsExactly("shop/web", "42");
    assertThat(g.pollInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(g.concurrency().fallback()).isEqualTo(2);
    assertThat(g.concurrency().byId()).containsEntry(11L, 4);
    assertThat(g.concurrency().byName()).containsEntry("fr-docker-1", 8);
    assertThat(g.concurrency().byTag()).containsEntry("gpu", 1);
    assertThat(g.client().baseUrl()).hasToString("https://gitlab.example.com");
    assertThat(g.client().maxPages()).as("gitlab.max_pages reaches the client").isEqualTo(3000);
    assertThat(s.store().isSqlite()).isFalse();
    assertThat(s.store().user()).isEqualTo("runneriq");
    assertThat(s.store().password()).isEqualTo("pw");
    assertThat(s.server()).isEqualTo(new ServiceConfig.Server("0.0.0.0", 9090, null, false, true));
  }

  @Test
  void secretsComeFromTheEnvironmentBeforeFilesAndNeverFromTheTree() throws Exception {
    Files.writeString(dir.resolve("api"), "from-file");
    var loaded =
        ConfigLoader.load(
            write("server:\n  api_token_file: " + dir.resolve("api") + "\n"),
            Map.of(
                "RUNNERIQ_GITLAB_TOKEN", "glpat-secret-env",
                "RUNNERIQ_GITLAB_WEBHOOK_SECRET", "hook-secret-env",
                "RUNNERIQ_API_TOKEN", "api-secret-env",
                "RUNNERIQ_GITLAB_URL", "http://127.0.0.1:9999"));
    var s = loaded.service();
    assertThat(s.gitlab().token().reveal()).isEqualTo("glpat-secret-env");
    assertThat(s.gitlab().webhookSecret().reveal()).isEqualTo("hook-secret-env");
    assertThat(s.server().apiToken().reveal()).isEqualTo("api-secret-env");
    assertThat(s.gitlab().url()).hasToString("http://127.0.0.1:9999");
    String tree = Documents.YAML.writeValueAsString(loaded.effective());
    assertThat(tree)
        .doesNotContain("glpat-secret-env")
        .doesNotContain("hook-secret-env")
        .doesNotContain("api-secret-env");
    assertThat(s.toString()).doesNotContain("secret-env");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "token in the file | gitlab:\\n  token: glpat-x | /gitlab/token: secrets are not read from the config file: use RUNNERIQ_GITLAB_TOKEN",
        "api token in the file | server:\\n  api_token: x | use RUNNERIQ_API_TOKEN",
        "bad url | gitlab:\\n  url: ftp://x | /gitlab/url: field 'url' must be an http or https URL",
        "poll too fast | gitlab:\\n  poll_interval_s: 0 | /gitlab/poll_interval_s",
        "no pages | gitlab:\\n  max_pages: 0 | /gitlab/max_pages: field 'max_pages' must be a positive integer, but was 0",
        "pages past an int | gitlab:\\n  max_pages: 3000000000 | /gitlab/max_pages: field 'max_pages' must be a positive integer, but was 3000000000",
        "pages not a number | gitlab:\\n  max_pages: many | /gitlab/max_pages: field 'max_pages' must be an integer, found",
        "pages a fraction | gitlab:\\n  max_pages: 1.5 | /gitlab/max_pages: field 'max_pages' must be an integer, found",
        "bad port | server:\\n  port: 70000 | /server/port: field 'port' must be between 0 and 65535, but was 70000",
        "auth not a boolean | server:\\n  auth: maybe | /server/auth",
        "concurrency zero | gitlab:\\n  concurrency:\\n    by_tag: {gpu: 0} | /gitlab/concurrency/by_tag/gpu: field 'by_tag/gpu' must be at least 1, but was 0",
        "runner id not a number | gitlab:\\n  concurrency:\\n    by_id: {abc: 2} | by_id/abc",
        "missing token file | gitlab:\\n  token_file: /nonexistent/token | /gitlab/token_file: field 'token_file' cannot read /nonexistent/token",
        "unknown store key | store:\\n  sqlit: x | unknown key 'store.sqlit' (did you mean 'sqlite'?)",
        "bad store url | store:\\n  url: mysql://x | /store/url",
        "negative retention | store:\\n  retention_days: -1 | /store/retention_days: field 'retention_days' must be between 0 and 36500, but was -1",
        "unknown provider | carbon:\\n  provider: watttime | /carbon/provider: field 'provider' must be one of none, electricitymaps, uk, csv, static, but was watttime",
        "token in the file | carbon:\\n  token: abc | /carbon/token: secrets are not read from the config file: use RUNNERIQ_CARBON_TOKEN",
        "electricitymaps without a token | carbon:\\n  provider: electricitymaps | electricitymaps needs an API token: set RUNNERIQ_CARBON_TOKEN",
        "csv without a path | carbon:\\n  provider: csv | /carbon/path: field 'path' is required for provider csv",
        "refresh zero | carbon:\\n  provider: static\\n  refresh_s: 0 | /carbon/refresh_s: field 'refresh_s' must be between 1 and 86400, but was 0",
        "missing token file | carbon:\\n  provider: electricitymaps\\n  token_file: /nonexistent/em | /carbon/token_file: field 'token_file' cannot read /nonexistent/em",
        "negative watts | fleet:\\n  watts: -5 | /fleet/watts: field 'watts' must be 0 or more, but was -5",
        "zero speed | fleet:\\n  speed: 0 | /fleet/speed: field 'speed' must be between 0.01 and 100, but was 0.0",
        "speed near zero | fleet:\\n  speed: 1e-300 | /fleet/speed: field 'speed' must be between 0.01 and 100, but was 1.0E-300",
        "empty zone by tag | fleet:\\n  zone_by_tag: {gpu: ''} | /fleet/zone_by_tag/gpu",
        "unknown fleet key | fleet:\\n  zones: x | unknown key 'fleet.zones' (did you mean 'zone'?)",
      })
  void badServiceConfigNamesTheKey(String name, String yaml, String message) throws Exception {
    Path file = write(yaml.replace("\\n", "\n"));
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(FormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining(message);
  }

  @Test
  void serveNeedsAUrlAndAToken() {
    var g = ConfigLoader.load(null, Map.of()).service().gitlab();
    assertThatThrownBy(g::client).hasMessageContaining("gitlab.url is required");
    var withUrl =
        ConfigLoader.load(null, Map.of("RUNNERIQ_GITLAB_URL", "https://gitlab.example.com"))
            .service()
            .gitlab();
    assertThatThrownBy(withUrl::client).hasMessageContaining("RUNNERIQ_GITLAB_TOKEN");
  }

  @Test
  void listsCanBeSetFromTheEnvironment() {
    var s =
        ConfigLoader.load(null, Map.of("RUNNERIQ_GITLAB_SCOPE_PROJECTS", "[a/b, c/d]")).service();
    assertThat(s.gitlab().scope().projects()).isEqualTo(List.of("a/b", "c/d"));
  }

  private Path write(String yaml) throws Exception {
    Path file = dir.resolve("runneriq.yaml");
    Files.writeString(file, yaml);
    return file;
  }
}
