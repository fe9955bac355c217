package dev.runneriq.store;

import java.util.List;

/**
 * What RunnerIQ asked of GitLab ({@code play}, {@code cancel}, {@code retry}), or a mode change.
 */
public enum ActionKind {
  /** Starts a held ({@code when: delayed}, status {@code scheduled}) job now. */
  PLAY,
  /** Cancels a running job, to free its runner for a more urgent one. */
  CANCEL,
  /** Retries a cancelled job: GitLab answers with the new job's id. */
  RETRY,
  /** RunnerIQ's own mode changed (the kill switch); nothing is sent to GitLab. */
  MODE;

  /** The names the log, the API and the CLI use, in declaration order. */
  public static final List<String> WIRE = WireName.all(values());

  public String wire() {
    return WireName.of(this);
  }

  /** The wire name, as the API and the log show it. */
  @Override
  public String toString() {
    return wire();
  }

  static ActionKind ofWire(String wire) {
    return WireName.parse(ActionKind.class, wire);
  }
}
