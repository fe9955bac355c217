package dev.runneriq.app.http;

import dev.runneriq.formats.Printable;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Query parameters read strictly: a malformed one is a 400 that names it and its value. */
final class Params {
  private Params() {}

  /** The query {@code build} makes of the parameters, or a 400 in its words for a bad value. */
  static <Q> Q valid(Supplier<Q> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, String.valueOf(e.getMessage()));
    }
  }

  static @Nullable Long longParam(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return null;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ApiError(400, name + " must be an integer, but was " + Printable.clip(v));
    }
  }

  static int intParam(Context ctx, String name, int dflt) {
    Long v = longParam(ctx, name);
    if (v == null) {
      return dflt;
    }
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new ApiError(400, name + " is out of range: " + v);
    }
    return v.intValue();
  }

  static @Nullable Instant timeParam(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      throw new ApiError(
          400,
          name
              + " must be an ISO-8601 time like 2026-11-28T10:00:00Z, but was "
              + Printable.clip(v));
    }
  }
}
