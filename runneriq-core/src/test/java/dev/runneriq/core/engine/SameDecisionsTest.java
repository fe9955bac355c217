package dev.runneriq.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.core.testing.SnapshotArbitraries;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;

/**
 * The engine's decisions on a fixed set of random workloads, as a digest recorded before an
 * optimization of the placement step: a change meant to make the engine faster, not different,
 * keeps it. Every field of every decision counts (action, runner, candidates with their score
 * lines, rejections, the explanation). A change that means to decide differently records the new
 * digest and says why in its commit.
 */
class SameDecisionsTest {
  /** Recorded on the engine before the placement step's top-candidates shortcut. */
  static final String DIGEST = "9373391b0f5448b04933a0de1152fa48bcb9f04626b32c0e0b5774186870c5a5";

  @Example
  void decisionsOnRandomWorkloadsAreThoseRecorded() throws Exception {
    var engine = Engine.standard(EngineConfig.DEFAULT);
    var snapshots = SnapshotArbitraries.snapshots(60, 80).generator(100);
    var random = new Random(20261201L);
    var digest = MessageDigest.getInstance("SHA-256");
    int decided = 0;
    for (int i = 0; i < 400; i++) {
      Snapshot snapshot = snapshots.next(random).value();
      List<Decision> decisions = engine.decide(snapshot, 42L);
      for (var d : decisions) {
        digest.update(d.toString().getBytes(StandardCharsets.UTF_8));
      }
      decided += decisions.size();
    }
    assertThat(decided).as("workloads with jobs to decide").isGreaterThan(4_000);
    assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(DIGEST);
  }
}
