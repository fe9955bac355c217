package dev.runneriq.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.engine.EngineConfig;
import dev.runneriq.core.model.Pipeline;
import dev.runneriq.formats.Fleet;
import dev.runneriq.formats.Trace;
import dev.runneriq.formats.TraceJob;
import dev.runneriq.formats.TracePipeline;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.sim.workload.WorkloadPresets;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@code runneriq-learn} keeps an eye on what projects claim: on the busy day with one project
 * moved onto hotfix branches for most of its pipelines, that project is flagged and damped, and the
 * projects that ran a genuine hotfix are not.
 */
class SimHonestyTest {

  /** Ran one genuine hotfix among their pipelines on the busy day (seed 42). */
  static final String[] GENUINE = {"docs/api", "platform/web"};

  static final String GAMER = "mobile/search";

  @Test
  void aProjectLivingOnHotfixBranchesIsDampedAndGenuineHotfixesAreNot() {
    var day = WorkloadPresets.generate("busy-day", 42);
    var gamed = onHotfixBranches(day, GAMER, 4);

    var honest = calibrationAfter(day);
    var damped = calibrationAfter(gamed);

    // the honest day: the projects with a genuine hotfix are left alone
    for (String p : GENUINE) {
      assertThat(honest.of(p)).as(p).isNull();
      assertThat(damped.of(p)).as(p).isNull();
    }
    assertThat(honest.of(GAMER)).isNull();
    // 11 of its 14 pipelines on hotfix branches: damped by the most a calibration takes
    var a = damped.of(GAMER);
    assertThat(a).isNotNull();
    assertThat(a.points()).isEqualTo(-15);
    assertThat(a.reason()).contains("of this project's pipelines run on hotfix branches");
  }

  private static dev.runneriq.core.model.Calibration calibrationAfter(Trace trace) {
    var simulator = new Simulator(EngineConfig.DEFAULT);
    var w = simulator.world(trace, Fleet.of(Bundled.fleet()), Bundled.carbon());
    var sim = SimFixtures.run(w, Policies.RUNNERIQ_LEARN, 42);
    return ((RunnerIqPolicy) sim.policy).calibration();
  }

  static Trace onHotfixBranches(Trace trace, String project, int everyNth) {
    var out = new ArrayList<TracePipeline>();
    int n = 0;
    for (var tp : trace.pipelines()) {
      var p = tp.pipeline();
      if (!p.project().equals(project) || n++ % everyNth == everyNth - 1) {
        out.add(tp);
        continue;
      }
      var moved =
          new Pipeline(
              p.id(),
              p.project(),
              "hotfix/urgent-" + p.id(),
              Pipeline.BRANCH,
              true,
              false,
              p.source(),
              p.user(),
              p.userIsBot(),
              p.stages());
      var jobs = new ArrayList<TraceJob>();
      for (var j : tp.jobs()) {
        jobs.add(
            new TraceJob(
                j.spec().inPipeline(moved),
                j.needs(),
                j.durationS(),
                j.failed(),
                j.allowFailure(),
                j.when(),
                j.startInS()));
      }
      out.add(new TracePipeline(moved, tp.createdAt(), tp.projectId(), jobs));
    }
    return new Trace(trace.source() + " (" + project + " on hotfix branches)", out);
  }
}
