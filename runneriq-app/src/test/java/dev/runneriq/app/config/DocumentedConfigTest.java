package dev.runneriq.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runneriq.app.MarkdownBlocks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runneriq.yaml examples the README, docs/CARBON.md and docs/LLM.md show are valid
 * configuration: each is loaded as written, with the files it names (under /etc/runneriq) created
 * in a temporary folder.
 */
class DocumentedConfigTest {
  @TempDir Path dir;

  static List<String> yamlBlocks(String markdownPath) throws Exception {
    return MarkdownBlocks.of("yaml", markdownPath);
  }

  ConfigLoader.Loaded load(String yaml) throws Exception {
    Path etc = Files.createDirectories(dir.resolve("etc"));
    for (String secret : List.of("gitlab-token", "hook-secret", "api-token", "em-token")) {
      Files.writeString(etc.resolve(secret), "value-of-" + secret + "\n");
    }
    Files.writeString(
        etc.resolve("fleet.yaml"),
        "format: runneriq.fleet/v1\nrunners:\n  - {id: 11, name: a, concurrency: 4, zone: DE}\n");
    Path file = dir.resolve("runneriq.yaml");
    Files.writeString(file, yaml.replace("/etc/runneriq/", etc + "/"));
    return ConfigLoader.load(file, Map.of());
  }

  @Test
  void theReadmesServiceExampleLoadsWithCarbonAndFleet() throws Exception {
    var blocks =
        yamlBlocks("README.md").stream().filter(b -> b.startsWith("# runneriq.yaml")).toList();
    assertThat(blocks).hasSize(1);

    var s = load(blocks.getFirst()).service();

    assertThat(s.gitlab().url()).hasToString("https://gitlab.example.com");
    assertThat(s.gitlab().token().reveal()).isEqualTo("value-of-gitlab-token");
    assertThat(s.carbon().provider().provider()).isEqualTo("electricitymaps");
    assertThat(s.carbon().provider().token()).isEqualTo("value-of-em-token");
    assertThat(s.sites().fallback().zone()).isEqualTo("GB");
    assertThat(s.sites().zoneByTag()).containsEntry("eu-central", "DE");
    assertThat(s.sites().byId()).containsKey(11L);
    assertThat(s.retention()).isEqualTo(java.time.Duration.ofDays(90));
  }

  @Test
  void theServiceDocsLoggingExampleLoadsWithItsLevels() throws Exception {
    var blocks =
        yamlBlocks("docs/SERVICE.md").stream()
            .filter(b -> b.startsWith("# runneriq.yaml\nlogging:"))
            .toList();
    assertThat(blocks).hasSize(1);

    var logging = load(blocks.getFirst()).logging();

    assertThat(logging.format()).isEqualTo(LoggingConfig.Format.JSON);
    assertThat(logging.level()).isEqualTo("info");
    assertThat(logging.levels())
        .containsEntry("dev.runneriq.gitlab", "debug")
        .containsEntry("org.eclipse.jetty", "warn");
  }

  @Test
  void theGateDocsConfigurationExampleLoadsInGateMode() throws Exception {
    var blocks =
        yamlBlocks("docs/ACTIVE.md").stream().filter(b -> b.startsWith("# runneriq.yaml")).toList();
    assertThat(blocks).hasSize(1);

    var loaded = load(blocks.getFirst());

    assertThat(loaded.engine().mode()).isEqualTo("gate");
    var gate = loaded.service().gate();
    assertThat(gate.dryRun()).isTrue();
    assertThat(gate.gates("platform/ci-templates")).isTrue();
    assertThat(gate.gates("shop/api")).isFalse();
    assertThat(gate.leaves("verify-prod")).isTrue();
    var preempt = gate.preempt();
    assertThat(preempt).isNotNull();
    assertThat(preempt.rule().after()).isEqualTo(java.time.Duration.ofMinutes(3));
    assertThat(preempt.rule().perHour()).isEqualTo(6);
    assertThat(preempt.names("shop/web", "e2e-chrome")).isTrue();
    assertThat(preempt.names("shop/web", "lint")).isFalse();
    assertThat(preempt.names("platform/tools/cli", "lint")).isTrue();
  }

  @Test
  void preemptionIsOffUnlessEnabledAndNeedsTheJobsItMayCancel() throws Exception {
    String gate = "mode: gate\ngate:\n  projects: [shop/web]\n";
    assertThat(load(gate).service().gate().preempt()).isNull();
    assertThatThrownBy(() -> load(gate + "  preempt: {enabled: true}\n"))
        .hasMessageContaining("/gate/preempt/jobs")
        .hasMessageContaining("interruptible");
    String on = gate + "  preempt:\n    enabled: true\n";
    assertThatThrownBy(() -> load(on + "    jobs: [{project: shop/web, name: lint}]\n"))
        .hasMessageContaining("/gate/preempt/jobs/0/name")
        .hasMessageContaining("(project, job)");
    assertThatThrownBy(() -> load(on + "    per_hour: -1\n    jobs: [{job: lint}]\n"))
        .hasMessageContaining("/gate/preempt/per_hour");
    var anyProject = load(on + "    jobs: [{job: \"lint*\"}]\n").service().gate().preempt();
    assertThat(anyProject).isNotNull();
    assertThat(anyProject.names("any/project", "lint-docs")).isTrue();
  }

  @Test
  void gateModeWithoutProjectsIsRefusedNamingTheKey() throws Exception {
    assertThatThrownBy(() -> load("mode: gate\n"))
        .hasMessageContaining("/gate/projects")
        .hasMessageContaining("templates/runneriq-gate.gitlab-ci.yml");
  }

  @Test
  void everyOtherYamlExampleOfTheReadmeAndTheCarbonAndLlmDocsLoads() throws Exception {
    var blocks = new ArrayList<String>();
    yamlBlocks("README.md").stream()
        .filter(b -> !b.startsWith("# runneriq.yaml"))
        .forEach(blocks::add);
    blocks.addAll(yamlBlocks("docs/CARBON.md"));
    blocks.addAll(yamlBlocks("docs/LLM.md"));
    assertThat(blocks).isNotEmpty();
    for (String b : blocks) {
      assertThat(load(b).engine()).as(b).isNotNull();
    }
  }

  @Test
  void theReportDocsBudgetsExampleLoads() throws Exception {
    var blocks =
        yamlBlocks("docs/REPORT.md").stream().filter(b -> b.startsWith("# runneriq.yaml")).toList();
    assertThat(blocks).hasSize(1);

    var budgets = load(blocks.getFirst()).service().budgets().kgPerMonth();

    assertThat(budgets)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("shop", 50.0, "shop/backend", 20.0, "docs", 5.0));
  }
}
