package dev.runneriq.sim;

import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Tier;
import dev.runneriq.core.priority.Analyzer;
import dev.runneriq.formats.CarbonSeries;
import dev.runneriq.formats.Fleet;
import dev.runneriq.formats.Trace;
import dev.runneriq.formats.TraceJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;

/**
 * A trace and a fleet compiled for simulation: jobs indexed in job-id order (so "oldest" is the
 * smallest index), dependencies as arrays, each job's base priority tier, and each job's
 * <em>signature</em> (the set of runners GitLab's matching rules let take it). Immutable; shared by
 * every policy of a comparison.
 */
public final class World {
  static final byte ON_SUCCESS = 0;
  static final byte MANUAL = 1;
  static final byte ALWAYS = 2;
  static final byte DELAYED = 3;

  final Trace trace;
  final List<Runner> fleet;
  final CarbonSeries carbon;
  final long shiftWeeks;
  final Instant start;
  final Analyzer analyzer;

  // jobs, by index = rank of the job id
  final TraceJob[] jobs;
  final int[] pipelineOf;
  final int[] projectOf;
  final long[] durationMs;
  final long[] startInMs;
  final byte[] when;
  final boolean[] fails;
  final boolean[] allowFailure;
  final byte[] tier;
  final int[] baseScore;
  final int[] signature;
  final int[] depCount;
  final int[] dependentsFrom;
  final int[] dependents;

  // pipelines, in trace order
  final long[] createdMs;
  final int[][] pipelineJobs;
  final boolean[] production;
  final byte[] kind;
  final String[] projects;

  /** Pipeline kinds for lead times: someone waits for it, it runs on a schedule, or other. */
  static final byte INTERACTIVE = 0;

  static final byte SCHEDULED = 1;
  static final byte OTHER = 2;

  /** Pipeline sources someone is waiting for: pushes, merge requests, the web UI, the API. */
  static final java.util.Set<String> INTERACTIVE_SOURCES =
      java.util.Set.of("push", "web", "api", "merge_request_event", "external_pull_request_event");

  // runners, by index in fleet order
  final Runner[] runners;
  final boolean[] instanceRunner;

  /**
   * Per runner: the share of its runs that fail by its own fault ({@code runner_system_failure}),
   * from the fleet file; the engine never sees it.
   */
  final double[] systemFailureRate;

  /** The speed each runner really runs at: its declared speed, unless the fleet says otherwise. */
  final double[] runSpeed;

  /** Whether some runner fails jobs by its own fault. */
  final boolean faultyRunners;

  /** Per runner: whether the carbon series has its zone (false for a runner without a zone). */
  final boolean[] zoneKnown;

  final Signatures signatures;

  World(Trace trace, Fleet fleet, CarbonSeries carbon, Analyzer analyzer) {
    this.trace = trace;
    this.fleet = fleet.runners();
    this.carbon = carbon;
    this.analyzer = analyzer;
    this.start = trace.start();
    var pipes = trace.pipelines();
    int n = trace.jobCount();
    var end = pipes.isEmpty() ? start : pipes.get(pipes.size() - 1).createdAt();
    this.shiftWeeks = carbon.shiftWeeks(start, end.plusSeconds(86_400));

    record Ref(TraceJob job, int pipeline) {}
    var all = new ArrayList<Ref>(n);
    for (int p = 0; p < pipes.size(); p++) {
      for (var j : pipes.get(p).jobs()) {
        all.add(new Ref(j, p));
      }
    }
    all.sort(Comparator.comparingLong(r -> r.job().id()));

    jobs = new TraceJob[n];
    pipelineOf = new int[n];
    projectOf = new int[n];
    durationMs = new long[n];
    startInMs = new long[n];
    when = new byte[n];
    fails = new boolean[n];
    allowFailure = new boolean[n];
    tier = new byte[n];
    baseScore = new int[n];
    var projectIndex = new HashMap<String, Integer>();
    var tiers = new BaseTiers(analyzer);
    var index = new HashMap<Long, Integer>(n * 2);
    for (int i = 0; i < n; i++) {
      var r = all.get(i);
      var j = r.job();
      jobs[i] = j;
      index.put(j.id(), i);
      pipelineOf[i] = r.pipeline();
      projectOf[i] = projectIndex.computeIfAbsent(j.spec().project(), k -> projectIndex.size());
      durationMs[i] = Math.round(j.durationS() * 1000);
      startInMs[i] = Math.round(j.startInS() * 1000);
      when[i] = (byte) TraceJob.WHENS.indexOf(j.when());
      fails[i] = j.failed();
      allowFailure[i] = j.allowFailure();
      var base = tiers.of(j.spec());
      tier[i] = (byte) base.tier().ordinal();
      baseScore[i] = Analyzer.unclamped(base);
    }
    projects = new String[projectIndex.size()];
    projectIndex.forEach((k, v) -> projects[v] = k);

    createdMs = new long[pipes.size()];
    pipelineJobs = new int[pipes.size()][];
    production = new boolean[pipes.size()];
    kind = new byte[pipes.size()];
    depCount = new int[n];
    var edges = new Dependencies(n);
    for (int p = 0; p < pipes.size(); p++) {
      var tp = pipes.get(p);
      createdMs[p] = tp.createdAt().toEpochMilli() - start.toEpochMilli();
      String source = tp.pipeline().source();
      kind[p] =
          source.equals("schedule")
              ? SCHEDULED
              : INTERACTIVE_SOURCES.contains(source) ? INTERACTIVE : OTHER;
      int[] idx = new int[tp.jobs().size()];
      for (int k = 0; k < idx.length; k++) {
        var j = tp.jobs().get(k);
        idx[k] = java.util.Objects.requireNonNull(index.get(j.id()), "job index");
        var env = j.spec().environment();
        production[p] |= env != null && Analyzer.deploymentTier(env).equals("production");
      }
      pipelineJobs[p] = idx;
      edges.addPipeline(tp, idx, depCount);
    }
    dependentsFrom = edges.from();
    dependents = edges.to();

    runners = this.fleet.toArray(Runner[]::new);
    systemFailureRate = new double[runners.length];
    runSpeed = new double[runners.length];
    boolean faulty = false;
    for (int r = 0; r < runners.length; r++) {
      systemFailureRate[r] = fleet.sim().get(r).systemFailureRate();
      Double actual = fleet.sim().get(r).actualSpeed();
      runSpeed[r] = actual != null ? actual : runners[r].speed();
      faulty |= systemFailureRate[r] > 0;
    }
    faultyRunners = faulty;
    instanceRunner = new boolean[runners.length];
    zoneKnown = new boolean[runners.length];
    for (int r = 0; r < runners.length; r++) {
      instanceRunner[r] =
          !Runner.PROJECT_TYPE.equals(runners[r].runnerType())
              && !Runner.GROUP_TYPE.equals(runners[r].runnerType());
      String zone = runners[r].zone();
      zoneKnown[r] = zone != null && carbon.has(zone);
    }
    signatures = new Signatures(jobs, runners);
    signature = signatures.jobSignatures();
  }

  public int jobCount() {
    return jobs.length;
  }

  public int pipelineCount() {
    return createdMs.length;
  }

  public int slots() {
    int s = 0;
    for (var r : runners) {
      s += r.concurrency();
    }
    return s;
  }

  public Trace trace() {
    return trace;
  }

  public List<Runner> fleet() {
    return fleet;
  }

  public CarbonSeries carbon() {
    return carbon;
  }

  public long shiftWeeks() {
    return shiftWeeks;
  }

  public Instant start() {
    return start;
  }

  Tier tierOf(int job) {
    return Tier.values()[tier[job]];
  }

  /**
   * Runners whose CO2 cannot be counted: without a zone, or in a zone the carbon series has no data
   * for; their jobs count as "no data", never as 0 kg. In fleet order, as {@code name (id): why}.
   */
  public List<String> runnersWithoutCarbonData() {
    var out = new ArrayList<String>();
    for (int r = 0; r < runners.length; r++) {
      if (!zoneKnown[r]) {
        String zone = runners[r].zone();
        out.add(
            runners[r].name()
                + " ("
                + runners[r].id()
                + "): "
                + (zone == null ? "no zone" : "no series for zone " + zone));
      }
    }
    return out;
  }

  /** Jobs no runner of the fleet can ever take (they stay pending). */
  public int unplaceableJobs() {
    int c = 0;
    for (int s : signature) {
      if (signatures.runners(s).isEmpty()) {
        c++;
      }
    }
    return c;
  }

  /** Jobs of one pipeline, for tests. */
  int[] jobsOf(int pipeline) {
    return Arrays.copyOf(pipelineJobs[pipeline], pipelineJobs[pipeline].length);
  }
}
