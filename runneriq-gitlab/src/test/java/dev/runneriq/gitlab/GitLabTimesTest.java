package dev.runneriq.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GitLab's timestamp spellings: the common ones read by hand give the instants the formatters give,
 * and whatever else a sender writes is still the formatters' to decide.
 */
class GitLabTimesTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      textBlock =
          """
          REST, milliseconds and Z            | 2026-05-13T10:10:00.000Z      | 2026-05-13T10:10:00Z
          REST, an offset                     | 2026-05-13T12:10:00+02:00     | 2026-05-13T10:10:00Z
          REST, nanoseconds                   | 2026-05-13T10:10:00.123456789Z | 2026-05-13T10:10:00.123456789Z
          webhook, UTC                        | 2023-01-10 13:50:02 UTC       | 2023-01-10T13:50:02Z
          webhook, an offset                  | 2023-01-10 13:50:02 +0100     | 2023-01-10T12:50:02Z
          webhook, a negative offset          | 2023-01-10 13:50:02 -0530     | 2023-01-10T19:20:02Z
          spaces around                       | '  2023-01-10 13:50:02 UTC '  | 2023-01-10T13:50:02Z
          REST without seconds (formatters)   | 2026-05-13T10:10Z             | 2026-05-13T10:10:00Z
          ISO date with the webhook's UTC     | 2026-05-13T10:10:00 UTC       | null
          webhook time with a fraction        | 2023-01-10 13:50:02.5 UTC     | null
          February 30th, ISO                  | 2024-02-30T10:00:00Z          | null
          an hour of 25                       | 2024-02-03 25:00:00 UTC       | null
          an offset of 19 hours               | 2024-02-03T10:00:00+19:00     | null
          Arabic-Indic digits                 | ٢٠٢٤-02-03T10:00:00Z          | null
          not a time                          | yesterday at noon, roughly    | null
          """)
  void readsWhatGitLabWrites(String what, String text, String instant) {
    assertThat(GitLabTimes.parse(text)).isEqualTo(instant == null ? null : Instant.parse(instant));
  }

  /** Seeded mutations of the four spellings: where the hand reads one, it agrees with them. */
  @ParameterizedTest(name = "seed {0}")
  @CsvSource({"1", "2", "3"})
  void theHandReadingAgreesWithTheFormattersOnMutatedSpellings(long seed) {
    String[] spellings = {
      "2026-05-13T10:10:00.000Z",
      "2026-12-31T23:59:59+14:00",
      "2023-01-10 13:50:02 UTC",
      "2023-02-28 00:00:00 -1200"
    };
    String alphabet = "0123456789-+: .TZU";
    var random = new Random(seed);
    int read = 0;
    for (int i = 0; i < 20_000; i++) {
      var s = new StringBuilder(spellings[random.nextInt(spellings.length)]);
      for (int m = random.nextInt(3); m >= 0; m--) {
        s.setCharAt(random.nextInt(s.length()), alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String t = s.toString();
      Instant byHand = GitLabTimes.common(t);
      if (byHand != null) {
        read++;
        assertThat(byHand).as(t).isEqualTo(GitLabTimes.viaFormatters(t));
      }
      assertThat(GitLabTimes.parse(t))
          .as(t)
          .isEqualTo(t.isBlank() ? null : GitLabTimes.viaFormatters(t.trim()));
    }
    assertThat(read).as("spellings the hand read").isGreaterThan(1000);
  }
}
