package dev.runneriq.optimizer;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which of GitLab's {@code failure_reason}s are the runner's fault. Everything else a failed job
 * can give ({@code script_failure}, {@code job_execution_timeout}, {@code unknown_failure}, {@code
 * missing_dependency_failure}, …) counts against the job, not against the runner that ran it.
 */
public final class FailureReasons {
  private FailureReasons() {}

  /**
   * The runner could not set the job up or lost it ({@code runner_system_failure}), stopped
   * reporting on it ({@code stuck_or_timeout_failure}), could not run its features ({@code
   * runner_unsupported}), or GitLab's scheduler gave up on it ({@code scheduler_failure}).
   */
  public static final Set<String> RUNNERS_FAULT =
      Set.of(
          "runner_system_failure",
          "stuck_or_timeout_failure",
          "runner_unsupported",
          "scheduler_failure");

  /** Whether a failed run with this reason counts against its runner. */
  public static boolean runnersFault(@Nullable String reason) {
    return reason != null && RUNNERS_FAULT.contains(reason);
  }
}
