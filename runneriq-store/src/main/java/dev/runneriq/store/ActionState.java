package dev.runneriq.store;

import java.util.List;

/**
 * Where an action stands: {@code sent} from the moment its intent is committed (so a process that
 * dies before GitLab answers leaves it {@code sent}, never absent), then GitLab's answer.
 */
public enum ActionState {
  /** Committed before the write was sent; no answer recorded (yet). */
  SENT,
  /** GitLab did it. */
  DONE,
  /** GitLab answered with an error, or did not answer. */
  FAILED,
  /** GitLab refused for want of permission (403). */
  FORBIDDEN,
  /** {@code gate.dry_run}: logged, not sent. */
  DRY_RUN;

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

  static ActionState ofWire(String wire) {
    return WireName.parse(ActionState.class, wire);
  }
}
