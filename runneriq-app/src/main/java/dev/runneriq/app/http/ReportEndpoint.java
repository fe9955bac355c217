package dev.runneriq.app.http;

import dev.runneriq.app.report.Reports;
import dev.runneriq.store.AuditStore;
import io.javalin.http.Context;
import java.time.InstantSource;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/v1/report?since=30d}: what RunnerIQ saved over the window, per project and group
 * (the JSON {@code runneriq report --json} writes). A window that is not days or hours is refused
 * with 400 naming it; without an audit log the answer is 503.
 */
final class ReportEndpoint {
  static final String PATH = "/api/v1/report";

  private final @Nullable AuditStore store;
  private final InstantSource clock;
  private volatile Reports.Settings settings = Reports.Settings.DEFAULT;

  ReportEndpoint(@Nullable AuditStore store, InstantSource clock) {
    this.store = store;
    this.clock = clock;
  }

  void settings(Reports.Settings value) {
    settings = value;
  }

  void handle(Context ctx) {
    String since = ctx.queryParam("since");
    var window = Params.valid(() -> Reports.window(since == null ? "30d" : since));
    var s = store;
    if (s == null) {
      throw new ApiError(503, "no audit log: a report reads the store");
    }
    var report = ApiServer.storeCall(() -> Reports.read(s, settings, window, clock.instant()));
    ApiServer.json(ctx, Views.tree(report));
  }
}
