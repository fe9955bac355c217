package dev.runneriq.core.placement;

import static dev.runneriq.core.testing.Fixtures.runner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.model.Runner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a placement is told of the runners since its last call. */
class SeenRunnersTest {
  private final List<String> told = new ArrayList<>();
  private final SeenRunners seen = new SeenRunners();

  private static final List<Runner> FLEET =
      List.of(
          runner(1).tags("docker").slots(4, 2).build(),
          runner(2).tags("docker").slots(4, 4).build(),
          runner(3).tags("gpu").slots(1, 0).build());

  @Test
  void aFleetPictureMadeAgainTellsOnlyTheRunnersWhoseLoadChanged() {
    assertThat(seen.update(FLEET, this::tell)).isFalse(); // the first call takes the fleet in whole

    // each cycle the picture is made anew: every runner a new record, one with another load
    var again = new ArrayList<Runner>();
    for (var r : FLEET) {
      again.add(r.toBuilder().build());
    }
    again.set(1, FLEET.get(1).withRunning(3));

    assertThat(again.get(0)).isNotSameAs(FLEET.get(0)).isEqualTo(FLEET.get(0));
    assertThat(seen.update(again, this::tell)).isTrue();
    assertThat(told).containsExactly("1: 3 running, freed");
  }

  @Test
  void aRunnerBusierIsToldNotFreed() {
    seen.update(FLEET, this::tell);
    var busier = new ArrayList<>(FLEET);
    busier.set(0, FLEET.get(0).withRunning(3));

    assertThat(seen.update(busier, this::tell)).isTrue();
    assertThat(told).containsExactly("0: 3 running");
  }

  @Test
  void anyOtherChangeTakesTheFleetInWhole() {
    seen.update(FLEET, this::tell);
    var paused = new ArrayList<>(FLEET);
    paused.set(2, FLEET.get(2).toBuilder().paused(true).build());

    assertThat(seen.update(paused, this::tell)).isFalse();
    assertThat(told).isEmpty();
  }

  private void tell(int index, Runner now, boolean freed) {
    told.add(index + ": " + now.running() + " running" + (freed ? ", freed" : ""));
  }
}
