package dev.runneriq.core.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExplanationTest {
  static final String WORDS =
      "lint is LOW (12). All 4 runners that could take it are busy; it stays queued.";

  @Test
  void wordsAreRenderedWhenFirstReadAndOnlyThen() {
    var renders = new AtomicInteger();
    var later =
        Explanation.later(
            () -> {
              renders.incrementAndGet();
              return WORDS;
            });
    assertThat(renders).hasValue(0);
    assertThat(later.text()).isEqualTo(WORDS);
    assertThat(later.text()).isEqualTo(WORDS);
    assertThat(renders).hasValue(1);
    assertThat(later)
        .isEqualTo(new Explanation(WORDS))
        .hasSameHashCodeAs(new Explanation(WORDS))
        .isNotEqualTo(new Explanation("lint is LOW (12)."));
    assertThat(later.toString()).isEqualTo(WORDS);
  }

  @Test
  void aSubclassRendersItsWordsWhenFirstReadAndWordsKnownAreNeverRendered() {
    var renders = new AtomicInteger();
    var held =
        new Explanation() {
          @Override
          protected String render() {
            renders.incrementAndGet();
            return WORDS;
          }
        };
    var known =
        new Explanation(WORDS) {
          @Override
          protected String render() {
            throw new AssertionError("words known are not rendered");
          }
        };

    assertThat(renders).hasValue(0);
    assertThat(held).isEqualTo(known).hasSameHashCodeAs(known).hasToString(WORDS);
    assertThat(held.text()).isEqualTo(WORDS);
    assertThat(renders).hasValue(1);
  }

  @Test
  void threadsRacingToReadGetTheSameWords() throws Exception {
    for (int round = 0; round < 200; round++) {
      int n = round;
      var later = Explanation.later(() -> "job " + n + " waits");
      var seen = new ArrayList<String>();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        threads.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      String words = later.text();
                      synchronized (seen) {
                        seen.add(words);
                      }
                    }));
      }
      for (var t : threads) {
        t.join();
      }
      assertThat(seen).hasSize(4).containsOnly("job " + n + " waits");
    }
  }
}
