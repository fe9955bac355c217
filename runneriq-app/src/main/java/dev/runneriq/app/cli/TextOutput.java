package dev.runneriq.app.cli;

import dev.runneriq.core.decision.Decision;
import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.priority.Priority;
import dev.runneriq.formats.Printable;
import java.util.List;
import java.util.Locale;

/**
 * Plain-text renderings for the terminal. Each line passes through {@link Printable#escape}: a job
 * name, ref or rationale cannot clear the screen, hide text or start a line of its own.
 */
final class TextOutput {
  private TextOutput() {}

  /** {@code text} as one line of output, whatever characters it holds. */
  static String line(String text) {
    return Printable.escape(text) + System.lineSeparator();
  }

  static String priority(PendingJob job, Priority p) {
    var s = new StringBuilder();
    s.append(
        line(
            String.format(
                Locale.ROOT,
                "%-9s %3d  %s (job %d, %s %s)",
                p.tier(),
                p.score(),
                job.name(),
                job.id(),
                job.project(),
                job.pipeline().ref())));
    for (var f : p.factors()) {
      s.append(
          line(
              String.format(
                  Locale.ROOT, "          %+4d  %-12s %s", f.points(), f.factor(), f.detail())));
    }
    return s.toString();
  }

  static String decisions(List<Decision> decisions) {
    var s = new StringBuilder();
    int i = 1;
    for (var d : decisions) {
      String target =
          switch (d.action()) {
            case ASSIGN, PREEMPT -> d.action().wire() + " runner " + d.runnerId();
            case DEFER -> "defer until " + d.deferUntil();
            default -> d.action().wire();
          };
      s.append(
          line(
              String.format(
                  Locale.ROOT,
                  "%d. %s (job %d) %s %d -> %s [%s]",
                  i++,
                  d.job().name(),
                  d.jobId(),
                  d.priority().tier(),
                  d.priority().score(),
                  target,
                  d.decidedBy().wire())));
      s.append(line("   " + d.explanation().text()));
    }
    return s.toString();
  }
}
