package dev.runneriq.gitlab;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * GitLab's timestamps as instants. The REST API writes ISO 8601 ({@code 2026-05-13T10:10:00.000Z}
 * or with an offset); webhooks write {@code 2023-01-10 13:50:02 UTC} or {@code 2023-01-10 13:50:02
 * +0100}, and some older ones ISO again. Those spellings are read by hand, since every webhook
 * carries several and the formatters (and their exceptions, for a spelling they do not take) cost
 * more than the rest of a delivery's parse; anything else goes to the formatters, which decide.
 */
public final class GitLabTimes {
  private static final DateTimeFormatter HOOK_UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");
  private static final DateTimeFormatter HOOK_OFFSET =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z");
  private static final int[] NANOS_PER_DIGIT = {
    100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1000, 100, 10, 1
  };

  private GitLabTimes() {}

  /** The instant, or null when the text is null, blank or in no format GitLab uses. */
  public static @Nullable Instant parse(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.trim();
    Instant common = common(t);
    return common != null ? common : viaFormatters(t);
  }

  /** What the formatters make of {@code t}: the reference the hand-read spellings agree with. */
  static @Nullable Instant viaFormatters(String t) {
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException ignored) {
      // try the webhook spellings below
    }
    try {
      return LocalDateTime.parse(t, HOOK_UTC).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      // try the offset spelling below
    }
    try {
      return OffsetDateTime.parse(t, HOOK_OFFSET).toInstant();
    } catch (DateTimeParseException ignored) {
      return null;
    }
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ss[.fraction]} with {@code Z} or {@code ±hh:mm}, or {@code yyyy-MM-dd
   * HH:mm:ss} with {@code UTC} or {@code ±hhmm}; null for any other text, and for a date or time
   * out of range (the formatters' resolvers then say what it is).
   */
  static @Nullable Instant common(String t) {
    int n = t.length();
    if (n < 20
        || t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':') {
      return null;
    }
    boolean iso = t.charAt(10) == 'T';
    if (!iso && t.charAt(10) != ' ') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    if (year < 1 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
      return null;
    }
    int i = 19;
    int nano = 0;
    if (iso && t.charAt(i) == '.') {
      int from = ++i;
      while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
        i++;
      }
      if (i == from || i - from > NANOS_PER_DIGIT.length) {
        return null;
      }
      nano = digits(t, from, i - from) * NANOS_PER_DIGIT[i - from - 1];
    }
    int offset = offsetSeconds(t, i, iso);
    if (offset == Integer.MIN_VALUE) {
      return null;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second, nano)
          .toInstant(ZoneOffset.ofTotalSeconds(offset));
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The offset spelled from {@code i} to the end, or {@code MIN_VALUE} for none of the four. */
  private static int offsetSeconds(String t, int i, boolean iso) {
    int left = t.length() - i;
    if (iso && left == 1 && t.charAt(i) == 'Z') {
      return 0;
    }
    if (!iso && left == 4 && t.startsWith(" UTC", i)) {
      return 0;
    }
    int sign;
    int hh;
    int mm;
    if (iso && left == 6 && t.charAt(i + 3) == ':') {
      sign = t.charAt(i);
      hh = digits(t, i + 1, 2);
      mm = digits(t, i + 4, 2);
    } else if (!iso && left == 6 && t.charAt(i) == ' ') {
      sign = t.charAt(i + 1);
      hh = digits(t, i + 2, 2);
      mm = digits(t, i + 4, 2);
    } else {
      return Integer.MIN_VALUE;
    }
    if ((sign != '+' && sign != '-') || hh < 0 || hh > 18 || mm < 0 || mm > 59) {
      return Integer.MIN_VALUE;
    }
    int seconds = hh * 3600 + mm * 60;
    return sign == '-' ? -seconds : seconds;
  }

  /** The number of {@code count} ASCII digits at {@code from}, or -1 when one is not a digit. */
  private static int digits(String t, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
