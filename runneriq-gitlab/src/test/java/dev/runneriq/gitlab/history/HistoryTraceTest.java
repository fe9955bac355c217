package dev.runneriq.gitlab.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.model.Pipeline;
import dev.runneriq.formats.TraceFormat;
import dev.runneriq.formats.TraceJob;
import dev.runneriq.gitlab.mapping.GitLabMapping.ProjectFacts;
import dev.runneriq.gitlab.model.GlJob;
import dev.runneriq.gitlab.model.GlPipeline;
import dev.runneriq.gitlab.model.GlProtectedRef;
import dev.runneriq.gitlab.model.GlRunner;
import dev.runneriq.gitlab.model.GlUser;
import dev.runneriq.gitlab.model.ProtectedRefs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class HistoryTraceTest {
  static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  static final ProjectFacts SHOP =
      new ProjectFacts(
          "shop/web", "main", new ProtectedRefs(List.of(new GlProtectedRef("main")), List.of()));

  /** A finished job: pending {@code pendingS} after T0, started {@code waitS} later. */
  static GlJob job(
      long id,
      long pipeline,
      String name,
      String stage,
      double pendingS,
      double waitS,
      @Nullable Double durationS,
      long runner) {
    Instant started = T0.plusMillis(Math.round((pendingS + waitS) * 1000));
    Instant finished = started.plusMillis(Math.round((durationS == null ? 1 : durationS) * 1000));
    return new GlJob(
        id,
        "success",
        stage,
        name,
        "main",
        false,
        List.of("docker"),
        T0.toString(),
        started.toString(),
        finished.toString(),
        waitS,
        new GlUser(1L, "dana", "Dana", false),
        new GlPipeline(
            pipeline,
            null,
            42L,
            "success",
            "main",
            null,
            "push",
            null,
            null,
            T0.toString(),
            null,
            null),
        new GlRunner(
            runner,
            "r" + runner,
            null,
            true,
            false,
            true,
            "instance_type",
            true,
            "online",
            List.of(),
            null,
            null,
            null,
            null,
            List.of(),
            List.of()),
        null,
        null,
        durationS);
  }

  static GlJob failed(GlJob j) {
    return new GlJob(
        j.id(),
        "failed",
        j.stage(),
        j.name(),
        j.ref(),
        j.tag(),
        j.tagList(),
        j.createdAt(),
        j.startedAt(),
        j.finishedAt(),
        j.queuedDuration(),
        j.user(),
        j.pipeline(),
        j.runner(),
        null,
        "script_failure",
        j.duration());
  }

  static HistoryTrace.Built build(boolean inferNeeds, GlJob... jobs) {
    return HistoryTrace.build(
        "test", List.of(new ProjectJobs(42, SHOP, List.of(jobs))), id -> 1.0, Map.of(), inferNeeds);
  }

  @Test
  void theJobsOfAPipelineBecomeOneTracePipelineMappedAsTheServiceMapsThem() {
    // newest first, as GitLab lists them
    var built =
        build(
            true,
            job(12, 1, "unit", "test", 300, 5, 60.0, 7),
            job(11, 1, "compile", "build", 0, 10, 290.0, 7));
    var p = built.trace().pipelines().get(0);
    var pipeline = p.pipeline();
    assertThat(pipeline.project()).isEqualTo("shop/web");
    assertThat(pipeline.refKind()).isEqualTo(Pipeline.BRANCH);
    assertThat(pipeline.protectedRef()).isTrue();
    assertThat(pipeline.defaultBranch()).isTrue();
    assertThat(pipeline.source()).isEqualTo("push");
    assertThat(pipeline.user()).isEqualTo("dana");
    assertThat(pipeline.stages()).containsExactly("build", "test");
    assertThat(p.createdAt()).isEqualTo(T0);
    assertThat(p.projectId()).isEqualTo(42L);
    assertThat(p.jobs()).extracting(TraceJob::id).containsExactly(11L, 12L);
    var unit = p.jobs().get(1);
    assertThat(unit.durationS()).isEqualTo(60.0);
    assertThat(unit.spec().tagList()).containsExactly("docker");
    assertThat(unit.spec().pendingSince()).isEqualTo(T0);
    assertThat(unit.needs()).isNull();
    assertThat(unit.when()).isEqualTo(TraceJob.ON_SUCCESS);
    assertThat(unit.failed()).isFalse();
    assertThat(built.inferredNeeds()).isZero();
    assertThat(built.held()).isZero();
  }

  @Test
  void aRetriedJobKeepsItsLastRunOnly() {
    var built =
        build(
            true,
            job(13, 1, "unit", "test", 400, 0, 50.0, 7),
            failed(job(12, 1, "unit", "test", 300, 0, 60.0, 7)),
            job(11, 1, "compile", "build", 0, 0, 290.0, 7));
    var jobs = built.trace().pipelines().get(0).jobs();
    assertThat(jobs).extracting(TraceJob::id).containsExactly(11L, 13L);
    assertThat(built.retriesDropped()).isEqualTo(1);
  }

  @Test
  void aPipelineWithAJobOfUnknownRunTimeIsLeftOutAndCounted() {
    var unknown = job(21, 2, "unit", "test", 0, 0, null, 7);
    var noTimes =
        new GlJob(
            unknown.id(),
            "success",
            "test",
            "unit",
            "main",
            false,
            List.of(),
            T0.toString(),
            null,
            null,
            null,
            null,
            unknown.pipeline(),
            null,
            null,
            null,
            null);
    var built = build(true, noTimes, job(11, 1, "compile", "build", 0, 0, 100.0, 7));
    assertThat(built.trace().pipelines()).extracting(p -> p.id()).containsExactly(1L);
    assertThat(built.unknownDuration()).isEqualTo(1);
  }

  @Test
  void aJobThatRanOnAFasterRunnerIsMoreWorkAtSpeedOne() {
    var built =
        HistoryTrace.build(
            "test",
            List.of(
                new ProjectJobs(42, SHOP, List.of(job(11, 1, "compile", "build", 0, 0, 100.0, 5)))),
            id -> id == 5 ? 2.0 : 1.0,
            Map.of(),
            true);
    assertThat(built.trace().pipelines().get(0).jobs().get(0).durationS()).isEqualTo(200.0);
  }

  @Test
  void aJobPendingBeforeItsEarlierStageHadEndedNeedsTheJobsThatHadEnded() {
    var lint = job(11, 1, "lint", "build", 0, 0, 30.0, 7);
    var compile = job(12, 1, "compile", "build", 0, 0, 300.0, 7);
    var unit = job(13, 1, "unit", "test", 31, 0, 60.0, 7); // after lint, long before compile
    var e2e = job(14, 1, "e2e", "test", 301, 0, 60.0, 7); // after both: stage order
    var built = build(true, e2e, unit, compile, lint);
    var jobs = built.trace().pipelines().get(0).jobs();
    assertThat(jobs.get(2).needs()).containsExactly("lint");
    assertThat(jobs.get(3).needs()).isNull();
    assertThat(built.inferredNeeds()).isEqualTo(1);

    var stages = build(false, e2e, unit, compile, lint);
    assertThat(stages.trace().pipelines().get(0).jobs()).allMatch(j -> j.needs() == null);
  }

  @Test
  void aJobThatBecamePendingLongAfterItCouldHaveIsReplayedAsDelayedByAsMuch() {
    var compile = job(11, 1, "compile", "build", 0, 0, 100.0, 7);
    var deploy = job(12, 1, "deploy", "deploy", 100 + 600, 3, 20.0, 7); // played 10 min later
    var quick = job(13, 1, "smoke", "deploy", 100 + 5, 0, 20.0, 7); // GitLab's own latency
    var built = build(true, quick, deploy, compile);
    var jobs = built.trace().pipelines().get(0).jobs();
    assertThat(jobs.get(1).when()).isEqualTo(TraceJob.DELAYED);
    assertThat(jobs.get(1).startInS()).isEqualTo(600.0);
    assertThat(jobs.get(2).when()).isEqualTo(TraceJob.ON_SUCCESS);
    assertThat(built.held()).isEqualTo(1);
  }

  @Test
  void aFailedJobStaysFailedAndIsAllowedToFailForTheJobsThatRanAfterIt() {
    var built =
        build(
            true,
            job(12, 1, "unit", "test", 100, 0, 10.0, 7),
            failed(job(11, 1, "compile", "build", 0, 0, 100.0, 7)));
    var compile = built.trace().pipelines().get(0).jobs().get(0);
    assertThat(compile.failed()).isTrue();
    assertThat(compile.allowFailure()).isTrue();
  }

  @Test
  void theTraceReadsBackInTheTraceFormat() throws Exception {
    var built =
        build(
            true,
            job(13, 1, "unit", "test", 31, 0, 60.0, 7),
            job(12, 1, "compile", "build", 0, 0, 300.0, 7),
            job(11, 1, "lint", "build", 0, 0, 30.0, 7));
    var out = new ByteArrayOutputStream();
    TraceFormat.write(built.trace(), out);
    var back = TraceFormat.parse(new ByteArrayInputStream(out.toByteArray()), "back");
    assertThat(back.pipelines()).isEqualTo(built.trace().pipelines());
  }
}
