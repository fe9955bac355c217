package dev.runneriq.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.app.config.ConfigLoader;
import dev.runneriq.app.gate.Actuator;
import dev.runneriq.app.gate.Gates;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.gitlab.Secret;
import dev.runneriq.gitlab.client.GitLabClient;
import dev.runneriq.gitlab.client.GitLabConfig;
import dev.runneriq.store.ActionQuery;
import dev.runneriq.store.AuditStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change of runneriq.yaml while the service runs: mode and gate.dry_run take effect at once and
 * are recorded; a file that no longer loads changes nothing.
 */
class ConfigReloadTest {
  @TempDir Path dir;

  Path write(Path file, String mode, boolean dryRun, int second) throws Exception {
    Files.writeString(
        file,
        """
        mode: %s
        store:
          sqlite: %s
        gate:
          projects: [shop/web]
          dry_run: %s
        """
            .formatted(mode, dir.resolve("audit.db"), dryRun));
    // a distinct modification time each write, as an editor's save would give
    Files.setLastModifiedTime(
        file, FileTime.from(Instant.parse("2026-12-01T08:00:00Z").plusSeconds(second)));
    return file;
  }

  @Test
  void modeAndDryRunTakeEffectAtOnceAndABrokenFileChangesNothing() throws Exception {
    Path file = write(dir.resolve("runneriq.yaml"), "gate", false, 0);
    var loaded = ConfigLoader.load(file, Map.of());
    var store = AuditStore.open(loaded.service().store());
    try (Actuator gate =
        Gates.actuator(
            Engine.standard(loaded.engine()),
            loaded.service(),
            store,
            new GitLabClient(
                GitLabConfig.builder(URI.create("http://127.0.0.1:9"), Secret.of("t")).build()),
            InstantSource.system(),
            ConfigReload.changedAt(file))) {
      var reload = new ConfigReload(file, Map.of(), gate, Duration.ofHours(1));
      assertThat(gate.mode()).isEqualTo("gate");

      reload.check(); // unchanged: nothing to do
      assertThat(store.actions().query(ActionQuery.all(10))).isEmpty();

      write(file, "advisory", false, 1);
      reload.check();
      assertThat(gate.mode()).isEqualTo("advisory");

      write(file, "gate", true, 2);
      reload.check();
      assertThat(gate.mode()).isEqualTo("gate");
      assertThat(gate.status().dryRun()).isTrue();

      Files.writeString(file, "mode: [gate\n");
      Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-12-01T08:00:03Z")));
      reload.check();
      assertThat(gate.mode()).isEqualTo("gate");
      assertThat(gate.status().dryRun()).isTrue();

      write(file, "route", true, 4);
      reload.check();
      assertThat(gate.mode()).as("a mode serve cannot switch to is not taken").isEqualTo("gate");

      var rows = store.actions().query(ActionQuery.all(10));
      assertThat(rows)
          .extracting(a -> a.modeFrom() + " -> " + a.modeTo() + " by " + a.askedBy())
          .containsExactly(
              "gate -> gate (dry run) by config reload",
              "advisory -> gate by config reload",
              "gate -> advisory by config reload");
      assertThat(rows).allMatch(a -> a.reason().equals(file + " changed"));
    }
  }
}
