package dev.runneriq.app.cli;

import dev.runneriq.app.http.Views;
import dev.runneriq.formats.Documents;
import dev.runneriq.formats.Printable;
import dev.runneriq.store.AuditStore;
import dev.runneriq.store.DecisionQuery;
import dev.runneriq.store.StoreException;
import dev.runneriq.store.StoredDecision;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runneriq log}: decisions from the audit log, newest first. */
@Command(
    name = "log",
    mixinStandardHelpOptions = true,
    description = "Print decisions from the audit log, newest first, with what happened after.")
final class LogCommand implements Callable<Integer> {
  @Mixin StoreOptions store = new StoreOptions();

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
    DecisionQuery query;
    try {
      query =
          new DecisionQuery(
              job,
              pipeline,
              project,
              tier,
              decidedBy,
              time(since, "--since"),
              time(until, "--until"),
              limit,
              offset);
    } catch (IllegalArgumentException e) {
      throw new UserError(String.valueOf(e.getMessage()));
    }
    List<StoredDecision> rows;
    try {
      rows = AuditStore.open(config).query(query);
    } catch (StoreException e) {
      throw new UserError(String.valueOf(e.getMessage()));
    }
    var out = spec.commandLine().getOut();
    if (format == OutputFormat.json) {
      var root = Documents.JSON.createObjectNode();
      root.put("format", "runneriq.decisions/v1");
      var arr = root.putArray("decisions");
      for (var r : rows) {
        arr.add(Views.stored(r));
      }
      out.println(Documents.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    } else {
      for (var r : rows) {
        out.print(TextOutput.line(line(r)));
      }
      if (rows.isEmpty()) {
        out.println("(no decisions match)");
      }
    }
    out.flush();
    return 0;
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
