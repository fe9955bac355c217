package dev.runneriq.core.testing;

import dev.runneriq.core.model.Environment;
import dev.runneriq.core.model.JobHistory;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Pipeline;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.model.RunnerStats;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builders for runners and pending jobs with the formats' defaults, so a test states only what it
 * is about. Jobs default to a person's push pipeline on an unprotected feature branch of {@code
 * shop/web}, pending since {@link #NOW}; runners to an online instance runner with 4 free slots.
 */
public final class Fixtures {
  public static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

  private Fixtures() {}

  public static JobBuilder job(String name, String stage) {
    return new JobBuilder(name, stage);
  }

  public static RunnerBuilder runner(long id) {
    return new RunnerBuilder(id);
  }

  /** A pending job under construction. */
  public static final class JobBuilder {
    private long id = 1;
    private String name;
    private String stage;
    private List<String> tags = List.of();
    private Instant pendingSince = NOW;
    private @Nullable Long timeoutS;
    private @Nullable Environment environment;
    private final Map<String, String> variables = new HashMap<>();
    private long pipelineId = 77;
    private String project = "shop/web";
    private String ref = "feature/login";
    private String refKind = Pipeline.BRANCH;
    private boolean protectedRef;
    private boolean defaultBranch;
    private String source = "push";
    private String user = "dana";
    private boolean userIsBot;
    private @Nullable JobHistory history;

    private JobBuilder(String name, String stage) {
      this.name = name;
      this.stage = stage;
    }

    public JobBuilder id(long value) {
      id = value;
      return this;
    }

    public JobBuilder named(String nameValue, String stageValue) {
      name = nameValue;
      stage = stageValue;
      return this;
    }

    public JobBuilder tags(String... value) {
      tags = List.of(value);
      return this;
    }

    public JobBuilder pendingFor(Duration value) {
      pendingSince = NOW.minus(value);
      return this;
    }

    public JobBuilder pendingSince(Instant value) {
      pendingSince = value;
      return this;
    }

    public JobBuilder timeoutS(long value) {
      timeoutS = value;
      return this;
    }

    public JobBuilder environment(String envName, @Nullable String tier) {
      environment = new Environment(envName, tier);
      return this;
    }

    public JobBuilder variable(String key, String value) {
      variables.put(key, value);
      return this;
    }

    public JobBuilder pipelineId(long value) {
      pipelineId = value;
      return this;
    }

    public JobBuilder project(String value) {
      project = value;
      return this;
    }

    /** The protected default branch {@code main}. */
    public JobBuilder onProtectedDefaultBranch() {
      return branch("main", true, true);
    }

    public JobBuilder branch(String name, boolean isProtected, boolean isDefault) {
      ref = name;
      refKind = Pipeline.BRANCH;
      protectedRef = isProtected;
      defaultBranch = isDefault;
      return this;
    }

    public JobBuilder tag(String name) {
      ref = name;
      refKind = Pipeline.TAG;
      protectedRef = true;
      defaultBranch = false;
      return this;
    }

    public JobBuilder mergeRequest(String sourceBranch) {
      ref = sourceBranch;
      refKind = Pipeline.MERGE_REQUEST;
      protectedRef = false;
      defaultBranch = false;
      source = "merge_request_event";
      return this;
    }

    public JobBuilder source(String value) {
      source = value;
      return this;
    }

    public JobBuilder triggeredBy(String userName, boolean bot) {
      user = userName;
      userIsBot = bot;
      return this;
    }

    public JobBuilder history(long runs, double durationP50S, double failureRate) {
      history = new JobHistory(runs, durationP50S, failureRate);
      return this;
    }

    public PendingJob build() {
      var pipeline =
          new Pipeline(
              pipelineId,
              project,
              ref,
              refKind,
              protectedRef,
              defaultBranch,
              source,
              user,
              userIsBot,
              List.of("build", "test", "deploy"));
      return new PendingJob(
          id,
          name,
          stage,
          tags,
          pendingSince,
          timeoutS,
          environment,
          variables,
          pipeline,
          history,
          false);
    }
  }

  /** A runner under construction. */
  public static final class RunnerBuilder {
    private long id;
    private String name;
    private String type = Runner.INSTANCE_TYPE;
    private List<String> tags = List.of();
    private boolean runUntagged = true;
    private String accessLevel = "not_protected";
    private boolean paused;
    private boolean online = true;
    private int concurrency = 4;
    private int running;
    private @Nullable String zone;
    private double speed = 1.0;
    private List<String> projects = List.of();
    private List<String> groups = List.of();
    private @Nullable Long maximumTimeoutS;
    private @Nullable RunnerStats stats;

    private RunnerBuilder(long id) {
      this.id = id;
      this.name = "runner-" + id;
    }

    /** A new id; the name follows unless it was set. */
    public RunnerBuilder id(long value) {
      id = value;
      name = "runner-" + value;
      return this;
    }

    public RunnerBuilder tags(String... value) {
      tags = List.of(value);
      return this;
    }

    public RunnerBuilder runUntagged(boolean value) {
      runUntagged = value;
      return this;
    }

    public RunnerBuilder protectedRefsOnly() {
      accessLevel = Runner.REF_PROTECTED;
      return this;
    }

    public RunnerBuilder paused() {
      paused = true;
      return this;
    }

    public RunnerBuilder offline() {
      online = false;
      return this;
    }

    public RunnerBuilder slots(int concurrencyValue, int runningValue) {
      concurrency = concurrencyValue;
      running = runningValue;
      return this;
    }

    public RunnerBuilder zone(String value) {
      zone = value;
      return this;
    }

    public RunnerBuilder speed(double value) {
      speed = value;
      return this;
    }

    public RunnerBuilder projectRunner(String... value) {
      type = Runner.PROJECT_TYPE;
      projects = List.of(value);
      return this;
    }

    public RunnerBuilder groupRunner(String... value) {
      type = Runner.GROUP_TYPE;
      groups = List.of(value);
      return this;
    }

    public RunnerBuilder maximumTimeoutS(long value) {
      maximumTimeoutS = value;
      return this;
    }

    public RunnerBuilder stats(long jobs, double successRate, double durationFactor) {
      stats = new RunnerStats(jobs, successRate, durationFactor);
      return this;
    }

    public Runner build() {
      return Runner.builder(id, name)
          .type(type)
          .tags(tags)
          .runUntagged(runUntagged)
          .accessLevel(accessLevel)
          .paused(paused)
          .online(online)
          .concurrency(concurrency)
          .running(running)
          .zone(zone)
          .speed(speed)
          .projects(projects)
          .groups(groups)
          .maximumTimeoutS(maximumTimeoutS)
          .stats(stats)
          .build();
    }
  }
}
