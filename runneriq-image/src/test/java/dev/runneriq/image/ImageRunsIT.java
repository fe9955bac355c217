package dev.runneriq.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image runs: its file system extracted, its entrypoint started as its user with only its
 * environment, in a namespace of its own. Nothing of the host's Java or C library can be reached.
 */
class ImageRunsIT {
  // generous: the machine that builds may be busy with other builds
  private static final Duration START_DEADLINE = Duration.ofSeconds(150);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  @TempDir static Path work;
  private static Path root;
  private static JsonNode config;

  @BeforeAll
  static void extract() throws IOException {
    String why = ContainerProcess.unavailable();
    // CI runs as root on Linux, so there these tests always run
    assumeTrue(why == null, () -> "not run: " + why);
    var image = ImageTar.built();
    config = image.config().path("config");
    root = work.resolve("rootfs");
    Files.createDirectories(root);
    image.extractTo(root);
    // the image's / is 755 as in a container, not the 700 of a temporary folder
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void printsItsVersionThroughTheEntrypoint() throws Exception {
    var out = work.resolve("version.txt");
    var p = start(Map.of(), List.of("--version"), out);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("--version ends within 60 s").isTrue();
    String version = config.path("Labels").path("org.opencontainers.image.version").asText();
    assertThat(Files.readString(out))
        .as("exit %d", p.exitValue())
        .isEqualTo("runneriq " + version + "\n");
    assertThat(p.exitValue()).isZero();
  }

  @Test
  void servesHealthAndReadinessWithItsDefaultArgumentsAndWritesItsAuditLogAsItsUser()
      throws Exception {
    int port;
    try (var s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    var env = new LinkedHashMap<String, String>();
    // nothing listens on the discard port: GitLab is down, the service must still be alive
    env.put("RUNNERIQ_GITLAB_URL", "http://127.0.0.1:9");
    env.put("RUNNERIQ_GITLAB_TOKEN", "image-test-token");
    env.put("RUNNERIQ_API_TOKEN", "image-test-api-token");
    env.put("RUNNERIQ_SERVER_PORT", Integer.toString(port));
    var out = work.resolve("serve.txt");
    var p = start(env, ImageTar.strings(config.path("Cmd")), out);
    try {
      var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpResponse<String> health = poll(http, port, "/healthz", p, out);
      assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
      HttpResponse<String> ready = get(http, port, "/readyz");
      JsonNode checks = new ObjectMapper().readTree(ready.body()).path("checks");
      assertThat(checks.path("store").path("ok").asBoolean())
          .as("the SQLite audit log works in the image: " + ready.body())
          .isTrue();
      assertThat(ready.statusCode()).as("GitLab is unreachable: " + ready.body()).isEqualTo(503);
    } finally {
      assertThat(ContainerProcess.stop(p, STOP_GRACE))
          .as(
              "the service stops on SIGTERM within %s; output:%n%s",
              STOP_GRACE, Files.readString(out))
          .isTrue();
    }
    Path db = root.resolve("var/lib/runneriq/audit.db");
    assertThat(db).as("the default store.sqlite of the image's runneriq.yaml").exists();
    String uid = config.path("User").asText().split(":")[0];
    assertThat(Files.getAttribute(db, "unix:uid")).hasToString(uid);
  }

  private static Process start(Map<String, String> extraEnv, List<String> args, Path out)
      throws IOException {
    var env = new LinkedHashMap<String, String>();
    for (JsonNode e : config.path("Env")) {
      String[] kv = e.asText().split("=", 2);
      env.put(kv[0], kv[1]);
    }
    env.putAll(extraEnv);
    var command = new ArrayList<>(ImageTar.strings(config.path("Entrypoint")));
    command.addAll(args);
    return ContainerProcess.start(root, config.path("User").asText(), env, command, out);
  }

  private static HttpResponse<String> poll(
      HttpClient http, int port, String path, Process p, Path out) throws Exception {
    Instant deadline = Instant.now().plus(START_DEADLINE);
    while (Instant.now().isBefore(deadline)) {
      if (!p.isAlive()) {
        throw new AssertionError(
            "the service exited with " + p.exitValue() + ":\n" + Files.readString(out));
      }
      try {
        return get(http, port, path);
      } catch (ConnectException e) {
        Thread.sleep(500);
      }
    }
    throw new AssertionError(
        path + " did not answer within " + START_DEADLINE + "; output:\n" + Files.readString(out));
  }

  private static HttpResponse<String> get(HttpClient http, int port, String path)
      throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
