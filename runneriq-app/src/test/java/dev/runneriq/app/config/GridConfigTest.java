package dev.runneriq.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runneriq.formats.Documents;
import dev.runneriq.formats.FormatException;
import dev.runneriq.gitlab.mapping.RunnerSites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The carbon provider keys and the {@code fleet} section of runneriq.yaml (bad values: in {@link
 * ServiceConfigTest}).
 */
class GridConfigTest {
  static final String EM_TOKEN = "em-token-from-env-93c1";

  @TempDir Path dir;

  Path write(String yaml) throws Exception {
    Path file = dir.resolve("runneriq.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void byDefaultNoProviderIsAskedAndNoRunnerHasAZone() {
    var s = ConfigLoader.load(null, Map.of()).service();
    assertThat(s.carbon()).isNull();
    assertThat(s.sites()).isEqualTo(RunnerSites.unknown());
  }

  @Test
  void theProviderKeysBindWithTheTokenFromTheEnvironmentOnly() throws Exception {
    var loaded =
        ConfigLoader.load(
            write(
                """
                carbon:
                  provider: electricitymaps
                  url: http://127.0.0.1:9/
                  timeout_ms: 2500
                  refresh_s: 600
                  max_delay_minutes: {LOW: 240}
                """),
            Map.of("RUNNERIQ_CARBON_TOKEN", EM_TOKEN));
    var c = loaded.service().carbon();
    assertThat(c).isNotNull();
    assertThat(c.provider().provider()).isEqualTo("electricitymaps");
    assertThat(c.provider().url()).isEqualTo("http://127.0.0.1:9/");
    assertThat(c.provider().token()).isEqualTo(EM_TOKEN);
    assertThat(c.provider().timeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(c.refresh()).isEqualTo(Duration.ofMinutes(10));
    // the engine's carbon policy shares the section
    assertThat(loaded.engine().carbon().maxDelay(dev.runneriq.core.model.Tier.LOW))
        .isEqualTo(Duration.ofHours(4));
    assertThat(Documents.YAML.writeValueAsString(loaded.effective())).doesNotContain(EM_TOKEN);
    assertThat(c.toString()).doesNotContain(EM_TOKEN);
  }

  @Test
  void theTokenMayComeFromAFile() throws Exception {
    Path token = dir.resolve("em-token");
    Files.writeString(token, "em-token-from-file\n");
    var c =
        ConfigLoader.load(
                write("carbon:\n  provider: electricitymaps\n  token_file: " + token + "\n"),
                Map.of())
            .service()
            .carbon();
    assertThat(c.provider().token()).isEqualTo("em-token-from-file");
  }

  @Test
  void aFleetFileGivesZonesPowerSpeedAndCapacityByIdAndTheRestComeFromTheSection()
      throws Exception {
    Path fleet = dir.resolve("fleet.yaml");
    Files.writeString(
        fleet,
        """
        format: runneriq.fleet/v1
        runners:
          - {id: 11, name: fr-docker-1, concurrency: 6, zone: FR, watts: 120, speed: 1.5}
          - {id: 12, name: de-docker-1, concurrency: 3, zone: DE}
        """);
    var s =
        ConfigLoader.load(
                write(
                    """
                    gitlab:
                      concurrency:
                        by_id: {"12": 5}
                    fleet:
                      file: %s
                      zone: GB
                      watts: 90
                      zone_by_tag: {us-west: US-CAL-CISO}
                    """
                        .formatted(fleet)),
                Map.of())
            .service();
    var sites = s.sites();
    assertThat(sites.byId().get(11L)).isEqualTo(new RunnerSites.Site("FR", 120, 1.5));
    assertThat(sites.byId().get(12L)).isEqualTo(new RunnerSites.Site("DE", 100, 1.0));
    assertThat(sites.zoneByTag()).containsEntry("us-west", "US-CAL-CISO");
    assertThat(sites.fallback()).isEqualTo(new RunnerSites.Site("GB", 90, 1.0));
    // the file's capacity joins by_id; an explicit by_id entry wins
    assertThat(s.gitlab().concurrency().byId()).containsEntry(11L, 6).containsEntry(12L, 5);
  }

  @Test
  void aBrokenFleetFileIsNamedWithItsLineAndField() throws Exception {
    Path fleet = dir.resolve("fleet.yaml");
    Files.writeString(
        fleet, "format: runneriq.fleet/v1\nrunners:\n  - {id: 11, name: a, concurrency: 0}\n");
    Path file = write("fleet:\n  file: " + fleet + "\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(FormatException.class)
        .hasMessageContaining(fleet.toString())
        .hasMessageContaining("concurrency");
  }
}
