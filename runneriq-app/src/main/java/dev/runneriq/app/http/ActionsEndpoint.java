package dev.runneriq.app.http;

import dev.runneriq.store.ActionQuery;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.StoredAction;
import io.javalin.http.Context;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/v1/actions}: the writes RunnerIQ sent to GitLab (or, in a dry run, would have
 * sent) and its mode changes, newest first, filtered as {@code runneriq log --actions} filters
 * them. A filter that is not one of the values named is refused with 400 and its name.
 */
final class ActionsEndpoint {
  static final String PATH = "/api/v1/actions";

  private final @Nullable AuditStore store;

  /**
   * @param store null without an audit log (embedded use, never the service): nothing acted, and
   *     the page is empty
   */
  ActionsEndpoint(@Nullable AuditStore store) {
    this.store = store;
  }

  void handle(Context ctx) {
    var q =
        Params.valid(
            () ->
                new ActionQuery(
                    Params.longParam(ctx, "job"),
                    ctx.queryParam("project"),
                    ctx.queryParam("kind"),
                    ctx.queryParam("state"),
                    Params.timeParam(ctx, "since"),
                    Params.timeParam(ctx, "until"),
                    Params.intParam(ctx, "limit", 50),
                    Params.intParam(ctx, "offset", 0)));
    var s = store;
    var rows =
        s == null ? List.<StoredAction>of() : ApiServer.storeCall(() -> s.actions().query(q));
    ApiServer.json(ctx, Views.actions(rows, q));
  }
}
