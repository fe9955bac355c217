package dev.runneriq.app.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.formats.Node;

/**
 * The {@code gate} section of {@code runneriq.yaml} as a tree and back. Gate mode ({@code mode:
 * gate}) needs at least one project: RunnerIQ plays no job of a project that did not opt in.
 */
final class GateSection {
  private GateSection() {}

  static void defaults(ObjectNode root) {
    var d = GateConfig.DEFAULT;
    var gate = root.putObject("gate");
    gate.put("dry_run", d.dryRun());
    gate.putArray("projects");
    gate.putArray("leave_jobs");
    gate.put("beyond_free", d.beyondFree());
    gate.put("writes_per_minute", d.writesPerMinute());
    gate.put("instance", d.instance());
  }

  static GateConfig bind(Node root, String mode) {
    var gate = root.object("gate");
    var projects = gate.strings("projects");
    if (mode.equals("gate") && projects.isEmpty()) {
      throw gate.error(
          "projects",
          "lists the projects gate mode may act in (those that include"
              + " templates/runneriq-gate.gitlab-ci.yml), but is empty");
    }
    for (String p : projects) {
      if (p.isBlank()) {
        throw gate.error("projects", "must not hold a blank entry");
      }
    }
    return new GateConfig(
        gate.bool("dry_run", false),
        projects,
        gate.strings("leave_jobs"),
        (int) gate.integerBetween("beyond_free", 0, 1_000),
        (int) gate.integerBetween("writes_per_minute", 1, 100_000),
        gate.string("instance").strip());
  }
}
