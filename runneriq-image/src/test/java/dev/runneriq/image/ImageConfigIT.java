package dev.runneriq.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.jar.JarInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the image built by Jib declares and holds, read from target/runneriq-image.tar. */
class ImageConfigIT {
  private static final String CONFIG_FILE = "/etc/runneriq/runneriq.yaml";

  private static ImageTar image;
  private static JsonNode config;
  private static Map<String, TarArchiveEntry> entries;

  @BeforeAll
  static void read() throws IOException {
    image = ImageTar.built();
    config = image.config().path("config");
    entries = image.entries();
  }

  @Test
  void isTaggedWithTheNameTheManifestsUse() {
    assertThat(image.manifest().path("RepoTags").get(0).asText())
        .isEqualTo(System.getProperty("runneriq.image.name"));
  }

  @Test
  void entrypointRunsTheAppsMainClassOnTheImagesOwnJavaSizedForContainers() throws IOException {
    List<String> entrypoint = ImageTar.strings(config.path("Entrypoint"));
    assertThat(entrypoint).as("Entrypoint").isNotEmpty();
    String java = entrypoint.get(0);
    assertThat(entries).as("the image holds the entrypoint's java").containsKey(java);
    assertThat(entries.get(java).getMode() & 0111).as(java + " is executable").isEqualTo(0111);
    assertThat(entrypoint)
        .contains("-XX:+ExitOnOutOfMemoryError")
        .anyMatch(a -> a.matches("-XX:MaxRAMPercentage=\\d+(\\.\\d+)?"));
    // the C library's arenas are memory outside the heap: two, not eight per core
    assertThat(env("MALLOC_ARENA_MAX")).isEqualTo("2");

    String mainClass = text("/app/jib-main-class-file").strip();
    assertThat(entrypoint.get(entrypoint.size() - 1)).isEqualTo(mainClass);
    assertThat(appJarClasses()).contains(mainClass.replace('.', '/') + ".class");
  }

  @Test
  void classpathNamesEveryJarTheImageHoldsAndNoJarItLacks() throws IOException {
    List<String> entrypoint = ImageTar.strings(config.path("Entrypoint"));
    int cp = entrypoint.indexOf("-cp");
    assertThat(cp).as("-cp in " + entrypoint).isPositive();
    String file = entrypoint.get(cp + 1).substring(1); // @/app/jib-classpath-file
    // Jib names /app/classes and /app/resources too; this module has neither, and Java skips them
    List<String> jars =
        Arrays.stream(text(file).strip().split(":")).filter(e -> e.endsWith(".jar")).toList();
    List<String> held =
        entries.keySet().stream().filter(p -> p.startsWith("/app/") && p.endsWith(".jar")).toList();
    assertThat(jars).containsExactlyInAnyOrderElementsOf(held);
    assertThat(jars).anyMatch(j -> j.matches("/app/libs/runneriq-app-.*\\.jar"));
  }

  @Test
  void defaultArgumentsServeWithTheConfigFileTheImageShips() throws IOException {
    assertThat(ImageTar.strings(config.path("Cmd")))
        .containsExactly("serve", "--config", CONFIG_FILE);
    JsonNode yaml = new ObjectMapper(new YAMLFactory()).readTree(text(CONFIG_FILE));
    assertThat(yaml.path("server").path("host").asText())
        .as("the service must listen beyond the container's loopback")
        .isEqualTo("0.0.0.0");
    String port = yaml.path("server").path("port").asText();
    assertThat(config.path("ExposedPorts").has(port + "/tcp"))
        .as("ExposedPorts " + config.path("ExposedPorts") + " holds the configured port " + port)
        .isTrue();
  }

  @Test
  void runsAsANumericNonRootUserThatTheImageNames() throws IOException {
    String user = config.path("User").asText();
    assertThat(user).matches("\\d+:\\d+");
    String uid = user.split(":")[0];
    assertThat(uid).isNotEqualTo("0");
    assertThat(text("/etc/passwd").lines()).anyMatch(l -> l.split(":")[2].equals(uid));
    String workDir = config.path("WorkingDir").asText();
    assertThat(entries.get(workDir).getMode() & 0777)
        .as("the working folder %s is writable by uid %s", workDir, uid)
        .isEqualTo(0777);
  }

  @Test
  void javaHomeHoldsAJlinkedRuntimeOfJava21OrNewerWithTheModulesTheAppUses() throws IOException {
    String javaHome = env("JAVA_HOME");
    assertThat(env("PATH").split(":")).contains(javaHome + "/bin");
    String release = text(javaHome + "/release");
    String version = release.lines().filter(l -> l.startsWith("JAVA_VERSION=")).findFirst().get();
    assertThat(Integer.parseInt(version.replaceAll("JAVA_VERSION=\"(\\d+).*", "$1")))
        .isGreaterThanOrEqualTo(21);
    assertThat(release).contains("java.sql", "java.net.http", "java.management");
    assertThat(entries)
        .containsKeys("/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/libc.so.6");
    assertThat(text("/usr/share/doc/runneriq-image/c-libraries.txt"))
        .as("where the C library files came from")
        .contains("libc.so.6");
  }

  @Test
  void labelsFollowTheOciAnnotations() {
    JsonNode labels = config.path("Labels");
    String name = System.getProperty("runneriq.image.name");
    assertThat(labels.path("org.opencontainers.image.version").asText())
        .isEqualTo(name.substring(name.lastIndexOf(':') + 1));
    assertThat(labels.path("org.opencontainers.image.licenses").asText()).isEqualTo("Apache-2.0");
    assertThat(labels.path("org.opencontainers.image.title").asText()).isEqualTo("RunnerIQ");
    assertThat(labels.has("org.opencontainers.image.source")).isTrue();
  }

  private static List<String> appJarClasses() throws IOException {
    String jar =
        entries.keySet().stream()
            .filter(p -> p.matches("/app/libs/runneriq-app-.*\\.jar"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no runneriq-app jar in /app/libs"));
    var names = new ArrayList<String>();
    try (var in = new JarInputStream(new ByteArrayInputStream(image.read(jar)))) {
      for (var e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
        names.add(e.getName());
      }
    }
    return names;
  }

  private static String env(String name) {
    for (JsonNode e : config.path("Env")) {
      if (e.asText().startsWith(name + "=")) {
        return e.asText().substring(name.length() + 1);
      }
    }
    throw new AssertionError("the image sets no " + name + ": " + config.path("Env"));
  }

  private static String text(String path) throws IOException {
    return new String(image.read(path), StandardCharsets.UTF_8);
  }
}
