package dev.runneriq.app.serve;

import static dev.runneriq.app.serve.GateServiceTest.actions;
import static dev.runneriq.app.serve.GateServiceTest.call;
import static dev.runneriq.app.serve.GateServiceTest.mode;
import static dev.runneriq.app.serve.GateServiceTest.received;
import static dev.runneriq.app.serve.GateServiceTest.seconds;
import static dev.runneriq.app.serve.ServeEndToEndTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.app.config.GateConfig;
import dev.runneriq.app.config.GateConfig.Preempt;
import dev.runneriq.core.gate.PreemptRule;
import dev.runneriq.core.model.Tier;
import dev.runneriq.store.StoredAction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} in gate mode with {@code gate.preempt} in front of the simulated GitLab at 60x (the
 * busy day's afternoon, when the deploy runners are full of long protected-branch jobs): CRITICAL
 * jobs that waited past T with their pool full get a LOW or MEDIUM job cancelled and retried, each
 * write recorded before it is sent and with GitLab's answer, never twice per job, within the cap.
 */
class GatePreemptServiceTest {
  @TempDir Path dir;

  static final Pattern FOR = Pattern.compile("^for CRITICAL job (\\d+) \\(");

  static GateConfig preempting(int perHour) {
    var rule = new PreemptRule(Duration.ofMinutes(3), perHour);
    return GateServiceTest.gate(false, "test-a")
        .withPreempt(new Preempt(rule, List.of(new Preempt.Match("**", "*"))));
  }

  /** The cancellations and retries recorded at one moment. */
  record Journal(List<StoredAction> cancels, List<StoredAction> retries) {
    static Journal read(SimulatedRun run) {
      return new Journal(actions(run, "cancel"), actions(run, "retry"));
    }

    /**
     * Cancellations GitLab answered whose retry is answered too; 0 while any retry is in flight.
     */
    long settled() {
      var done = new HashMap<Long, Boolean>();
      retries.forEach(r -> done.put(r.jobId(), r.state().wire().equals("done")));
      long settled = 0;
      for (var c : cancels) {
        if (c.state().wire().equals("done")) {
          if (!done.getOrDefault(c.jobId(), false)) {
            return 0;
          }
          settled++;
        }
      }
      return settled;
    }
  }

  @Test
  void cancelsAndRetriesLowerJobsForWaitingCriticalOnesRecordingEveryWrite() throws Exception {
    int perHour = 4;
    try (var run = GateServiceTest.start(dir.resolve("audit.db"), preempting(perHour))) {
      // GitLab counts a retry when it receives it, before its answer is recorded as done: read
      // the journal until every cancellation GitLab answered has its retry settled too
      var journal = new AtomicReference<Journal>();
      waitFor(
          () -> {
            journal.set(Journal.read(run));
            return journal.get().settled() >= 2;
          },
          seconds(90));
      run.service().audit().flush(seconds(10));
      var cancels = journal.get().cancels();
      var retries = journal.get().retries();
      assertThat(received(run, "cancel").values())
          .as("no job cancelled twice")
          .allMatch(n -> n == 1);
      assertThat(received(run, "retry").values()).as("no job retried twice").allMatch(n -> n == 1);
      assertThat(cancels)
          .extracting(StoredAction::jobId)
          .containsAll(received(run, "cancel").keySet());
      Map<Long, StoredAction> retryOf = new HashMap<>();
      retries.forEach(r -> retryOf.put(r.jobId(), r));
      var done = cancels.stream().filter(c -> c.state().wire().equals("done")).toList();
      assertThat(done).hasSizeGreaterThanOrEqualTo(2);
      var times = new ArrayList<java.time.Instant>();
      for (var c : done) {
        times.add(c.requestedAt());
        assertThat(c.httpStatus()).isEqualTo(201);
        var m = FOR.matcher(c.reason());
        assertThat(m.find()).as(c.reason()).isTrue();
        long critical = Long.parseLong(m.group(1));
        assertThat(c.decisionId()).as("linked to the CRITICAL job's decision").isNotNull();
        var decision = run.service().store().byId(c.decisionId()).orElseThrow();
        assertThat(decision.jobId()).isEqualTo(critical);
        assertThat(decision.tier()).isEqualTo(Tier.CRITICAL.name());
        var victim = run.live().job(c.jobId()).orElseThrow();
        assertThat(victim.job().spec().stage()).isNotEqualTo("deploy");
        assertThat(victim.job().spec().environment()).isNull();
        assertThat(c.reason()).containsPattern("this (LOW|MEDIUM) job ran \\d+ s on runner \\d+");
        // retried at once: GitLab's new job is recorded, and runs or waits in GitLab
        var retry = retryOf.get(c.jobId());
        assertThat(retry).as("the retry of job %d", c.jobId()).isNotNull();
        assertThat(retry.state().wire()).isEqualTo("done");
        assertThat(retry.newJobId()).isNotNull().isNotEqualTo(c.jobId());
        assertThat(run.live().job(retry.newJobId()).orElseThrow().status())
            .isIn("pending", "running", "success", "failed");
      }
      java.util.Collections.sort(times);
      for (int i = perHour; i < times.size(); i++) {
        assertThat(Duration.between(times.get(i - perHour), times.get(i)))
            .as("at most %d cancellations in any hour", perHour)
            .isGreaterThanOrEqualTo(PreemptRule.HOUR);
      }
      var p = mode(run).get("preemption");
      assertThat(p.get("enabled").asBoolean()).isTrue();
      assertThat(p.get("cancelled").asLong()).isGreaterThanOrEqualTo(done.size());
      assertThat(p.get("wasted_runner_s").asLong()).isPositive();
      assertThat(p.get("per_hour").asInt()).isEqualTo(perHour);
      assertThat(call(run, "GET", "/metrics", "").body())
          .containsPattern("(?m)^runneriq_gate_preemptions_total [1-9]")
          .containsPattern("(?m)^runneriq_gate_preempted_runner_seconds_total [1-9]");
    }
  }
}
