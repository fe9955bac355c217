package dev.runneriq.app.http;

import static dev.runneriq.app.http.ApiServer.json;
import static dev.runneriq.app.http.ApiServer.storeCall;

import dev.runneriq.formats.DecisionFormat;
import dev.runneriq.formats.Documents;
import dev.runneriq.formats.Printable;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.DecisionQuery;
import io.javalin.http.Context;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/v1/decisions} (filtered, paged) and {@code GET /api/v1/decisions/{id}}: from the
 * audit log; without one (embedded use, never the service) the latest cycle's decisions stand in.
 */
final class DecisionsEndpoint {
  private final Supplier<LiveState> state;
  private final @Nullable AuditStore store;

  DecisionsEndpoint(Supplier<LiveState> state, @Nullable AuditStore store) {
    this.state = state;
    this.store = store;
  }

  void list(Context ctx) {
    var q =
        Params.valid(
            () ->
                new DecisionQuery(
                    Params.longParam(ctx, "job"),
                    Params.longParam(ctx, "pipeline"),
                    ctx.queryParam("project"),
                    ctx.queryParam("tier"),
                    ctx.queryParam("decided_by"),
                    Params.timeParam(ctx, "since"),
                    Params.timeParam(ctx, "until"),
                    Params.intParam(ctx, "limit", 50),
                    Params.intParam(ctx, "offset", 0)));
    var s = store;
    if (s == null) {
      json(
          ctx,
          Documents.JSON
              .createObjectNode()
              .set("decisions", Views.decisions(state.get().decisions())));
      return;
    }
    var root = Documents.JSON.createObjectNode();
    var arr = root.putArray("decisions");
    storeCall(() -> s.query(q)).forEach(d -> arr.add(Views.stored(d)));
    root.put("limit", q.limit());
    root.put("offset", q.offset());
    json(ctx, root);
  }

  void one(Context ctx) {
    String id = ctx.pathParam("id");
    if (!id.matches("[0-9A-Za-z]{1,32}")) {
      throw new ApiError(
          400, "decision id must be 1-32 letters and digits, but was " + Printable.clip(id));
    }
    var s = store;
    if (s == null) {
      for (var d : state.get().decisions()) {
        if (d.id().equals(id)) {
          json(ctx, DecisionFormat.write(d));
          return;
        }
      }
      throw new ApiError(404, "no decision with id " + id);
    }
    var found = storeCall(() -> s.byId(id));
    json(
        ctx, Views.stored(found.orElseThrow(() -> new ApiError(404, "no decision with id " + id))));
  }
}
