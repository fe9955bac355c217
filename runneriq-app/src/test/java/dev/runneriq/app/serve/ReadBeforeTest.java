package dev.runneriq.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.app.http.DecisionCopies;
import dev.runneriq.app.http.OpenApiAnswersTest;
import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.decision.Explanation;
import dev.runneriq.core.model.JobHistory;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Snapshot;
import dev.runneriq.formats.ContextFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A follower's next read keeps of the state it read last what did not change, and reads exactly
 * what a read without it reads: every example context decided, then its next cycle (every decision
 * a new id and time, the first one's words changed, the last one unchanged, the first job read
 * again with new history).
 */
class ReadBeforeTest {
  static List<Path> examples() throws java.io.IOException {
    return SharedStateTest.examples().toList();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void theNextStateKeepsWhatDidNotChange(Path example) {
    var state = OpenApiAnswersTest.stateOf(ContextFormat.read(example));
    var decided = state.decisions();
    assertThat(decided).hasSizeGreaterThan(1);
    var before = SharedState.read(SharedState.write(state));

    var next = nextCycle(state);
    var plain = SharedState.read(SharedState.write(next));
    var kept = SharedState.read(SharedState.write(next), before);

    assertThat(kept).isEqualTo(plain).isEqualTo(next);
    int last = decided.size() - 1;
    var now = kept.decisions();
    var then = before.decisions();
    assertThat(now.get(last)).as("a decision read again equal").isSameAs(then.get(last));
    for (int i = 1; i < last; i++) {
      var d = now.get(i);
      var o = then.get(i);
      assertThat(d).isNotSameAs(o);
      assertThat(d.job()).isSameAs(o.job());
      assertThat(d.priority()).isSameAs(o.priority());
      assertThat(d.explanation()).isSameAs(o.explanation());
      assertThat(d.candidates()).isSameAs(o.candidates());
      assertThat(d.rejections()).isSameAs(o.rejections());
      assertThat(d.at()).as("one instant for the cycle").isSameAs(now.get(0).at());
    }
    assertThat(now.get(0).explanation())
        .as("words that changed")
        .isNotSameAs(then.get(0).explanation())
        .isEqualTo(next.decisions().get(0).explanation());
    assertThat(now.get(0).job()).isSameAs(then.get(0).job());

    var jobs = kept.snapshot().jobs();
    var jobsThen = before.snapshot().jobs();
    assertThat(jobs.get(0)).as("a job with new history").isNotSameAs(jobsThen.get(0));
    for (int i = 1; i < jobs.size(); i++) {
      assertThat(jobs.get(i)).isSameAs(jobsThen.get(i));
    }
    var runnersThen = new IdentityHashMap<Object, Boolean>();
    before.snapshot().runners().forEach(r -> runnersThen.put(r, true));
    assertThat(kept.snapshot().runners()).allMatch(runnersThen::containsKey);
  }

  /**
   * A follower's reads share their short texts until they are twice as many as the first read left,
   * and 10,000 more (new projects, refs and job names over days); then the next read starts anew.
   */
  @Test
  void shortTextsAreLetGoOnceTheyGrowPastTwiceAsMany() {
    var state = rush();
    var first = new ReadBefore();
    addWords(first, 0, 500);
    var second = new ReadBefore(state, first);
    assertThat(second.words()).isSameAs(first.words());
    addWords(second, 500, 500 + 500 + 10_000); // 11,000: twice 500 and 10,000 more
    var third = new ReadBefore(state, second.wordsOnly());
    assertThat(third.words()).isSameAs(first.words());
    addWords(third, 11_000, 11_001);
    var fourth = new ReadBefore(state, third);
    assertThat(fourth.words()).as("11,001 words").isNotSameAs(first.words()).isEmpty();
    addWords(fourth, 0, 20_000);
    assertThat(new ReadBefore(state, fourth).words())
        .as("a new start: 20,000 words its first read's")
        .isSameAs(fourth.words());
  }

  /** Decision ids, new every cycle, are not among the words a follower keeps from read to read. */
  @Test
  void decisionIdsAreNotKeptAsWords() {
    var state = rush();
    var read = new ReadBefore();
    var back = SharedState.read(SharedState.write(state), read);

    assertThat(back.decisions()).isNotEmpty();
    for (var d : back.decisions()) {
      assertThat(read.words()).doesNotContainKey(d.id());
    }
    var job = back.decisions().get(0).job();
    assertThat(read.words()).containsKey(job.name()).containsKey(job.project());
  }

  /** What a follower keeps of a read for the next holds its words, not the state before it. */
  @Test
  void theNextReadIsHandedTheWordsAlone() {
    var state = rush();
    var read = new ReadBefore(state, new ReadBefore());
    var d = state.decisions().get(0);
    var again = DecisionCopies.copy(d, d.id(), d.jobId(), d.at(), d.explanation());
    assertThat(read.keep(again)).isSameAs(d);

    var handed = read.wordsOnly();
    assertThat(handed.words()).isSameAs(read.words());
    assertThat(handed.keep(again)).as("the state before is let go").isSameAs(again);
  }

  /** The deploy-rush example, decided. */
  private static LoopState rush() {
    return OpenApiAnswersTest.stateOf(
        ContextFormat.read(Path.of("..", "examples", "deploy-rush.json")));
  }

  private static void addWords(ReadBefore r, int from, int to) {
    for (int i = from; i < to; i++) {
      r.words().put("w" + i, "w" + i);
    }
  }

  /** {@code s} as the next cycle leaves it, 5 s later. */
  private static LoopState nextCycle(LoopState s) {
    var snapshot = s.snapshot();
    var jobs = new ArrayList<PendingJob>(snapshot.jobs());
    jobs.set(0, jobs.get(0).withHistory(new JobHistory(41, 120, 0.25)));
    var decisions = new ArrayList<Decision>();
    int last = s.decisions().size() - 1;
    for (int i = 0; i < last; i++) {
      var d = s.decisions().get(i);
      var words = i == 0 ? new Explanation(d.explanation().text() + " Again.") : d.explanation();
      decisions.add(
          DecisionCopies.copy(d, d.id() + "-next", d.jobId(), d.at().plusSeconds(5), words));
    }
    decisions.add(s.decisions().get(last));
    return new LoopState(
        new Snapshot(
            snapshot.now().plusSeconds(5),
            snapshot.runners(),
            jobs,
            snapshot.carbon(),
            snapshot.forecast(),
            snapshot.calibration()),
        decisions,
        s.refreshedAt().plus(Duration.ofSeconds(5)),
        null,
        true,
        List.of(),
        s.carbonProvider(),
        s.carbonProblems(),
        s.carbonHistory(),
        s.held(),
        s.insights());
  }
}
