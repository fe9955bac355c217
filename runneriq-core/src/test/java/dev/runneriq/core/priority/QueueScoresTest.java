package dev.runneriq.core.priority;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runneriq.core.model.Calibration;
import dev.runneriq.core.model.PendingJob;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A job whose waiting-time line did not move keeps its priority object between cycles. */
class QueueScoresTest {
  private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

  private final Analyzer analyzer = new Analyzer(PriorityPolicy.DEFAULT);

  @Test
  void aJobWhoseWaitingLineSaysTheSameKeepsItsPriorityAndOneWhoseLineMovedIsScoredAgain() {
    var random = new Random(7);
    var queue = new ArrayList<PendingJob>();
    for (int k = 0; k < 50; k++) {
      queue.add(job(k + 1, T0.minusSeconds(600 + 60L * k).minusMillis(200), random));
    }
    var scores = new QueueScores(analyzer);
    var first = scores.score(queue, T0, Calibration.NONE);
    // a second later every job has waited the same whole number of minutes
    var second = scores.score(queue, T0.plusSeconds(1), Calibration.NONE);
    for (int i = 0; i < first.length; i++) {
      assertThat(second[i]).as("job %d", i + 1).isSameAs(first[i]);
    }
    // a minute later every waiting-time line says one more minute
    var third = scores.score(queue, T0.plus(Duration.ofSeconds(61)), Calibration.NONE);
    for (int i = 0; i < first.length; i++) {
      assertThat(third[i]).as("job %d", i + 1).isNotSameAs(second[i]);
      assertThat(third[i])
          .isEqualTo(analyzer.score(queue.get(i), T0.plusSeconds(61), Calibration.NONE));
    }
    // the first job gone and one joined at the end: the others are still found
    var fewer = new ArrayList<>(queue.subList(1, queue.size()));
    fewer.add(job(99, T0, random));
    var fourth = scores.score(fewer, T0.plus(Duration.ofSeconds(62)), Calibration.NONE);
    for (int i = 0; i < fewer.size() - 1; i++) {
      assertThat(fourth[i]).as("job %d", i + 2).isSameAs(third[i + 1]);
    }
  }

  private static PendingJob job(long id, Instant since, Random random) {
    return QueueScoresProperties.job(id, since, random);
  }
}
