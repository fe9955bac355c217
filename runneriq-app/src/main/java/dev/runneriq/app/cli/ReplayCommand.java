package dev.runneriq.app.cli;

import dev.runneriq.app.config.ConfigLoader;
import dev.runneriq.app.config.ConfiguredEngine;
import dev.runneriq.core.model.Runner;
import dev.runneriq.formats.CarbonSeries;
import dev.runneriq.formats.Fleet;
import dev.runneriq.formats.FleetFormat;
import dev.runneriq.formats.Printable;
import dev.runneriq.formats.TraceFormat;
import dev.runneriq.gitlab.client.GitLabApiException;
import dev.runneriq.gitlab.client.GitLabClient;
import dev.runneriq.gitlab.history.HistoryFleet;
import dev.runneriq.gitlab.history.HistoryReader;
import dev.runneriq.gitlab.history.HistoryTrace;
import dev.runneriq.sim.Simulator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runneriq replay}: the team's own finished pipelines, under GitLab's order and ours. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "What RunnerIQ would have done last week: read the finished pipelines of the projects in"
          + " the config's gitlab.scope from GitLab, and replay them on the fleet under GitLab's"
          + " order (fifo, fair) and RunnerIQ's (docs/REPLAY.md)."
    })
final class ReplayCommand implements Callable<Integer> {
  /** Assumptions listed in full up to this many; the rest are counted. */
  private static final int ASSUMED_SHOWN = 8;

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description =
          "runneriq.yaml: gitlab.url, gitlab.scope, gitlab.concurrency, fleet; the token"
              + " from RUNNERIQ_GITLAB_TOKEN or gitlab.token_file.")
  Path config = Path.of("runneriq.yaml");

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      description =
          "How far back: a duration (7d, 36h, 90m, 2w) or a time (2026-03-02 or"
              + " 2026-03-02T09:00:00Z). Default: 7d.")
  String since = "7d";

  @Option(
      names = "--fleet",
      paramLabel = "FILE",
      description =
          "A fleet (runneriq.fleet/v1). Default: the config's fleet.file, else the runners the"
              + " jobs ran on, read from GitLab.")
  @Nullable Path fleet;

  @Option(
      names = "--policies",
      paramLabel = "LIST",
      split = ",",
      description = "Policies to compare. Default: fifo,fair,runneriq.")
  List<String> policies = new ArrayList<>(List.of("fifo", "fair", "runneriq"));

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed for the simulation. Default: ${DEFAULT-VALUE}.")
  long seed = 42;

  @Option(
      names = "--needs",
      paramLabel = "HOW",
      description =
          "GitLab's job API does not show needs. inferred (default): a job that became pending"
              + " before its earlier stages had ended waits for the earlier jobs that had ended;"
              + " stages: every job waits for the earlier stages.")
  String needs = "inferred";

  @Option(
      names = "--max-jobs",
      paramLabel = "N",
      defaultValue = "20000",
      description = "The most finished jobs read per project. Default: ${DEFAULT-VALUE}.")
  int maxJobs = 20_000;

  @Option(
      names = "--trace-out",
      paramLabel = "FILE",
      description =
          "Write the pulled trace here (runneriq.trace/v1, .gz to compress), for simulate --trace.")
  @Nullable Path traceOut;

  @Mixin ComparisonOptions files = new ComparisonOptions();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /** The clock {@code --since} counts back from. */
  InstantSource clock = InstantSource.system();

  @Override
  public Integer call() throws Exception {
    Instant from = since(since, clock.instant());
    if (!needs.equals("inferred") && !needs.equals("stages")) {
      throw new UserError("--needs must be inferred or stages, but was " + Printable.clip(needs));
    }
    if (maxJobs < 1) {
      throw new UserError("--max-jobs must be at least 1, but was " + maxJobs);
    }
    var loaded = ConfigLoader.load(config, System.getenv());
    var gitlab = loaded.service().gitlab();
    GitLabClient client;
    try {
      client = new GitLabClient(gitlab.client());
    } catch (IllegalArgumentException e) {
      throw new UserError(String.valueOf(e.getMessage()).replace("to serve", "to replay"));
    }
    var err = spec.commandLine().getErr();
    var out = spec.commandLine().getOut();
    try (var engine = ConfiguredEngine.of(loaded)) {
      var simulator = new Simulator(engine.engine());
      Comparison.checkPolicies(simulator, policies);
      var pulled = new HistoryReader(client).pull(gitlab.scope(), from, maxJobs, progress(err));
      Fleet runners;
      var notes = new ArrayList<String>();
      Path fleetFile = fleet != null ? fleet : configuredFleet(loaded);
      if (fleetFile != null) {
        runners = FleetFormat.readFleet(fleetFile);
      } else {
        var built =
            HistoryFleet.build(
                client, pulled.projects(), gitlab.concurrency(), loaded.service().sites());
        runners = Fleet.of(built.runners());
        notes.add(
            "fleet: the "
                + built.runners().size()
                + " runners the jobs ran on, from GitLab (no --fleet, no fleet.file)");
        notes.addAll(shown(built.assumed()));
      }
      var speeds = new HashMap<Long, Double>();
      for (Runner r : runners.runners()) {
        speeds.putIfAbsent(r.id(), r.speed());
      }
      var built =
          HistoryTrace.build(
              "gitlab:" + gitlab.url() + " since " + from,
              pulled.projects(),
              id -> speeds.getOrDefault(id, 1.0),
              pulled.sources(),
              needs.equals("inferred"));
      summary(out, from, pulled, built, notes);
      if (built.trace().pipelines().isEmpty()) {
        err.println("runneriq: replay: no finished pipeline to replay since " + from);
        return 1;
      }
      if (traceOut != null) {
        TraceFormat.write(built.trace(), traceOut);
      }
      CarbonSeries series = files.series();
      Comparison.run(
          simulator,
          built.trace(),
          runners,
          series,
          policies,
          seed,
          out,
          err,
          files.json,
          files.report);
      return 0;
    } catch (GitLabApiException e) {
      err.println();
      err.print(
          TextOutput.line("runneriq: replay: cannot read GitLab: " + e.getMessage() + hint(e)));
      return 1;
    }
  }

  private static String hint(GitLabApiException e) {
    return switch (e.status()) {
      case 401 -> " (is RUNNERIQ_GITLAB_TOKEN or gitlab.token_file a valid token?)";
      case 403 -> " (the token needs the read_api scope and access to the projects)";
      default -> "";
    };
  }

  private static @Nullable Path configuredFleet(ConfigLoader.Loaded loaded) {
    String file = loaded.effective().path("fleet").path("file").asText("");
    return file.isBlank() ? null : Path.of(file.strip());
  }

  private static List<String> shown(List<String> assumed) {
    if (assumed.size() <= ASSUMED_SHOWN) {
      return assumed.stream().map(a -> "  assumed: " + a).toList();
    }
    var out = new ArrayList<String>();
    assumed.subList(0, ASSUMED_SHOWN).forEach(a -> out.add("  assumed: " + a));
    out.add("  assumed: … and " + (assumed.size() - ASSUMED_SHOWN) + " more");
    return out;
  }

  private static void summary(
      PrintWriter out,
      Instant from,
      HistoryReader.Pulled pulled,
      HistoryTrace.Built built,
      List<String> notes) {
    var t = built.trace();
    out.printf(
        Locale.ROOT,
        "replay: %,d pipelines, %,d jobs of %d projects, finished since %s%n",
        t.pipelines().size(),
        t.jobCount(),
        pulled.projects().size(),
        from);
    if (built.unknownDuration() > 0) {
      out.printf(
          Locale.ROOT,
          "  left out: %,d pipelines with a job whose run time GitLab does not show%n",
          built.unknownDuration());
    }
    if (built.retriesDropped() > 0) {
      out.printf(
          Locale.ROOT,
          "  left out: %,d earlier runs of retried jobs (the last run is replayed)%n",
          built.retriesDropped());
    }
    if (built.withoutPipeline() > 0) {
      out.printf(Locale.ROOT, "  left out: %,d jobs without a pipeline%n", built.withoutPipeline());
    }
    out.printf(
        Locale.ROOT,
        "  needs: GitLab's job API does not show them; %,d jobs given needs from their timing%n",
        built.inferredNeeds());
    if (built.held() > 0) {
      out.printf(
          Locale.ROOT,
          "  held: %,d jobs became pending well after they could have (delayed, or manual and"
              + " played later); replayed as delayed by as much%n",
          built.held());
    }
    for (String g : pulled.gone()) {
      out.println("  not read: " + Printable.escape(g));
    }
    for (String c : pulled.capped()) {
      out.println("  capped: " + Printable.escape(c) + " has more jobs than --max-jobs");
    }
    notes.forEach(n -> out.println(Printable.escape(n)));
    out.flush();
  }

  /** Progress of the reads on stderr, one line redrawn. */
  private static HistoryReader.Progress progress(PrintWriter err) {
    return (done, total, jobs) -> {
      err.printf(Locale.ROOT, "\rreading GitLab: projects %d/%d, jobs %,d", done, total, jobs);
      if (done >= total) {
        err.println();
      }
      err.flush();
    };
  }

  /**
   * {@code text} as a moment: a duration back from {@code now} ({@code 7d}, {@code 36h}, {@code
   * 90m}, {@code 2w}), a date (midnight UTC) or an ISO-8601 time.
   */
  static Instant since(String text, Instant now) {
    String s = text.strip().toLowerCase(Locale.ROOT);
    var m = java.util.regex.Pattern.compile("(\\d{1,6})([mhdw])").matcher(s);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      long minutes =
          switch (m.group(2)) {
            case "m" -> n;
            case "h" -> n * 60;
            case "d" -> n * 60 * 24;
            default -> n * 60 * 24 * 7;
          };
      if (minutes > 0) {
        return now.minusSeconds(minutes * 60);
      }
    }
    try {
      return s.contains("t")
          ? Instant.parse(text.strip())
          : java.time.LocalDate.parse(s).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw new UserError(
          "--since must be a duration such as 7d, 36h or 90m, or a time such as 2026-03-02 or"
              + " 2026-03-02T09:00:00Z, but was "
              + Printable.clip(text));
    }
  }
}
