package dev.runneriq.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/systemd/runneriq.service: what it asks of systemd, and systemd's own check. */
class SystemdUnitTest {
  private static String unit;
  private static Map<String, String> keys;

  @BeforeAll
  static void read() throws IOException {
    unit = Files.readString(Manifests.deployDir().resolve("systemd/runneriq.service"));
    keys = new HashMap<>();
    for (String line : unit.lines().toList()) {
      if (line.matches("[A-Za-z]+=.*")) {
        keys.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
  }

  @Test
  void servesWithItsConfigRestartsOnFailureAndStopsGracefully() {
    assertThat(keys.get("ExecStart"))
        .contains("-jar /opt/runneriq/runneriq.jar serve --config /etc/runneriq/runneriq.yaml")
        .contains("-XX:+ExitOnOutOfMemoryError");
    assertThat(keys).containsEntry("Environment", "MALLOC_ARENA_MAX=2");
    assertThat(keys).containsEntry("Restart", "on-failure").containsEntry("KillSignal", "SIGTERM");
    assertThat(Integer.parseInt(keys.get("TimeoutStopSec"))).isGreaterThanOrEqualTo(30);
    assertThat(keys).containsEntry("StateDirectory", "runneriq");
    assertThat(keys.get("WorkingDirectory")).isEqualTo("/var/lib/" + keys.get("StateDirectory"));
  }

  @Test
  void runsAsItsOwnUnprivilegedUserInAHardenedSandbox() {
    assertThat(keys).containsEntry("User", "runneriq").containsEntry("DynamicUser", "yes");
    assertThat(keys)
        .containsEntry("NoNewPrivileges", "yes")
        .containsEntry("ProtectSystem", "strict")
        .containsEntry("PrivateTmp", "yes")
        .containsEntry("CapabilityBoundingSet", "");
  }

  @Test
  void systemdFindsNothingWrongWithIt(@TempDir Path tmp) throws Exception {
    assumeTrue(onPath("systemd-analyze"), "not run: systemd-analyze is not on PATH");
    // the unit names /usr/bin/java, which a build machine may lack: check it with this JVM's
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path copy = tmp.resolve("runneriq.service");
    Files.writeString(copy, unit.replace("ExecStart=/usr/bin/java ", "ExecStart=" + java + " "));
    var p =
        new ProcessBuilder("systemd-analyze", "verify", copy.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // an unknown key is only a warning (exit 0): any output at all is a finding
    assertThat(out).as("systemd-analyze verify, exit %d", p.exitValue()).isEmpty();
    assertThat(p.exitValue()).isZero();
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
