package dev.runneriq.core.placement;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Why a filter rejects a runner: a stable, low-cardinality text (a key of the rejection histogram,
 * a metric label, a word of the decision files and explanations, so never reworded) and whether the
 * rejection clears by itself. Specifics go in the rejection's detail.
 */
public enum Reason {
  OFFLINE("offline", false),
  PAUSED("paused", false),
  NOT_AVAILABLE_TO_THE_PROJECT("not available to the project", false),
  PROTECTED_REFS_ONLY("protected refs only", false),
  DOES_NOT_RUN_UNTAGGED_JOBS("does not run untagged jobs", false),
  MISSING_REQUIRED_TAGS("missing required tags", false),
  MAXIMUM_TIMEOUT_TOO_SHORT("maximum timeout too short", false),
  AT_CAPACITY("at capacity", true),
  KEPT_FOR_RARE_TAGS("kept for rare tags", true);

  private final String text;
  private final boolean clearsByItself;

  Reason(String text, boolean clearsByItself) {
    this.text = text;
    this.clearsByItself = clearsByItself;
  }

  /** The stable text, e.g. {@code missing required tags}. */
  public String text() {
    return text;
  }

  /**
   * True when the rejection may clear by itself soon (a full runner frees a slot): the job waits.
   * False when it holds until someone changes the runner or the job: a job every runner rejects for
   * such reasons is unplaceable.
   */
  public boolean clearsByItself() {
    return clearsByItself;
  }

  /** The reason with {@code text}, or null when no filter gives it. */
  public static @Nullable Reason of(String text) {
    for (var r : values()) {
      if (r.text.equals(text)) {
        return r;
      }
    }
    return null;
  }

  /** Every reason's text, in this order: the metric labels. */
  public static List<String> texts() {
    var out = new ArrayList<String>();
    for (var r : values()) {
      out.add(r.text);
    }
    return out;
  }

  @Override
  public String toString() {
    return text;
  }
}
