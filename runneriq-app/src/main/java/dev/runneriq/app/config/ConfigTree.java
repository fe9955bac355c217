package dev.runneriq.app.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runneriq.core.carbon.CarbonPolicy;
import dev.runneriq.core.carbon.Tolerance;
import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.core.model.Tier;
import dev.runneriq.core.placement.PlacementConfig;
import dev.runneriq.core.priority.PriorityPolicy;
import dev.runneriq.formats.Documents;
import dev.runneriq.formats.Node;
import dev.runneriq.formats.Printable;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The engine's configuration as a {@code runneriq.yaml} tree and back. {@link #of} renders any
 * config (the defaults, or an effective one); {@link #bind} reads a merged tree into records.
 */
final class ConfigTree {
  /** Objects whose keys are free (any source, environment tier, scorer or tier name). */
  static final Set<String> FREE_MAPS =
      Set.of(
          "priority.source_points",
          "priority.environment_points",
          "placement.weights",
          "placement.carbon_weights",
          "carbon.max_delay_minutes");

  private ConfigTree() {}

  static ObjectNode of(EngineConfig config) {
    var root = Documents.JSON.createObjectNode();
    root.put("mode", config.mode());
    var p = config.priority();
    var pr = root.putObject("priority");
    var ref = pr.putObject("ref");
    var r = p.ref();
    ref.put("protected_default_branch", r.protectedDefaultBranch());
    ref.put("default_branch", r.defaultBranch());
    ref.put("protected_branch", r.protectedBranch());
    ref.put("feature_branch", r.featureBranch());
    ref.put("merge_request", r.mergeRequest());
    ref.put("tag", r.tag());
    ref.put("release_tag", r.releaseTag());
    ref.put("release_tag_pattern", r.releaseTagPattern());
    ref.put("hotfix_branch", r.hotfixBranch());
    ref.put("hotfix_branch_pattern", r.hotfixBranchPattern());
    ref.put("release_branch", r.releaseBranch());
    ref.put("release_branch_pattern", r.releaseBranchPattern());
    var sources = pr.putObject("source_points");
    new java.util.TreeMap<>(p.sourcePoints()).forEach(sources::put);
    pr.put("other_source_points", p.otherSourcePoints());
    var j = p.job();
    var job = pr.putObject("job");
    job.put("build", j.build());
    job.put("build_pattern", j.buildPattern());
    job.put("test", j.test());
    job.put("test_pattern", j.testPattern());
    job.put("deploy", j.deploy());
    job.put("deploy_pattern", j.deployPattern());
    job.put("lint_docs", j.lintDocs());
    job.put("lint_docs_pattern", j.lintDocsPattern());
    job.put("other", j.other());
    var env = pr.putObject("environment_points");
    new java.util.TreeMap<>(p.environmentPoints()).forEach(env::put);
    pr.put("bot_points", p.botPoints());
    pr.put("bot_user_pattern", p.botUserPattern());
    var h = p.history();
    var history = pr.putObject("history");
    history.put("min_runs", h.minRuns());
    history.put("flaky_failure_rate", h.flakyFailureRate());
    history.put("flaky", h.flaky());
    history.put("short_job_s", h.shortJobS());
    history.put("short_job", h.shortJob());
    var aging = pr.putObject("aging");
    aging.put("minutes_to_ceiling", p.aging().minutesToCeiling());
    aging.put("ceiling", p.aging().ceiling());
    var hint = pr.putObject("hint");
    hint.put("variable", p.hint().variable());
    hint.put("cap", p.hint().cap());
    var tiers = pr.putObject("tiers");
    tiers.put("critical", p.tiers().critical());
    tiers.put("high", p.tiers().high());
    tiers.put("medium", p.tiers().medium());

    var pl = config.placement();
    var placement = root.putObject("placement");
    var weights = placement.putObject("weights");
    pl.weights().forEach(weights::put);
    var carbon = placement.putObject("carbon_weights");
    for (Tier t : Tier.values()) {
      carbon.put(t.name(), pl.carbonWeights().getOrDefault(t, 0));
    }
    placement.put("tie_margin", pl.tieMargin());
    placement.put("default_success_rate", pl.defaultSuccessRate());
    var reserve = placement.putObject("reserve");
    reserve.put("rare_share", pl.reserve().rareShare());
    reserve.put("slots", pl.reserve().slots());
    reserve.put("protected_only", pl.reserve().protectedOnly());

    var cp = config.carbon();
    var carbonSection = root.putObject("carbon");
    var delays = carbonSection.putObject("max_delay_minutes");
    for (Tier t : Tier.values()) {
      delays.put(t.name(), cp.maxDelay(t).toMinutes());
    }
    carbonSection.put("tolerant_max_delay_minutes", cp.tolerantMaxDelay().toMinutes());
    var tolerance = cp.tolerance();
    var deferrable = carbonSection.putObject("deferrable");
    var deferrableSources = deferrable.putArray("sources");
    new java.util.TreeSet<>(tolerance.sources()).forEach(deferrableSources::add);
    deferrable.put("variable", tolerance.variable());
    var projects = deferrable.putArray("projects");
    tolerance.projects().forEach(projects::add);
    var jobs = deferrable.putArray("jobs");
    tolerance.jobs().forEach(jobs::add);
    carbonSection.put("min_saving", cp.minSaving());
    carbonSection.put("forecast_error", cp.forecastError());
    carbonSection.put("default_job_minutes", cp.defaultJobDuration().toMinutes());
    return root;
  }

  static EngineConfig bind(Node root) {
    var pr = root.object("priority");
    var ref = pr.object("ref");
    var job = pr.object("job");
    var history = pr.object("history");
    var aging = pr.object("aging");
    var hint = pr.object("hint");
    var tiers = pr.object("tiers");
    var policy =
        new PriorityPolicy(
            new PriorityPolicy.RefPoints(
                points(ref, "protected_default_branch"),
                points(ref, "default_branch"),
                points(ref, "protected_branch"),
                points(ref, "feature_branch"),
                points(ref, "merge_request"),
                points(ref, "tag"),
                points(ref, "release_tag"),
                ref.string("release_tag_pattern"),
                points(ref, "hotfix_branch"),
                ref.string("hotfix_branch_pattern"),
                points(ref, "release_branch"),
                ref.string("release_branch_pattern")),
            intMap(pr, "source_points"),
            points(pr, "other_source_points"),
            new PriorityPolicy.JobPoints(
                points(job, "build"),
                job.string("build_pattern"),
                points(job, "test"),
                job.string("test_pattern"),
                points(job, "deploy"),
                job.string("deploy_pattern"),
                points(job, "lint_docs"),
                job.string("lint_docs_pattern"),
                points(job, "other")),
            intMap(pr, "environment_points"),
            points(pr, "bot_points"),
            pr.string("bot_user_pattern"),
            new PriorityPolicy.HistoryPoints(
                points(history, "min_runs"),
                history.number("flaky_failure_rate"),
                points(history, "flaky"),
                history.number("short_job_s"),
                points(history, "short_job")),
            new PriorityPolicy.Aging(aging.number("minutes_to_ceiling"), points(aging, "ceiling")),
            new PriorityPolicy.Hint(hint.string("variable"), points(hint, "cap")),
            new PriorityPolicy.Tiers(
                points(tiers, "critical"), points(tiers, "high"), points(tiers, "medium")));

    var pl = root.object("placement");
    var carbon = new EnumMap<Tier, Integer>(tierMap(pl, "carbon_weights"));
    var reserve = pl.object("reserve");
    long slots = reserve.integer("slots");
    if (slots < 0 || slots > 1000) {
      throw reserve.error("slots", "must be between 0 and 1000, but was " + slots);
    }
    var placement =
        new PlacementConfig(
            intMap(pl, "weights"),
            carbon,
            pl.number("tie_margin"),
            pl.number("default_success_rate"),
            new PlacementConfig.Reserve(
                reserve.number("rare_share"), (int) slots, reserve.bool("protected_only", true)));
    var cs = root.object("carbon");
    var delays = new EnumMap<Tier, Duration>(Tier.class);
    tierMap(cs, "max_delay_minutes").forEach((t, v) -> delays.put(t, Duration.ofMinutes(v)));
    long jobMinutes = cs.integer("default_job_minutes");
    if (jobMinutes < 1) {
      throw cs.error("default_job_minutes", "must be at least 1, but was " + jobMinutes);
    }
    long tolerant = cs.integer("tolerant_max_delay_minutes");
    if (tolerant < 0 || tolerant > 7 * 24 * 60) {
      throw cs.error(
          "tolerant_max_delay_minutes",
          "must be between 0 and 10080 (a week), but was " + tolerant);
    }
    var deferrable = cs.object("deferrable");
    var tolerance =
        new Tolerance(
            new java.util.HashSet<>(deferrable.strings("sources")),
            deferrable.string("variable"),
            deferrable.strings("projects"),
            deferrable.strings("jobs"));
    var carbonPolicy =
        new CarbonPolicy(
            delays,
            Duration.ofMinutes(tolerant),
            tolerance,
            cs.number("min_saving"),
            cs.number("forecast_error"),
            Duration.ofMinutes(jobMinutes));
    return new EngineConfig(root.string("mode"), policy, placement, carbonPolicy);
  }

  private static Map<Tier, Integer> tierMap(Node n, String field) {
    var out = new EnumMap<Tier, Integer>(Tier.class);
    intMap(n, field)
        .forEach(
            (k, v) -> {
              try {
                out.put(Tier.valueOf(k.toUpperCase(Locale.ROOT)), v);
              } catch (IllegalArgumentException e) {
                throw n.error(field + "/" + k, "must be a tier: CRITICAL, HIGH, MEDIUM or LOW");
              }
            });
    return out;
  }

  private static int points(Node n, String field) {
    long v = n.integer(field);
    if (v < -100 || v > 100) {
      throw n.error(field, "must be between -100 and 100, but was " + v);
    }
    return (int) v;
  }

  private static Map<String, Integer> intMap(Node n, String field) {
    var out = new LinkedHashMap<String, Integer>();
    var raw = n.stringMap(field);
    for (var e : raw.entrySet()) {
      try {
        out.put(e.getKey(), Integer.parseInt(e.getValue()));
      } catch (NumberFormatException ex) {
        throw n.error(
            field + "/" + e.getKey(), "must be an integer, found " + Printable.clip(e.getValue()));
      }
    }
    return out;
  }
}
