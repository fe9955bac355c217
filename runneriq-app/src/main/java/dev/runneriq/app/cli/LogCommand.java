package dev.runneriq.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runneriq.app.http.Views;
import dev.runneriq.formats.Documents;
import dev.runneriq.formats.Printable;
import dev.runneriq.store.ActionKind;
import dev.runneriq.store.ActionQuery;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.DecisionQuery;
import dev.runneriq.store.StoreConfig;
import dev.runneriq.store.StoreException;
import dev.runneriq.store.StoredAction;
import dev.runneriq.store.StoredDecision;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code runneriq log}: decisions from the audit log, newest first; with {@code --actions}, the
 * writes RunnerIQ sent to GitLab and its mode changes instead.
 */
@Command(
    name = "log",
    mixinStandardHelpOptions = true,
    description = {
      "Print decisions from the audit log, newest first, with what happened after.",
      "With --actions, the writes to GitLab (play, cancel, retry) and mode changes instead."
    })
final class LogCommand implements Callable<Integer> {
  @Mixin StoreOptions store = new StoreOptions();

  @Option(
      names = "--actions",
      description = "The action log: writes to GitLab and mode changes, with GitLab's answers.")
  boolean actions;

  @Option(
      names = "--kind",
      description = "With --actions, only this kind: play, cancel, retry or mode.")
  @Nullable String kind;

  @Option(
      names = "--state",
      description = "With --actions, only this state: sent, done, failed, forbidden or dry_run.")
  @Nullable String state;

  @Option(names = "--job", description = "Only this job id.")
  @Nullable Long job;

  @Option(names = "--pipeline", description = "Only this pipeline id.")
  @Nullable Long pipeline;

  @Option(names = "--project", description = "Only this project path, e.g. shop/web.")
  @Nullable String project;

  @Option(names = "--tier", description = "Only this tier: CRITICAL, HIGH, MEDIUM or LOW.")
  @Nullable String tier;

  @Option(
      names = "--decided-by",
      description = "Only decisions settled by: rules, tie-break, llm or fifo-fallback.")
  @Nullable String decidedBy;

  @Option(names = "--since", paramLabel = "TIME", description = "From this time (ISO-8601).")
  @Nullable String since;

  @Option(names = "--until", paramLabel = "TIME", description = "Before this time (ISO-8601).")
  @Nullable String until;

  @Option(names = "--limit", defaultValue = "50", description = "At most this many.")
  int limit = 50;

  @Option(names = "--offset", defaultValue = "0", description = "Skip this many (paging).")
  int offset;

  @Option(
      names = "--format",
      defaultValue = "text",
      description = "text or json. Default: ${DEFAULT-VALUE}.")
  OutputFormat format = OutputFormat.text;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    var config = store.existing();
    if (config == null) {
      throw new UserError("--db FILE|URL is required: which audit log to read");
    }
    return actions ? printActions(config) : printDecisions(config);
  }

  private int printDecisions(StoreConfig config) throws Exception {
    if (kind != null || state != null) {
      throw new UserError(
          (kind != null ? "--kind" : "--state") + " filters actions: add --actions");
    }
    var query =
        valid(
            () ->
                new DecisionQuery(
                    job,
                    pipeline,
                    project,
                    tier,
                    decidedBy,
                    time(since, "--since"),
                    time(until, "--until"),
                    limit,
                    offset));
    return print(
        config,
        s -> s.query(query),
        LogCommand::decisionsDocument,
        LogCommand::line,
        "(no decisions match)");
  }

  private static JsonNode decisionsDocument(List<StoredDecision> rows) {
    var root = Documents.JSON.createObjectNode();
    root.put("format", "runneriq.decisions/v1");
    var arr = root.putArray("decisions");
    rows.forEach(r -> arr.add(Views.stored(r)));
    return root;
  }

  private int printActions(StoreConfig config) throws Exception {
    decisionsOnly("--pipeline", pipeline);
    decisionsOnly("--tier", tier);
    decisionsOnly("--decided-by", decidedBy);
    var query =
        valid(
            () ->
                new ActionQuery(
                    job,
                    project,
                    kind,
                    state,
                    time(since, "--since"),
                    time(until, "--until"),
                    limit,
                    offset));
    return print(
        config,
        s -> s.actions().query(query),
        rows -> Views.actions(rows, query),
        LogCommand::actionLine,
        "(no actions match)");
  }

  private static void decisionsOnly(String flag, @Nullable Object value) {
    if (value != null) {
      throw new UserError(
          flag
              + " filters decisions; with --actions use --job, --project, --kind, --state, --since"
              + " and --until");
    }
  }

  /** The query {@code build} makes, or the user's error in its words. */
  private static <Q> Q valid(Supplier<Q> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw new UserError(String.valueOf(e.getMessage()));
    }
  }

  /** Reads rows from the audit log and prints them: as one JSON document, or a line each. */
  private <T> int print(
      StoreConfig config,
      Function<AuditStore, List<T>> read,
      Function<List<T>, JsonNode> document,
      Function<T, String> line,
      String none)
      throws Exception {
    List<T> rows;
    try (var opened = AuditStore.open(config)) {
      rows = read.apply(opened);
    } catch (StoreException e) {
      throw new UserError(String.valueOf(e.getMessage()));
    }
    var out = spec.commandLine().getOut();
    if (format == OutputFormat.json) {
      out.println(
          Documents.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document.apply(rows)));
    } else {
      rows.forEach(r -> out.print(TextOutput.line(line.apply(r))));
      if (rows.isEmpty()) {
        out.println(none);
      }
    }
    out.flush();
    return 0;
  }

  /**
   * {@code 2026-11-28T10:00:00Z #11 play job 501 (shop/web): done 200 | deploy-prod is CRITICAL
   * (92) [runneriq@ci-host-1]}.
   */
  static String actionLine(StoredAction a) {
    String what =
        a.kind() == ActionKind.MODE
            ? a.modeFrom() + " -> " + a.modeTo() + ", asked by " + a.askedBy()
            : "job " + a.jobId() + " (" + a.project() + ")";
    String answer =
        switch (a.state()) {
          case SENT -> "sent, no answer recorded";
          case DRY_RUN -> "dry run, not sent";
          default ->
              a.state().wire()
                  + (a.httpStatus() == null ? "" : " " + a.httpStatus())
                  + (a.newJobId() == null ? "" : ", new job " + a.newJobId())
                  + (a.answer() == null ? "" : ": " + a.answer());
        };
    return String.format(
        Locale.ROOT,
        "%s  #%d %-6s %s: %s | %s [%s]",
        a.requestedAt(),
        a.id(),
        a.kind().wire(),
        what,
        answer,
        a.reason(),
        a.instance());
  }

  private static String line(StoredDecision r) {
    var o = r.outcome();
    String after =
        o == null
            ? ""
            : " | GitLab: "
                + o.status()
                + (o.runnerId() == null ? "" : " on runner " + o.runnerId())
                + (o.waitedSeconds() == null ? "" : ", waited " + o.waitedSeconds() + "s")
                + (r.followed() == null
                    ? ""
                    : Boolean.TRUE.equals(r.followed()) ? " (as advised)" : " (not as advised)");
    return String.format(
        Locale.ROOT,
        "%s  %-8s %3d  %-11s %-13s job %d %s (%s)%s%s",
        r.at(),
        r.tier(),
        r.score(),
        r.action() + (r.runnerId() == null ? "" : " " + r.runnerId()),
        "[" + r.decidedBy() + "]",
        r.jobId(),
        r.jobName(),
        r.project(),
        r.needsReview() ? " REVIEW" : "",
        after);
  }

  private static @Nullable Instant time(@Nullable String s, String flag) {
    if (s == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw new UserError(
          flag
              + " must be an ISO-8601 time like 2026-11-28T10:00:00Z, but was "
              + Printable.clip(s));
    }
  }
}
