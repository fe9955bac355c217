package dev.runneriq.core.priority;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoTest {
  @Test
  void answersEachWordOnceUntilFullThenStartsOver() {
    List<String> asked = new ArrayList<>();
    var memo =
        new Memo<String, Integer>(
            2,
            w -> {
              asked.add(w);
              return w.length();
            });
    assertThat(memo.get("lint")).isEqualTo(4);
    assertThat(memo.get("deploy")).isEqualTo(6);
    assertThat(memo.get("lint")).isEqualTo(4);
    assertThat(asked).containsExactly("lint", "deploy");

    assertThat(memo.get("build")).as("a third word: the memo starts over").isEqualTo(5);
    assertThat(memo.get("build")).isEqualTo(5);
    assertThat(memo.get("lint")).isEqualTo(4);
    assertThat(asked).containsExactly("lint", "deploy", "build", "lint");
  }
}
