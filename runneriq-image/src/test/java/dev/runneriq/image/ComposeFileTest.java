package dev.runneriq.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.runneriq.app.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** deploy/compose/: RunnerIQ beside PostgreSQL, with the names the app and the image use. */
class ComposeFileTest {
  private static Path dir;
  private static JsonNode compose;

  @BeforeAll
  static void read() throws IOException {
    dir = Manifests.deployDir().resolve("compose");
    compose = read(dir.resolve("compose.yaml"));
  }

  static JsonNode read(Path file) throws IOException {
    var factory =
        YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    return YAMLMapper.builder(factory).build().readTree(file.toFile());
  }

  static JsonNode runneriq() {
    JsonNode service = compose.path("services").path("runneriq");
    assertThat(service.isObject()).as("services.runneriq in compose.yaml").isTrue();
    return service;
  }

  @Test
  void runsTheImageTheBuildMakesAfterPostgresqlIsHealthy() {
    assertThat(runneriq().path("image").asText())
        .isEqualTo(System.getProperty("runneriq.image.name"));
    String db = runneriq().path("depends_on").fieldNames().next();
    assertThat(runneriq().path("depends_on").path(db).path("condition").asText())
        .isEqualTo("service_healthy");
    assertThat(compose.path("services").path(db).path("image").asText()).startsWith("postgres:");
    assertThat(compose.path("services").path(db).has("healthcheck")).isTrue();
  }

  @Test
  void itsConfigAndEnvironmentGiveTheAppEverySecretAndTheDatabase() throws IOException {
    Map<String, String> env = new HashMap<>();
    runneriq().path("environment").fieldNames().forEachRemaining(k -> env.put(k, "from-" + k));
    var service = ConfigLoader.load(dir.resolve("runneriq.yaml"), env).service();
    // each secret is set only if its variable has the name the app reads
    assertThat(service.gitlab().token()).as("GitLab token").isNotNull();
    assertThat(service.gitlab().webhookSecret()).as("webhook secret").isNotNull();
    assertThat(service.server().apiToken()).as("API token").isNotNull();
    assertThat(service.store().password()).as("store password").isNotNull();
    // the database, user and password PostgreSQL is started with are the ones the app uses
    JsonNode pg = compose.path("services").path("postgresql").path("environment");
    assertThat(service.store().url())
        .endsWith("//postgresql:5432/" + pg.path("POSTGRES_DB").asText());
    assertThat(service.store().user()).isEqualTo(pg.path("POSTGRES_USER").asText());
    assertThat(pg.path("POSTGRES_PASSWORD").asText())
        .isEqualTo(runneriq().path("environment").path("RUNNERIQ_STORE_PASSWORD").asText());
    assertThat(service.server().host()).isEqualTo("0.0.0.0");
    assertThat(runneriq().path("ports").get(0).asText()).endsWith(":" + service.server().port());
  }

  @Test
  void theExampleEnvironmentFileNamesEveryVariableTheComposeFileAsksFor() throws IOException {
    var example = new HashMap<String, String>();
    for (String line : Files.readAllLines(dir.resolve(".env.example"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        example.put(line.substring(0, line.indexOf('=')), line);
      }
    }
    runneriq()
        .path("environment")
        .forEach(
            v -> {
              String var = v.asText().replaceAll("^\\$\\{([A-Z_]+).*", "$1");
              assertThat(example).as(".env.example").containsKey(var);
            });
  }
}
