package dev.runneriq.formats;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one reading of HTTP's {@code Retry-After} header that every client of RunnerIQ uses (the
 * GitLab client, the carbon providers). As RFC 9110 (section 10.2.3) has it, the value is either a
 * number of seconds, written in digits only, or an HTTP date such as {@code Fri, 05 Jul 2024
 * 10:32:30 GMT}. A date already past means no wait. A wait longer than {@link #LONGEST} counts as
 * {@link #LONGEST}, so that no header stops a client for good or overflows a clock. Anything else
 * (a sign, a fraction, words, an empty value) is unreadable, and each client says what it does
 * then.
 */
public final class RetryAfter {
  /** The header's name. */
  public static final String HEADER = "Retry-After";

  /** The longest wait a {@code Retry-After} is taken to ask for: one day. */
  public static final Duration LONGEST = Duration.ofDays(1);

  private static final Pattern SECONDS = Pattern.compile("[0-9]+");

  /** Digits enough for more than a day; more of them cannot be less. */
  private static final int MAX_DIGITS = 9;

  private RetryAfter() {}

  /**
   * The wait {@code value} asks for, read at {@code now}, from zero to {@link #LONGEST}; empty when
   * the value is neither digits nor an HTTP date.
   */
  public static Optional<Duration> parse(String value, Instant now) {
    String v = value.strip();
    if (SECONDS.matcher(v).matches()) {
      String digits = v.replaceFirst("^0+(?=.)", "");
      return Optional.of(
          digits.length() > MAX_DIGITS
              ? LONGEST
              : atMostLongest(Duration.ofSeconds(Long.parseLong(digits))));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(
          at.isAfter(now) ? atMostLongest(Duration.between(now, at)) : Duration.ZERO);
    } catch (DateTimeParseException unreadable) {
      return Optional.empty();
    }
  }

  private static Duration atMostLongest(Duration d) {
    return d.compareTo(LONGEST) > 0 ? LONGEST : d;
  }
}
