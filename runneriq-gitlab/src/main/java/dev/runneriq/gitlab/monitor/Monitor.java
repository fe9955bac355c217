package dev.runneriq.gitlab.monitor;

import dev.runneriq.core.model.JobOutcome;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.gitlab.GitLabTimes;
import dev.runneriq.gitlab.client.GitLabApiException;
import dev.runneriq.gitlab.client.GitLabClient;
import dev.runneriq.gitlab.client.ScopeConfig;
import dev.runneriq.gitlab.mapping.ConcurrencyConfig;
import dev.runneriq.gitlab.mapping.ConcurrencyEstimator;
import dev.runneriq.gitlab.mapping.GitLabMapping;
import dev.runneriq.gitlab.mapping.GitLabMapping.ProjectFacts;
import dev.runneriq.gitlab.mapping.JobFacts;
import dev.runneriq.gitlab.mapping.RunnerSites;
import dev.runneriq.gitlab.model.GlJob;
import dev.runneriq.gitlab.webhook.JobEvent;
import dev.runneriq.gitlab.webhook.JobStateStore;
import dev.runneriq.gitlab.webhook.PipelineEvent;
import dev.runneriq.gitlab.webhook.StatusPrecedence;
import dev.runneriq.gitlab.webhook.WebhookEvent;
import dev.runneriq.gitlab.webhook.WebhookHandler;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the live {@link Snapshot} of one GitLab instance. {@link #refresh()} polls: the runners
 * and, several at once, the jobs running on each and their details (kept, re-read every {@code
 * detailsEvery} polls or when the listing shows an edit: {@link RunnerReads}), and the pending jobs
 * — instance-wide through GraphQL when the token is an administrator's and the scope is everything,
 * else project by project — with the environment of a deploy job no webhook named read from its
 * deployment ({@link Environments}). Webhook events ({@link #onEvent}) go to the {@link
 * JobStateStore}; a job the hooks show past {@code pending} is dropped from a poll that raced them,
 * and each event wakes whoever waits in {@link #awaitChange}. When a poll fails, the last good
 * snapshot stays, marked stale with the reason. Jobs seen running or finished are reported as
 * {@link JobOutcome}s. Thread-safe.
 */
public final class Monitor implements WebhookHandler {
  private static final System.Logger LOG = System.getLogger(Monitor.class.getName());

  /**
   * @param detailsEvery re-read projects and protected refs every this many polls, and each
   *     runner's details at least as often
   * @param holds the projects (by full path) whose {@code scheduled} jobs RunnerIQ's gate holds:
   *     each poll lists them beside the pending ones, and every view names them ({@link
   *     View#held()}); none outside gate mode
   */
  public record Settings(
      ScopeConfig scope,
      ConcurrencyConfig concurrency,
      RunnerSites sites,
      int detailsEvery,
      Predicate<String> holds,
      Set<String> variables) {
    /** The CI variables read from the jobs' configuration when not told otherwise. */
    public static final Set<String> VARIABLES = Set.of("RUNNERIQ_PRIORITY", "RUNNERIQ_DEFERRABLE");

    public Settings {
      if (detailsEvery < 1) {
        throw new IllegalArgumentException("detailsEvery must be at least 1");
      }
      variables = Set.copyOf(variables);
    }

    public Settings(
        ScopeConfig scope,
        ConcurrencyConfig concurrency,
        RunnerSites sites,
        int detailsEvery,
        Predicate<String> holds) {
      this(scope, concurrency, sites, detailsEvery, holds, VARIABLES);
    }

    /** Advisory mode: no project's scheduled jobs are held. */
    public Settings(
        ScopeConfig scope, ConcurrencyConfig concurrency, RunnerSites sites, int detailsEvery) {
      this(scope, concurrency, sites, detailsEvery, HeldJobs.NONE);
    }

    /** The same, reading these variables from the jobs' configuration (none: no reads). */
    public Settings withVariables(Set<String> names) {
      return new Settings(scope, concurrency, sites, detailsEvery, holds, names);
    }
  }

  /**
   * The monitor's picture now.
   *
   * @param refreshedAt wall-clock time of the last successful poll
   * @param staleReason why the snapshot may be out of date, or null when the last poll succeeded
   * @param skipped what the last successful poll left out and why: a project or job GitLab answered
   *     403 or 404 for (deleted, or out of the token's reach), which does not fail the poll
   * @param held the snapshot's jobs that are {@code scheduled} in GitLab, held by the gate
   *     template: RunnerIQ may play them; the snapshot's other jobs are pending in GitLab
   */
  public record View(
      Snapshot snapshot,
      Instant refreshedAt,
      @Nullable String staleReason,
      boolean reachable,
      List<String> skipped,
      Set<Long> held,
      List<RunningJob> running) {
    public View {
      skipped = List.copyOf(skipped);
      held = Set.copyOf(held);
      running = List.copyOf(running);
    }
  }

  private final GitLabClient client;
  private final Settings settings;
  private final JobStateStore hooks;
  private final InstantSource clock;
  private final Calls calls;
  private final Consumer<JobOutcome> runs;
  private final ConcurrencyEstimator estimator = new ConcurrencyEstimator();
  private final Projects projects;
  private final RunnerReads runnerReads;

  /** Pending jobs hooks told of that wait to be read, at most this many. */
  public static final int HOOK_BACKLOG = 10_000;

  /**
   * Jobs announced and not read yet that a view decides from what is known, at most this many:
   * every one that waits, so that a burst of hooks beyond what GitLab's rate limit lets the reader
   * read is advised at once, not once the jobs before it were read.
   */
  static final int PROVISIONAL_LIMIT = HOOK_BACKLOG;

  /** Jobs hooks showed pending that no snapshot has held yet. */
  private final HookJobs hookJobs = new HookJobs(HOOK_BACKLOG);

  /** Jobs read after a hook, kept in every view until a poll lists them or hooks end them. */
  private final Map<Long, PendingJob> fromHooks = new java.util.concurrent.ConcurrentHashMap<>();

  /** Tags and source of the last job read per project and name, to decide hooks' jobs at once. */
  private final JobShapes shapes = new JobShapes(HOOK_BACKLOG);

  /** The jobs running on each runner, from polls and hooks. */
  private final LiveLoad load = new LiveLoad();

  /** One reader of announced jobs at a time. */
  private final Object reading = new Object();

  /** Serializes the quick updates from hooks (a poll runs beside them, on its own lock). */
  private final Object quick = new Object();

  /** Jobs some snapshot has held, so a hook's late word does not bring them back. */
  private final java.util.Set<Long> seen =
      java.util.Collections.synchronizedSet(
          java.util.Collections.newSetFromMap(
              new LinkedHashMap<Long, Boolean>(16, 0.75f, false) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                  return size() > 100_000;
                }
              }));

  private final ChangeSignal changed = new ChangeSignal();
  private final HeldJobs held;
  private final HeldReads heldReads;
  private final Skips skips = new Skips();
  private final Environments environments;
  private final JobReads jobReads;
  private volatile View view;

  /**
   * The running jobs of projects gate mode holds, as the last poll listed them; empty in advisory
   * mode, where they are not read project by project.
   */
  private volatile List<RunningJob> polledRunning = List.of();

  private volatile boolean polled;

  /**
   * @param clock the time the snapshot is taken at (GitLab's, or a simulated one)
   * @param runs told of jobs seen running or finished; must be quick and not throw
   */
  public Monitor(
      GitLabClient client,
      Settings settings,
      JobStateStore hooks,
      InstantSource clock,
      Calls calls,
      Consumer<JobOutcome> runs) {
    this.client = client;
    this.settings = settings;
    this.hooks = hooks;
    this.clock = clock;
    this.calls = calls;
    this.runs = runs;
    this.projects = new Projects(calls, settings.detailsEvery());
    this.runnerReads = new RunnerReads(client, calls, settings.detailsEvery());
    this.environments = new Environments(calls, skips, hooks);
    this.jobReads =
        new JobReads(
            client,
            calls,
            hooks,
            projects,
            environments,
            shapes,
            new JobVariables(client, settings.variables(), calls));
    this.held = new HeldJobs(settings.holds(), hooks);
    this.heldReads = new HeldReads(settings.holds());
    this.view =
        new View(
            new Snapshot(clock.instant(), List.of(), List.of()),
            Instant.now(),
            "GitLab not polled yet",
            false,
            List.of(),
            Set.of(),
            List.of());
  }

  public View view() {
    return view;
  }

  /** Polls GitLab once. Never throws: a failure keeps the last snapshot and says why. */
  public synchronized View refresh() {
    try {
      skips.newPoll();
      hookJobs.newPoll();
      long started = System.nanoTime();
      var snapshot = poll(clock.instant());
      heldReads.polled(started);
      projects.polled();
      view =
          new View(
              snapshot,
              Instant.now(),
              null,
              true,
              skips.notes(),
              held.polled(snapshot),
              polledRunning);
      polled = true;
      changed.signal();
    } catch (RuntimeException e) {
      var last = view;
      String reason =
          "GitLab failed at "
              + Instant.now().truncatedTo(ChronoUnit.SECONDS)
              + ": "
              + e.getMessage()
              + "; showing the snapshot from "
              + last.refreshedAt().truncatedTo(ChronoUnit.SECONDS);
      // a poll cut short by shutdown is not GitLab's failure: no warning for it
      if (!Thread.currentThread().isInterrupted()) {
        LOG.log(System.Logger.Level.WARNING, reason);
      }
      view =
          new View(
              last.snapshot(),
              last.refreshedAt(),
              reason,
              false,
              last.skipped(),
              last.held(),
              last.running());
    }
    return view;
  }

  private Snapshot poll(Instant now) {
    var list = calls.count("runners", client::runners);
    var runners = new ArrayList<Runner>(list.runners().size());
    var runningByRunner = new HashMap<Long, java.util.Set<Long>>();
    for (var read : runnerReads.read(list.runners())) {
      long id = read.runner().id();
      read.running().forEach(j -> report(Outcomes.of(j, id, null)));
      var ids = new java.util.HashSet<Long>();
      read.running().forEach(j -> ids.add(j.id()));
      runningByRunner.put(id, ids);
      runners.add(
          GitLabMapping.runner(
              read.runner(),
              read.running().size(),
              settings.concurrency(),
              settings.sites(),
              estimator));
    }
    // the instance-wide query cannot list scheduled jobs: gate mode reads project by project
    var pending =
        list.instanceWide() && settings.scope().isEverything() && !held.active()
            ? pendingInstanceWide(now)
            : pendingPerProject(now);
    var jobs = reconcile(pending);
    load.polled(runningByRunner);
    for (var j : jobs) {
      seen.add(j.id());
      hookJobs.done(j.id());
      fromHooks.remove(j.id());
    }
    return new Snapshot(now, runners, jobs);
  }

  /**
   * Reads up to {@code maxReads} announced jobs ({@link #readAnnounced}), then {@link #current()}.
   */
  public View current(int maxReads) {
    readAnnounced(maxReads);
    return current();
  }

  /**
   * Reads jobs hooks showed pending from GitLab, still-pending ones first, spending at most {@code
   * maxReads} requests in the rate limit's urgent lane; the rest wait for the next call. Signals a
   * change when it read any. Never throws. Meant for one thread beside the decision loop, so that a
   * decision never waits for GitLab.
   *
   * @return how many announced jobs this settled (read, or skipped because GitLab no longer shows
   *     them)
   */
  public int readAnnounced(int maxReads) {
    synchronized (reading) {
      int before = hookJobs.settled();
      int heldRead = 0;
      try {
        GitLabClient.urgently(
            () -> {
              readHookJobs(maxReads, clock.instant());
              return null;
            });
        heldRead = GitLabClient.urgently(() -> readHeld(maxReads, clock.instant()));
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "reading jobs announced by hooks failed; the next update tries again: "
                + e.getMessage());
      }
      int settled = hookJobs.settled() - before + heldRead;
      if (settled > 0) {
        changed.signal();
      }
      return settled;
    }
  }

  /**
   * The picture now, between polls: the last poll's snapshot with what hooks told since applied to
   * it — jobs they showed pending (as read from GitLab, or, not read yet, as GitLab gave the last
   * job of that name), jobs they showed started or ended dropped, and runner loads as they say.
   * Quick: no request; the poll and the reads run beside it. Never throws.
   */
  public View current() {
    synchronized (quick) {
      var base = view;
      Instant now = clock.instant();
      var runners = new ArrayList<Runner>();
      for (var r : base.snapshot().runners()) {
        runners.add(r.withRunning(load.running(r.id(), r.running())));
      }
      var jobs = new ArrayList<>(reconcile(base.snapshot().jobs()));
      var listed = new java.util.HashSet<Long>();
      jobs.forEach(j -> listed.add(j.id()));
      for (var j : List.copyOf(fromHooks.values())) {
        if (listed.contains(j.id())) {
          continue;
        }
        var hook = hooks.job(j.id()).orElse(null);
        boolean ended = hook != null && StatusPrecedence.pastPending(hook.status());
        // held once even when it started since, so that every job that became pending is decided
        if (!ended || seen.add(j.id())) {
          jobs.add(j);
        }
        if (ended) {
          fromHooks.remove(j.id());
        }
        seen.add(j.id());
      }
      // announced, not read yet: decided now as the last job of its name was, replaced once read;
      // one that hooks show started since is held once, like those read, and needs no read
      for (var e : hookJobs.waiting(PROVISIONAL_LIMIT)) {
        var latest = hooks.job(e.id()).orElse(e);
        boolean started = StatusPrecedence.pastPending(latest.status());
        if (listed.contains(e.id()) || fromHooks.containsKey(e.id()) || seen.contains(e.id())) {
          continue;
        }
        var j = jobReads.provisional(latest, now);
        if (j != null) {
          jobs.add(j);
          if (started) {
            seen.add(e.id());
            hookJobs.done(e.id());
          }
        }
      }
      // held jobs read since the poll began (a job of their pipeline ended)
      var stillHeld = held.stillHeld(base.held());
      for (var j : heldReads.jobs(held::released)) {
        if (listed.add(j.id())) {
          jobs.add(j);
          stillHeld.add(j.id());
        }
      }
      var skipped = new ArrayList<>(base.skipped());
      skipped.addAll(hookJobs.notes());
      return new View(
          new Snapshot(now, runners, jobs),
          base.refreshedAt(),
          base.staleReason(),
          base.reachable(),
          skipped,
          stillHeld,
          stillRunning(base.running()));
    }
  }

  /** Whether a poll has succeeded: before that, there are no runners to decide on. */
  public boolean polledOnce() {
    return polled;
  }

  /** Jobs waiting to be read after a hook showed them pending. */
  public int hookBacklog() {
    return hookJobs.backlog();
  }

  /**
   * Reads {@link #readAnnounced} has to make: jobs hooks showed pending, and projects of gate mode
   * a job of which ended (their later jobs may be held now).
   */
  public int pendingReads() {
    return hookJobs.backlog() + heldReads.backlog();
  }

  /**
   * Reads up to {@code max} projects {@link HeldReads} marked, each in one request, and keeps the
   * held jobs they show; returns how many projects it read.
   */
  private int readHeld(int max, Instant now) {
    int read = 0;
    for (String path : heldReads.take(max)) {
      List<GlJob> jobs;
      ProjectFacts facts;
      try {
        facts = projects.facts(path, jobReads::readProject);
        jobs = calls.count("project_jobs", () -> client.pendingAndRunningJobs(path, true));
      } catch (GitLabApiException x) {
        if (!x.notFoundOrForbidden()) {
          throw x;
        }
        continue; // the next poll skips and names it
      }
      read++;
      jobReads.lookUpEnvironments(path, jobs);
      for (GlJob j : jobs) {
        if (HeldJobs.SCHEDULED.equals(j.status()) && !held.released(j.id())) {
          heldReads.found(held.read(jobReads.pendingJob(JobFacts.of(j), facts, now), now));
        }
      }
    }
    return read;
  }

  /** Pending hooks dropped because the backlog was full, since start. */
  public long hookDropped() {
    return hookJobs.dropped();
  }

  /**
   * Reads the jobs hooks showed pending, still-pending ones first, spending at most {@code
   * maxReads} requests: a project with several waiting jobs is read once (its pending and running
   * jobs) rather than job by job. A job GitLab answers 403/404 for is skipped and counted per
   * project.
   */
  private void readHookJobs(int maxReads, Instant now) {
    var batch =
        hookJobs.next(
            64,
            e -> {
              var latest = hooks.job(e.id()).orElse(e);
              return !StatusPrecedence.pastPending(latest.status());
            });
    var byProject = new LinkedHashMap<String, List<JobEvent>>();
    for (var e : batch) {
      if (seen.contains(e.id()) || fromHooks.containsKey(e.id())) {
        hookJobs.done(e.id());
        continue;
      }
      String path = e.projectPath() != null ? e.projectPath() : Long.toString(e.projectId());
      byProject.computeIfAbsent(path, k -> new ArrayList<>()).add(e);
    }
    int reads = 0;
    for (var entry : byProject.entrySet()) {
      String path = entry.getKey();
      var events = entry.getValue();
      if (reads >= maxReads) {
        return;
      }
      try {
        ProjectFacts facts = projects.facts(path, jobReads::readProject);
        var found = new HashMap<Long, GlJob>();
        if (events.size() > 1) {
          for (var j : calls.count("project_jobs", () -> client.pendingAndRunningJobs(path))) {
            found.put(j.id(), j);
          }
          reads++;
        }
        for (var e : events) {
          GlJob job = found.get(e.id());
          if (job == null) {
            if (reads >= maxReads) {
              return;
            }
            job = calls.count("job", () -> client.job(path, e.id()));
            reads++;
          }
          fromHooks.put(e.id(), jobReads.fromHook(e, job, facts, now));
          hookJobs.done(e.id());
        }
      } catch (GitLabApiException x) {
        if (!x.notFoundOrForbidden()) {
          throw x;
        }
        // the job, or its whole project, is gone or out of reach: each is skipped, counted
        events.forEach(e -> hookJobs.skip(e.id(), path, String.valueOf(x.getMessage())));
      }
    }
  }

  private List<PendingJob> pendingInstanceWide(Instant now) {
    var listed = calls.count("pending_jobs_graphql", client::pendingJobsInstanceWide);
    var lookup = environments.lookup();
    listed.forEach(j -> lookup.add(j.projectPath(), j.id(), j.status(), j.createdAt()));
    lookup.read(client);
    var out = new ArrayList<PendingJob>();
    for (var j : listed) {
      if (!"pending".equals(j.status()) || j.projectPath() == null) {
        continue;
      }
      var facts = projects.facts(j.projectPath(), jobReads::readProject);
      out.add(jobReads.pendingJob(JobFacts.of(j), facts, now));
    }
    return out;
  }

  private List<PendingJob> pendingPerProject(Instant now) {
    var out = new ArrayList<PendingJob>();
    var running = new ArrayList<RunningJob>();
    var scope =
        projects.scoped(
            () -> {
              skips.newScope();
              return client.projects(settings.scope(), skips::scope);
            });
    for (var project : scope) {
      ProjectFacts facts;
      List<GlJob> jobs;
      boolean holds = settings.holds().test(project.path());
      try {
        facts = projects.facts(project, jobReads::readProject);
        jobs =
            calls.count("project_jobs", () -> client.pendingAndRunningJobs(project.path(), holds));
      } catch (GitLabApiException x) {
        if (!x.notFoundOrForbidden()) {
          throw x;
        }
        skips.poll("project " + project.path(), x);
        continue;
      }
      jobReads.lookUpEnvironments(project.path(), jobs);
      for (GlJob j : jobs) {
        var listed = j.pipeline();
        if (listed != null && listed.sha() != null && listed.source() != null) {
          projects.pipeline(listed); // its commit, for the job's variables
        }
        if ("pending".equals(j.status())) {
          out.add(jobReads.pendingJob(JobFacts.of(j), facts, now));
        } else if (HeldJobs.SCHEDULED.equals(j.status())) {
          out.add(held.add(jobReads.pendingJob(JobFacts.of(j), facts, now), now));
        } else {
          report(Outcomes.of(j, null, project.path()));
          var p = j.pipeline();
          shapes.remember(project.path(), j.name(), j.tagList(), p == null ? null : p.source());
          var runner = j.runner();
          Instant started = GitLabTimes.parse(j.startedAt());
          if (holds && "running".equals(j.status()) && runner != null && started != null) {
            running.add(
                new RunningJob(
                    jobReads.pendingJob(JobFacts.of(j), facts, now), runner.id(), started));
          }
        }
      }
    }
    polledRunning = running;
    return out;
  }

  /** Of the running jobs the last poll listed, those no hook has shown ending since. */
  private List<RunningJob> stillRunning(List<RunningJob> polled) {
    var out = new ArrayList<RunningJob>(polled.size());
    for (var r : polled) {
      var hook = hooks.job(r.job().id()).orElse(null);
      if (hook == null
          || StatusPrecedence.rank(hook.status()) <= StatusPrecedence.rank("running")) {
        out.add(r);
      }
    }
    return out;
  }

  /** Drops the jobs that webhooks have since shown running or finished (a poll that raced them). */
  private List<PendingJob> reconcile(List<PendingJob> polled) {
    var byId = new LinkedHashMap<Long, PendingJob>();
    for (var j : polled) {
      var hook = hooks.job(j.id()).orElse(null);
      if (hook == null || !StatusPrecedence.pastPending(hook.status())) {
        byId.putIfAbsent(j.id(), j);
      }
    }
    return List.copyOf(byId.values());
  }

  @Override
  public void onEvent(WebhookEvent event, boolean changedState) {
    if (!changedState) {
      return;
    }
    switch (event) {
      case JobEvent j -> noteJob(j);
      case PipelineEvent p -> p.jobs().forEach(this::noteJob);
    }
    changed.signal();
  }

  private void noteJob(JobEvent j) {
    load.event(j);
    heldReads.jobEvent(j);
    if ("pending".equals(j.status())) {
      if (!seen.contains(j.id()) && !fromHooks.containsKey(j.id())) {
        hookJobs.add(j, System.nanoTime());
      }
    } else if (StatusPrecedence.pastPending(j.status())) {
      report(Outcomes.of(j));
    }
  }

  /**
   * How long ago a hook first showed {@code jobId} pending, in nanoseconds, or -1 when no hook did
   * (or this was asked before); for measuring how soon advice follows a hook.
   */
  public long takeHookAge(long jobId) {
    return hookJobs.takeAge(jobId, System.nanoTime());
  }

  /** How many changes webhooks have signalled so far. */
  public long changes() {
    return changed.changes();
  }

  /**
   * Waits until webhooks signal a change after {@code seen} (a value of {@link #changes()}), or the
   * timeout passes; returns the count then.
   */
  public long awaitChange(long seen, Duration timeout) throws InterruptedException {
    return changed.await(seen, timeout);
  }

  private void report(JobOutcome run) {
    try {
      runs.accept(run);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "job run listener failed", e);
    }
  }
}
