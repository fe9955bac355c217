package dev.runneriq.core.decision;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.placement.Candidate;
import dev.runneriq.core.placement.PlacementResult;
import dev.runneriq.core.placement.ScoreLine;
import dev.runneriq.core.priority.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Renders decisions into plain words. Every explanation RunnerIQ prints is made here. */
public final class Explanations {
  private Explanations() {}

  /** {@code deploy-prod is CRITICAL (92): deploys to production +40, …} */
  public static String priority(PendingJob job, Priority p) {
    String factors = p.renderFactors();
    return job.name()
        + " is "
        + p.tier()
        + " ("
        + p.score()
        + ")"
        + (factors.isEmpty() ? "" : ": " + factors);
  }

  /** A runner as explanations name it: {@code fr-docker-1 (11)}. */
  public static String runner(Runner r) {
    return r.name() + " (" + r.id() + ")";
  }

  public static String assigned(
      PendingJob job,
      Priority p,
      PlacementResult placement,
      Candidate chosen,
      DecidedBy by,
      double tieMargin,
      @Nullable LlmRecord llm) {
    var s = new StringBuilder(priority(job, p)).append(". ");
    var cands = placement.candidates();
    if (cands.size() == 1) {
      s.append("Runner ")
          .append(runner(chosen.runner()))
          .append(" is the only one free to take it");
      s.append(": ").append(reasons(chosen)).append('.');
    } else {
      Candidate next = cands.get(0) == chosen ? cands.get(1) : cands.get(0);
      switch (by) {
        case RULES ->
            s.append("Runner ")
                .append(runner(chosen.runner()))
                .append(" scores ")
                .append(num(chosen.total()))
                .append(" against ")
                .append(num(next.total()))
                .append(" for the next: ")
                .append(reasons(chosen))
                .append('.');
        case TIE_BREAK, LLM -> {
          s.append(placement.nearTies())
              .append(" runners are within ")
              .append(pct(tieMargin))
              .append(" of the best (")
              .append(num(cands.get(0).total()))
              .append(" to ")
              .append(num(cands.get(placement.nearTies() - 1).total()))
              .append("); ");
          if (by == DecidedBy.LLM && llm != null) {
            s.append(llm.model())
                .append(" chose ")
                .append(runner(chosen.runner()))
                .append(": ")
                .append(llm.rationale() == null ? "no reason given" : llm.rationale())
                .append('.');
          } else {
            s.append("the rule order picks ")
                .append(runner(chosen.runner()))
                .append(" (")
                .append(reasons(chosen))
                .append(')');
            if (llm != null && !llm.accepted()) {
              s.append("; the model's answer was not used: ")
                  .append(llm.error() == null ? "rejected" : llm.error());
            }
            s.append('.');
          }
        }
        case FIFO_FALLBACK -> s.append("Runner ").append(runner(chosen.runner())).append('.');
      }
    }
    appendRejections(s, placement, false);
    appendStandAside(s, placement);
    return s.toString();
  }

  public static String waiting(PendingJob job, Priority p, PlacementResult placement) {
    var s = new StringBuilder(priority(job, p)).append(". ");
    int busy = placement.rejections().getOrDefault("at capacity", 0);
    s.append(busy == 1 ? "The one runner" : "All " + busy + " runners")
        .append(" that could take it ")
        .append(busy == 1 ? "is" : "are")
        .append(" busy; it stays queued.");
    appendRejections(s, placement, true);
    return s.toString();
  }

  public static String unplaceable(PendingJob job, Priority p, PlacementResult placement) {
    var s = new StringBuilder(priority(job, p)).append(". ");
    s.append("0/")
        .append(placement.considered())
        .append(" runners can take it")
        .append(placement.considered() == 0 ? "." : ": " + histogram(placement) + ".");
    return s.toString();
  }

  public static String fallback(
      PendingJob job, @Nullable Priority p, @Nullable Runner runner, String reason) {
    var s = new StringBuilder(p == null ? job.name() : priority(job, p)).append(". ");
    s.append("The engine failed (").append(reason).append("), so GitLab's own order was used: ");
    if (runner == null) {
      s.append("no runner is free to take it, it stays queued.");
    } else {
      s.append("oldest job first, first free runner ").append(runner(runner)).append('.');
    }
    return s.toString();
  }

  private static void appendRejections(
      StringBuilder s, PlacementResult placement, boolean excludeBusy) {
    Map<String, Integer> rej = placement.rejections();
    int total = 0;
    for (var e : rej.entrySet()) {
      if (!(excludeBusy && e.getKey().equals("at capacity"))) {
        total += e.getValue();
      }
    }
    if (total == 0) {
      return;
    }
    s.append(' ')
        .append(total)
        .append(" of ")
        .append(placement.considered())
        .append(" runners could not take it: ")
        .append(excludeBusy ? histogramWithout(placement, "at capacity") : histogram(placement))
        .append('.');
  }

  private static void appendStandAside(StringBuilder s, PlacementResult placement) {
    for (String scorer : placement.standAside()) {
      s.append(' ')
          .append("No ")
          .append(scorer)
          .append(" data for these runners: that scorer stood aside.");
    }
  }

  /** {@code 7 missing required tags [gpu], 5 paused} */
  public static String histogram(PlacementResult placement) {
    return histogramWithout(placement, null);
  }

  private static String histogramWithout(PlacementResult placement, @Nullable String skip) {
    var parts = new ArrayList<String>();
    placement
        .rejections()
        .forEach(
            (reason, count) -> {
              if (reason.equals(skip)) {
                return;
              }
              String detail = placement.rejectionDetails().getOrDefault(reason, "");
              parts.add(count + " " + reason + (detail.isEmpty() ? "" : " " + detail));
            });
    return String.join(", ", parts);
  }

  /** The words of the scorers that carried weight, biggest contribution first. */
  private static String reasons(Candidate c) {
    var idx = new ArrayList<Integer>();
    List<ScoreLine> lines = c.scores();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).weight() > 0) {
        idx.add(i);
      }
    }
    idx.sort(
        (a, b) ->
            Double.compare(
                lines.get(b).weight() * lines.get(b).normalized(),
                lines.get(a).weight() * lines.get(a).normalized()));
    var words = new ArrayList<String>();
    for (int i : idx) {
      words.add(c.words().get(i));
    }
    return words.isEmpty() ? "no scorer carried weight" : String.join(", ", words);
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String pct(double share) {
    return String.format(Locale.ROOT, "%.0f%%", share * 100);
  }
}
