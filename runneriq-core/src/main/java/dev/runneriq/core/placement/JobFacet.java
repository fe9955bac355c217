package dev.runneriq.core.placement;

import dev.runneriq.core.model.PendingJob;

/** A part of a job that a filter's verdict may read; a {@link JobSignature} is a set of them. */
public enum JobFacet {
  /** The job's tags, as listed. */
  TAGS,
  /** Whether the job's ref is protected. */
  PROTECTED_REF,
  /** The job's project. */
  PROJECT,
  /** How long the job may run: its own timeout and its typical run ({@link RunTime}). */
  RUN_TIME,
  /** The whole job: what a filter that declares nothing is keyed by. */
  JOB;

  /** This part of {@code job}: two jobs agree on the facet when the values are equal. */
  public Object of(PendingJob job) {
    return switch (this) {
      case TAGS -> job.tagList();
      case PROTECTED_REF -> job.pipeline().protectedRef();
      case PROJECT -> job.project();
      case RUN_TIME -> RunTime.of(job);
      case JOB -> job;
    };
  }

  /**
   * How long a job may run.
   *
   * @param typicalS its median run time on a runner of speed 1.0, from its history; 0 when unknown
   * @param timeoutS its own timeout; 0 when unset
   */
  public record RunTime(double typicalS, long timeoutS) {
    /** A job without history or timeout, the most common kind. */
    private static final RunTime NONE = new RunTime(0, 0);

    public static RunTime of(PendingJob job) {
      double typical = typicalS(job);
      Long timeout = job.timeoutS();
      return typical == 0 && (timeout == null || timeout == 0)
          ? NONE
          : new RunTime(typical, timeout == null ? 0 : timeout);
    }

    /** {@link #typicalS} of {@code job}'s run time, without making one. */
    static double typicalS(PendingJob job) {
      var history = job.history();
      return history == null || history.runs() == 0 ? 0 : history.durationP50S();
    }
  }
}
