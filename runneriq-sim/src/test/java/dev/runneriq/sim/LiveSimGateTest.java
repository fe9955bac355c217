package dev.runneriq.sim;

import static dev.runneriq.sim.SimFixtures.T0;
import static dev.runneriq.sim.SimFixtures.job;
import static dev.runneriq.sim.SimFixtures.pipeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.runneriq.formats.CarbonSeries;
import dev.runneriq.formats.TraceFormat;
import dev.runneriq.sim.LiveSim.Answer;
import dev.runneriq.sim.LiveSim.JobState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live run in gate mode takes GitLab's writes as GitLab does (LEVERS.md): held jobs show {@code
 * scheduled} until a play or their floor; play, cancel and retry act at once and answer as GitLab.
 */
class LiveSimGateTest {
  static final Instant START = Instant.parse(T0);

  @TempDir Path dir;

  LiveSim live;
  final List<String> told = new CopyOnWriteArrayList<>();

  /**
   * One runner with one slot, busy 300 s with an API pipeline's job (1, not held); a push pipeline
   * of {@code web} with a lint job (2, held) and a manual job (3); a push pipeline of {@code docs}
   * (job 4).
   */
  LiveSim gated(LiveSim.Gate gate) {
    var lines =
        List.of(
            GatePolicyTest.from("api", 1, "tools", T0, job(1, "long", "test", 300, "")),
            pipeline(
                2,
                "web",
                "2026-03-02T09:00:10Z",
                job(2, "lint", "test", 60, "")
                    + ","
                    + job(3, "release", "test", 30, ", \"when\": \"manual\"")),
            pipeline(3, "docs", "2026-03-02T09:00:10Z", job(4, "pages", "test", 30, "")));
    var trace = TraceFormat.read(SimFixtures.write(dir, "trace.jsonl", lines));
    var fleet = SimFixtures.fleet(dir, GatePolicyTest.ONE_SLOT);
    var sim = LiveSim.gated(trace, fleet, CarbonSeries.empty(), gate, 1);
    sim.onChange(s -> told.add(s.job().spec().id() + " " + s.status()));
    return sim;
  }

  @BeforeEach
  void everyProjectGated() {
    live = gated(LiveSim.Gate.everyProject(GateModel.DEFAULT));
  }

  void at(long seconds) {
    live.advanceTo(START.plusSeconds(seconds));
  }

  JobState state(long id) {
    return live.job(id).orElseThrow();
  }

  static JobState done(Answer answer) {
    assertThat(answer).isInstanceOf(Answer.Done.class);
    return ((Answer.Done) answer).job();
  }

  @Test
  void aHeldJobShowsScheduledUntilPlayedThenIsPendingAtOnceAsThePlayer() {
    at(20);
    assertThat(state(1).status()).as("an API pipeline is not held").isEqualTo("running");
    var held = state(2);
    assertThat(held.status()).isEqualTo("scheduled");
    assertThat(held.when()).isEqualTo("delayed");
    assertThat(held.pendingAt()).isNull();
    assertThat(live.scheduledJobs()).extracting(s -> s.job().id()).containsExactly(2L, 4L);
    assertThat(live.pendingJobs()).isEmpty();

    var played = done(live.play(2, "alice"));

    assertThat(played.status()).isEqualTo("pending");
    assertThat(played.user()).isEqualTo("alice");
    assertThat(played.pendingAt()).isEqualTo(START.plusSeconds(20));
    assertThat(live.pendingJobs()).extracting(s -> s.job().id()).containsExactly(2L);
    assertThat(told).containsSubsequence("2 scheduled", "2 pending");
    assertThat(live.play(2, "alice"))
        .as("a pending job is not playable")
        .isEqualTo(new Answer.Refused(400, "400 Bad request - Unplayable Job"));
    assertThat(live.play(1, "alice")).isInstanceOf(Answer.Refused.class);
    assertThat(live.play(99, "alice")).isEqualTo(new Answer.Refused(404, "404 Job Not Found"));
  }

  @Test
  void theFloorStartsAHeldJobNobodyPlays() {
    at(609);
    assertThat(state(2).status()).isEqualTo("scheduled");
    at(611);
    assertThat(state(2).status()).isEqualTo("running");
    assertThat(state(2).startedAt()).isEqualTo(START.plusSeconds(610));
    assertThat(state(2).user()).as("the floor runs it as the pipeline's user").isNull();
  }

  @Test
  void onlyOptedInProjectsAreHeld() {
    live = gated(new LiveSim.Gate(GateModel.DEFAULT, "web"::equals));
    at(20);
    assertThat(state(2).status()).isEqualTo("scheduled");
    assertThat(state(4).status()).isEqualTo("pending");
    assertThat(state(4).when()).isEqualTo("on_success");
  }

  @Test
  void cancellingARunningJobFreesItsSlotForThePendingOne() {
    at(20);
    done(live.play(2, "alice"));

    var canceled = done(live.cancel(1));

    assertThat(canceled.status()).isEqualTo("canceled");
    assertThat(canceled.startedAt()).isEqualTo(START);
    assertThat(canceled.finishedAt()).isEqualTo(START.plusSeconds(20));
    assertThat(state(2).status()).as("GitLab gives it the freed slot").isEqualTo("running");
    assertThat(state(2).startedAt()).isEqualTo(START.plusSeconds(20));
    assertThat(live.runningOn(1)).isEqualTo(1);
    at(400);
    assertThat(state(1).status()).as("its old run's end changes nothing").isEqualTo("canceled");
    assertThat(live.finishedJobs(state(1).projectId()))
        .extracting(s -> s.job().id())
        .containsExactly(1L);
  }

  @Test
  void aCancelledHeldJobNeverStartsAndAFinishedOneIsAnsweredUnchanged() {
    at(20);
    assertThat(done(live.cancel(2)).status()).isEqualTo("canceled");
    assertThat(live.scheduledJobs()).extracting(s -> s.job().id()).containsExactly(4L);
    at(1200);
    assertThat(state(2).status()).isEqualTo("canceled");
    assertThat(state(2).startedAt()).isNull();
    assertThat(state(1).status()).isEqualTo("success");
    assertThat(done(live.cancel(1)).status()).isEqualTo("success");
  }

  @Test
  void retryMakesANewPendingJobAndKeepsTheOldOneAsItWas() {
    at(301);
    assertThat(state(1).status()).isEqualTo("success");
    assertThat(live.retry(2, "bob"))
        .as("a held job is not retryable")
        .isEqualTo(new Answer.Refused(403, "403 Forbidden - Job is not retryable"));

    var fresh = done(live.retry(1, "bob"));

    long id = fresh.job().id();
    assertThat(id).isGreaterThan(4);
    assertThat(fresh.status()).isEqualTo("pending");
    assertThat(fresh.user()).isEqualTo("bob");
    assertThat(fresh.createdAt()).isEqualTo(START.plusSeconds(301));
    assertThat(state(id).status()).as("the free runner takes it at once").isEqualTo("running");
    assertThat(state(1).status()).isEqualTo("success");
    assertThat(state(1).finishedAt()).isEqualTo(START.plusSeconds(300));
    assertThat(live.retry(1, "bob")).isInstanceOf(Answer.Refused.class);
    assertThat(live.retry(id, "bob")).as("still running").isInstanceOf(Answer.Refused.class);
    assertThat(told).contains(id + " pending", id + " running");

    at(602);
    assertThat(state(id).status()).isEqualTo("success");
    assertThat(live.finishedJobs(state(1).projectId()))
        .extracting(s -> s.job().id())
        .containsExactly(id, 1L);
    assertThat(told).contains(id + " success");
  }

  @Test
  void aManualJobShowsManualAndAPlayRunsIt() {
    at(20);
    assertThat(state(3).status()).isEqualTo("manual");
    assertThat(state(3).when()).isEqualTo("manual");

    assertThat(done(live.play(3, "carol")).status()).isEqualTo("pending");

    at(1000);
    assertThat(state(3).status()).isEqualTo("success");
    assertThat(state(3).user()).isEqualTo("carol");
  }

  @Test
  void theHeldTimeIsNotPendingTime() {
    at(20);
    done(live.play(2, "alice"));
    var became = live.becamePending(START, START.plusSeconds(30));
    assertThat(became).extracting(s -> s.job().id()).containsExactly(2L);
    var list = new ArrayList<Long>();
    live.pipelineJobs(2).forEach(s -> list.add(s.job().id()));
    assertThat(list).containsExactly(2L, 3L);
    assertThat(Duration.between(START, live.now())).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void aHeldJobIsReadyFromWhenTheTemplateHeldItWhetherPlayedOrStartedByItsFloor() {
    at(20);
    done(live.play(2, "alice"));
    at(611);

    var ready = live.becameReady(START.minusSeconds(1), START.plusSeconds(611));

    assertThat(ready)
        .extracting(r -> r.job().job().id(), LiveSim.Ready::readyAt, LiveSim.Ready::byFloor)
        .containsExactly(
            tuple(1L, START, false),
            tuple(2L, START.plusSeconds(10), false),
            tuple(4L, START.plusSeconds(10), true));
    assertThat(state(2).pendingAt()).as("pending from its play").isEqualTo(START.plusSeconds(20));
    assertThat(state(4).pendingAt()).as("pending from its floor").isEqualTo(START.plusSeconds(610));
  }
}
