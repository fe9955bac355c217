package dev.runneriq.core.decision;

import dev.runneriq.core.model.PendingJob;
import dev.runneriq.core.model.Runner;
import dev.runneriq.core.placement.Candidate;
import dev.runneriq.core.placement.PlacementResult;
import dev.runneriq.core.placement.Reason;
import dev.runneriq.core.placement.ScoreLine;
import dev.runneriq.core.placement.TossUps;
import dev.runneriq.core.priority.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Renders decisions into plain words. Every explanation RunnerIQ prints is made here. */
public final class Explanations {
  private static final String BUSY = Reason.AT_CAPACITY.text();
  private static final String KEPT = Reason.KEPT_FOR_RARE_TAGS.text();

  private Explanations() {}

  /** What the best and the other near-ties offer each other: {@code speed against health}. */
  private static String tradeOffs(PlacementResult placement) {
    var cands = placement.candidates();
    var best = new java.util.TreeSet<String>();
    var others = new java.util.TreeSet<String>();
    for (int i = 1; i < placement.nearTies(); i++) {
      best.addAll(TossUps.tradeOffs(cands.get(i), cands.get(0)));
      others.addAll(TossUps.tradeOffs(cands.get(0), cands.get(i)));
    }
    return String.join(" and ", best) + " against " + String.join(" and ", others);
  }

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
      int feasible = feasible(placement);
      s.append("Runner ").append(runner(chosen.runner()));
      if (feasible > 1) {
        s.append(" is the best of ")
            .append(feasible)
            .append(" interchangeable runners free to take it");
      } else {
        s.append(" is the only one free to take it");
      }
      s.append(": ").append(reasons(chosen)).append('.');
    } else {
      // the chosen candidate is one of the list's own entries: identity finds it
      @SuppressWarnings("ReferenceEquality")
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
              .append(" runners are a toss-up (")
              .append(num(cands.get(0).total()))
              .append(" to ")
              .append(num(cands.get(placement.nearTies() - 1).total()))
              .append(", a lead within ")
              .append(pct(tieMargin))
              .append(" of what they differ on) and trade ")
              .append(tradeOffs(placement))
              .append("; ");
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

  /**
   * What a placement that took no runner says after the job's priority: why it waits, or that no
   * runner can take it. The same for every job that shares {@code placement}, so that a cycle
   * renders it once for all of them.
   */
  public static String outcome(PlacementResult placement) {
    return placement.outcome() == PlacementResult.Outcome.WAIT
        ? waiting(placement)
        : unplaceable(placement);
  }

  private static String waiting(PlacementResult placement) {
    var s = new StringBuilder();
    int busy = placement.rejections().getOrDefault(BUSY, 0);
    int kept = placement.rejections().getOrDefault(KEPT, 0);
    if (kept == 0) {
      s.append(busy == 1 ? "The one runner" : "All " + busy + " runners")
          .append(" that could take it ")
          .append(busy == 1 ? "is" : "are")
          .append(" busy; it stays queued.");
    } else {
      s.append(busy)
          .append(
              busy == 1
                  ? " runner that could take it is busy and "
                  : " runners that could take it are busy and ")
          .append(kept)
          .append(kept == 1 ? " is" : " are")
          .append(" kept for jobs that need their rare tags ")
          .append(placement.rejectionDetails().getOrDefault(KEPT, ""))
          .append("; it stays queued.");
    }
    appendRejections(s, placement, true);
    return s.toString();
  }

  private static String unplaceable(PlacementResult placement) {
    return "0/"
        + placement.considered()
        + " runners can take it"
        + (placement.considered() == 0 ? "." : ": " + histogram(placement) + ".");
  }

  /**
   * A decision of GitLab's own order after the engine failed for {@code reason}; {@code failures}
   * names the filters that threw on some runners, which were not used.
   */
  public static String fallback(
      PendingJob job,
      @Nullable Priority p,
      @Nullable Runner runner,
      String reason,
      List<FilterFailure> failures) {
    var s = new StringBuilder(p == null ? job.name() : priority(job, p)).append(". ");
    s.append("The engine failed (").append(reason).append("), so GitLab's own order was used: ");
    if (runner == null) {
      s.append("no runner is free to take it, it stays queued.");
    } else {
      s.append("oldest job first, first free runner ").append(runner(runner)).append('.');
    }
    for (var f : failures) {
      int n = f.runners().size();
      s.append(" The filter ").append(f.filter()).append(" failed on ");
      if (n > 3) {
        s.append(n).append(" runners, among them ");
      }
      var named = new ArrayList<String>();
      f.runners().stream().limit(3).forEach(r -> named.add(runner(r)));
      s.append(String.join(", ", named))
          .append(" (")
          .append(f.error())
          .append("), so ")
          .append(n == 1 ? "that runner was" : "those runners were")
          .append(" not used for it.");
    }
    return s.toString();
  }

  private static void appendRejections(
      StringBuilder s, PlacementResult placement, boolean excludeBusy) {
    Map<String, Integer> rej = placement.rejections();
    int total = 0;
    for (var e : rej.entrySet()) {
      if (!(excludeBusy && waits(e.getKey()))) {
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
        .append(excludeBusy ? histogramOfNever(placement) : histogram(placement))
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
    return histogram(placement, false);
  }

  /** The histogram without the reasons that clear by themselves (busy, kept). */
  private static String histogramOfNever(PlacementResult placement) {
    return histogram(placement, true);
  }

  private static boolean waits(String reason) {
    var r = Reason.of(reason);
    return r != null && r.clearsByItself();
  }

  private static String histogram(PlacementResult placement, boolean withoutWaits) {
    var parts = new ArrayList<String>();
    placement
        .rejections()
        .forEach(
            (reason, count) -> {
              if (withoutWaits && waits(reason)) {
                return;
              }
              String detail = placement.rejectionDetails().getOrDefault(reason, "");
              parts.add(count + " " + reason + (detail.isEmpty() ? "" : " " + detail));
            });
    return String.join(", ", parts);
  }

  /** Runners that passed every filter: those looked at less those rejected. */
  private static int feasible(PlacementResult placement) {
    int rejected = 0;
    for (int n : placement.rejections().values()) {
      rejected += n;
    }
    return placement.considered() - rejected;
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
      String w = c.words().get(i);
      if (!w.isEmpty()) {
        words.add(w);
      }
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
