package dev.runneriq.sim.workload;

import dev.runneriq.core.model.Environment;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Pipeline;
import dev.runneriq.formats.TraceJob;
import dev.runneriq.formats.TracePipeline;
import dev.runneriq.sim.workload.JobDurations.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * The pipelines a preset generates, by kind: what refs, sources, stages and jobs they have. Job run
 * times are real (see {@link JobDurations}); the shapes are ours, typical of GitLab projects.
 */
final class PipelineShapes {
  /** Pipeline kinds. */
  enum Shape {
    MERGE_REQUEST,
    DEFAULT_PUSH,
    FEATURE_PUSH,
    HOTFIX,
    RELEASE_TAG,
    SCHEDULE,
    WEB,
    MONOREPO
  }

  /** Share of test jobs that fail: 6 "testfailed" of 122 Treeherder jobs (stats/mozilla_...). */
  static final double TEST_FAILURE = 6.0 / 122;

  private static final List<String> TAGS = List.of("docker");
  private static final List<String> GPU = List.of("docker", "gpu");
  private static final List<String> ARM = List.of("docker", "arm64");
  private static final List<String> DEPLOY = List.of("docker", "deploy");
  private static final Environment PROD = new Environment("production", "production");
  private static final Environment STAGING = new Environment("staging", "staging");

  private final JobDurations durations;
  private SplittableRandom rng;
  private long nextMr = 100;
  private int nextPatch = 1;

  PipelineShapes(JobDurations durations, SplittableRandom rng) {
    this.durations = durations;
    this.rng = rng;
  }

  /** One pipeline of {@code shape}; job ids follow the trace default (pipeline id * 1000 + i). */
  TracePipeline make(Shape shape, long id, String project, Instant created) {
    return make(shape, id, project, created, rng);
  }

  /**
   * The same, drawing from {@code chance}: a pipeline's content then depends on its own draws only,
   * not on how many pipelines came before it.
   */
  TracePipeline make(
      Shape shape, long id, String project, Instant created, SplittableRandom chance) {
    this.rng = chance;
    boolean bot = shape == Shape.MERGE_REQUEST && rng.nextDouble() < 0.12;
    String user = bot ? "renovate-bot" : "dev" + (1 + rng.nextInt(60));
    var b = new Builder(id, project, created);
    switch (shape) {
      case MERGE_REQUEST -> {
        b.pipeline(
            "refs/merge-requests/" + nextMr++ + "/head", Pipeline.MERGE_REQUEST, false, false);
        b.source("merge_request_event", user, bot, "build", "test");
        checks(b, project, 0.6);
        if (rng.nextDouble() < 0.2) {
          b.job("docs", "test", Kind.DOCS, TAGS, null, null, false);
        }
      }
      case DEFAULT_PUSH -> {
        b.pipeline("main", Pipeline.BRANCH, true, true);
        b.source("push", user, false, "build", "test", "deploy");
        checks(b, project, 0.5);
        b.job("deploy-staging", "deploy", Kind.DEPLOY, DEPLOY, STAGING, null, false);
        boolean manual = rng.nextDouble() < 0.15;
        b.job("deploy-prod", "deploy", Kind.DEPLOY, DEPLOY, PROD, manual ? "manual" : null, false);
        if (rng.nextDouble() < 0.5) {
          b.delayed("verify-prod", "deploy", List.of("deploy-prod"), 300);
        }
      }
      case FEATURE_PUSH -> {
        b.pipeline("feature/" + Long.toString(id, 36), Pipeline.BRANCH, false, false);
        b.source("push", user, false, "build", "test");
        checks(b, project, 0.3);
      }
      case HOTFIX -> {
        b.pipeline("hotfix/" + Long.toString(id, 36), Pipeline.BRANCH, true, false);
        b.source("push", user, false, "build", "test", "deploy");
        b.job("compile", "build", Kind.BUILD, TAGS, null, null, false);
        b.job("unit-tests", "test", Kind.TEST, TAGS, null, null, true);
        b.job("deploy-prod", "deploy", Kind.DEPLOY, DEPLOY, PROD, null, false);
      }
      case RELEASE_TAG -> {
        b.pipeline("v2." + (nextPatch / 10) + "." + (nextPatch++ % 10), Pipeline.TAG, true, false);
        b.source("push", user, false, "build", "test", "deploy");
        checks(b, project, 1.0);
        b.job("publish", "deploy", Kind.DEPLOY, DEPLOY, PROD, null, false);
      }
      case SCHEDULE -> {
        b.pipeline("main", Pipeline.BRANCH, true, true);
        b.source("schedule", "scheduler", false, "build", "test");
        b.job("compile", "build", Kind.BUILD, TAGS, null, null, false);
        b.job("unit-tests", "test", Kind.TEST, TAGS, null, null, true);
        b.job("integration-tests", "test", Kind.TEST, TAGS, null, null, true);
        b.job("e2e-tests", "test", Kind.TEST, TAGS, null, null, true);
        b.job("docs", "test", Kind.DOCS, TAGS, null, null, false);
        if (rng.nextDouble() < 0.2) {
          b.job("coverage", "test", Kind.COVERAGE, TAGS, null, null, false);
        }
      }
      case WEB -> {
        b.pipeline("main", Pipeline.BRANCH, true, true);
        b.source("web", user, false, "deploy");
        b.job("deploy-staging", "deploy", Kind.DEPLOY, DEPLOY, STAGING, null, false);
      }
      case MONOREPO -> monorepo(b, user);
    }
    return b.build();
  }

  /** The per-build job mix of julia-master (means over 105 builds): a wide pipeline. */
  private void monorepo(Builder b, String user) {
    boolean main = rng.nextDouble() < 0.4;
    if (main) {
      b.pipeline("main", Pipeline.BRANCH, true, true);
    } else {
      b.pipeline("refs/merge-requests/" + nextMr++ + "/head", Pipeline.MERGE_REQUEST, false, false);
    }
    b.source(
        main ? "push" : "merge_request_event",
        user,
        false,
        "prepare",
        "build",
        "test",
        "check",
        "upload");
    repeat(b, "launch", "prepare", Kind.PREPARE, 10);
    repeat(b, "build", "build", Kind.BUILD, 11);
    repeat(b, "test", "test", Kind.TEST, 28);
    repeat(b, "check", "check", Kind.LINT, 8);
    b.job("docs", "check", Kind.DOCS, TAGS, null, null, false);
    repeat(b, "upload", "upload", Kind.DEPLOY, main ? 19 : 4);
    if (main) {
      b.job("deploy-prod", "upload", Kind.DEPLOY, DEPLOY, PROD, null, false);
    }
  }

  private void repeat(Builder b, String name, String stage, Kind kind, int n) {
    for (int i = 1; i <= n; i++) {
      b.job(name + "-" + i, stage, kind, i % 7 == 0 ? ARM : TAGS, null, null, kind == Kind.TEST);
    }
  }

  private void checks(Builder b, String project, double integration) {
    b.job("compile", "build", Kind.BUILD, TAGS, null, null, false);
    b.job("unit-tests", "test", Kind.TEST, TAGS, null, null, true);
    b.job("lint", "test", Kind.LINT, TAGS, null, null, false);
    if (rng.nextDouble() < integration) {
      b.job("integration-tests", "test", Kind.TEST, TAGS, null, null, true);
    }
    if (project.startsWith("data/") && rng.nextDouble() < 0.5) {
      b.job("gpu-tests", "test", Kind.TEST, GPU, null, null, true);
    }
  }

  /** Assembles one pipeline. */
  private final class Builder {
    private final long id;
    private final String project;
    private final Instant created;
    private String ref = "main";
    private String refKind = Pipeline.BRANCH;
    private boolean protectedRef;
    private boolean defaultBranch;
    private String source = "push";
    private List<String> stages = List.of();
    private final List<TraceJob> jobs = new ArrayList<>();
    private @Nullable Pipeline pipeline;

    Builder(long id, String project, Instant created) {
      this.id = id;
      this.project = project;
      this.created = created;
    }

    void pipeline(String ref, String refKind, boolean protectedRef, boolean defaultBranch) {
      this.ref = ref;
      this.refKind = refKind;
      this.protectedRef = protectedRef;
      this.defaultBranch = defaultBranch;
    }

    void source(String source, String user, boolean bot, String... stages) {
      this.source = source;
      this.stages = List.of(stages);
      this.pipeline =
          new Pipeline(
              id,
              project,
              ref,
              refKind,
              protectedRef,
              defaultBranch,
              source,
              user,
              bot,
              this.stages);
    }

    void job(
        String name,
        String stage,
        Kind kind,
        List<String> tags,
        @Nullable Environment env,
        @Nullable String when,
        boolean mayFail) {
      boolean lint = kind == Kind.LINT;
      boolean failed = mayFail && rng.nextDouble() < TEST_FAILURE;
      add(
          name,
          stage,
          kind,
          tags,
          env,
          when == null ? TraceJob.ON_SUCCESS : when,
          failed,
          lint,
          null,
          0);
    }

    void delayed(String name, String stage, List<String> needs, double startIn) {
      add(name, stage, Kind.DEPLOY, DEPLOY, PROD, TraceJob.DELAYED, false, false, needs, startIn);
    }

    private void add(
        String name,
        String stage,
        Kind kind,
        List<String> tags,
        @Nullable Environment env,
        String when,
        boolean failed,
        boolean allowFailure,
        @Nullable List<String> needs,
        double startIn) {
      var p = java.util.Objects.requireNonNull(pipeline, "source() first");
      var spec =
          new PendingJob(
              id * 1000 + jobs.size(),
              name,
              stage,
              tags,
              created,
              null,
              env,
              Map.of(),
              p,
              null,
              source.equals("schedule"));
      jobs.add(
          new TraceJob(
              spec, needs, durations.draw(kind, rng), failed, allowFailure, when, startIn));
    }

    TracePipeline build() {
      return new TracePipeline(
          java.util.Objects.requireNonNull(pipeline, "source() first"), created, null, jobs);
    }
  }
}
