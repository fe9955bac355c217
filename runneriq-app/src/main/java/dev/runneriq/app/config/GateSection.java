package dev.runneriq.app.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.core.gate.PreemptRule;
import dev.runneriq.formats.Node;
import java.time.Duration;
import java.util.ArrayList;
import org.jspecify.annotations.Nullable;

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
    var preempt = gate.putObject("preempt");
    var rule = PreemptRule.DEFAULT;
    preempt.put("enabled", false);
    preempt.put("after_s", rule.after().toSeconds());
    preempt.put("per_hour", rule.perHour());
    preempt.putArray("jobs");
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
        gate.string("instance").strip(),
        preempt(gate.object("preempt")));
  }

  /** {@code gate.preempt}, or null when not enabled. */
  private static GateConfig.@Nullable Preempt preempt(Node preempt) {
    var rule =
        new PreemptRule(
            Duration.ofSeconds(preempt.integerBetween("after_s", 0, 86_400)),
            (int) preempt.integerBetween("per_hour", 0, 3_600));
    var jobs = new ArrayList<GateConfig.Preempt.Match>();
    for (var m : preempt.objects("jobs", false)) {
      for (String field : m.fieldNames()) {
        if (!field.equals("project") && !field.equals("job")) {
          throw m.error(field, "is not a field of a preempt rule (project, job)");
        }
      }
      String project = m.string("project", "**");
      String job = m.string("job");
      if (project.isBlank() || job.isBlank()) {
        throw m.error(project.isBlank() ? "project" : "job", "must not be blank");
      }
      jobs.add(new GateConfig.Preempt.Match(project, job));
    }
    if (!preempt.bool("enabled", false)) {
      return null;
    }
    if (jobs.isEmpty()) {
      throw preempt.error(
          "jobs",
          "names the running jobs preemption may cancel (project and job globs), but is empty:"
              + " GitLab's API does not show which jobs are interruptible");
    }
    return new GateConfig.Preempt(rule, jobs);
  }
}
