package dev.runneriq.app.gate;

/**
 * What gate mode's preemption did since the start, as {@code GET /api/v1/mode}, the metrics and
 * {@code /readyz} report it.
 *
 * @param enabled whether {@code gate.preempt} is on
 * @param wastedRunnerS runner time the cancelled runs had used, lost
 * @param lastHour cancellations sent in the past hour, of at most {@code perHour}
 */
public record Preemptions(
    boolean enabled,
    long cancelled,
    long cancelFailed,
    long retried,
    long retryFailed,
    long wastedRunnerS,
    int lastHour,
    int perHour) {
  static final Preemptions OFF = new Preemptions(false, 0, 0, 0, 0, 0, 0, 0);
}
