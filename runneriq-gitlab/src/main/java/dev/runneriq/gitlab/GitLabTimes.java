package dev.runneriq.gitlab;

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
 * +0100}, and some older ones ISO again.
 */
public final class GitLabTimes {
  private static final DateTimeFormatter HOOK_UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");
  private static final DateTimeFormatter HOOK_OFFSET =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z");

  private GitLabTimes() {}

  /** The instant, or null when the text is null, blank or in no format GitLab uses. */
  public static @Nullable Instant parse(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.trim();
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
}
