package dev.runneriq.core.placement;

import dev.runneriq.core.model.Runner;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * When a near-tie is a genuine toss-up. Interchangeable runners (twins: same tags, ownership,
 * protection and zone, speed within 5%, health within 2 points) are one choice, so only the best of
 * them is a candidate. A candidate close to the best ({@link #gap} within the tie margin) makes a
 * toss-up only when the two trade something material against each other: each is better than the
 * other on speed (15% faster), health (2 points more success) or, where carbon carries weight, grid
 * intensity (20% cleaner). When the best is at least as good on every material count, or the
 * runner-up's only edge is load, the rules settle it.
 */
public final class TossUps {
  /** Relative speed difference within which two runners are interchangeable. */
  public static final double SPEED = 0.05;

  /**
   * Success-rate difference (share) within which two runners are interchangeable; a larger one is
   * material.
   */
  public static final double HEALTH = 0.02;

  /** How much faster a runner must be for its speed to be worth weighing against something else. */
  public static final double MATERIAL_SPEED = 0.15;

  /** How much cleaner a runner's grid must be for carbon to be worth weighing. */
  public static final double MATERIAL_CARBON = 0.20;

  private TossUps() {}

  /**
   * What a runner offers besides speed, health and load: runners with equal keys are twins when
   * their speed and health are also close ({@link #close}).
   */
  static Object twinKey(Runner r) {
    record Key(
        Set<String> tags,
        String type,
        String access,
        boolean untagged,
        @Nullable String zone,
        List<String> projects,
        List<String> groups) {}
    return new Key(
        Set.copyOf(r.tagList()),
        r.runnerType(),
        r.accessLevel(),
        r.runUntagged(),
        r.zone(),
        r.projects(),
        r.groups());
  }

  /**
   * Whether two runners with equal {@link #twinKey}s are interchangeable: speed and health close.
   */
  static boolean close(double speedA, double healthA, double speedB, double healthB) {
    return sameSpeed(speedA, speedB) && sameHealth(healthA, healthB);
  }

  private static boolean sameSpeed(double a, double b) {
    return unknownOrEqual(a, b) || Math.abs(a - b) <= SPEED * Math.max(a, b);
  }

  private static boolean sameHealth(double a, double b) {
    return unknownOrEqual(a, b) || Math.abs(a - b) <= HEALTH + 1e-9;
  }

  private static boolean unknownOrEqual(double a, double b) {
    return Double.isNaN(a) || Double.isNaN(b) || a == b;
  }

  /**
   * Whether {@code best} and {@code other} are a genuine toss-up: {@code best} leads by at most
   * {@code margin} of what the scorers on which they differ could make up ({@link #gap}), and each
   * is materially better than the other on something that matters beyond load (speed, health,
   * carbon): the rules would be weighing one real good against another.
   */
  public static boolean tossUp(Candidate best, Candidate other, double margin) {
    return gap(best, other) <= margin
        && !tradeOffs(best, other).isEmpty()
        && !tradeOffs(other, best).isEmpty();
  }

  /**
   * How far {@code best} leads {@code other}, as a share of what the scorers on which they differ
   * could make up between them: 0 when equal, 1 when the best wins every differing scorer outright.
   * Scorers that rate both the same (a success rate no runner has history for, a zone both stand
   * in) do not dilute the gap, as they would in the totals.
   */
  public static double gap(Candidate best, Candidate other) {
    double lead = 0;
    double room = 0;
    for (var b : best.scores()) {
      var o = line(other, b.scorer());
      if (o == null || b.weight() == 0 || b.normalized() == o.normalized()) {
        continue;
      }
      lead += b.weight() * (b.normalized() - o.normalized());
      room += b.weight() * 100.0;
    }
    return room == 0 ? 0 : Math.max(0, lead / room);
  }

  /**
   * What {@code other} offers that {@code best} does not, materially: {@code "speed"}, {@code
   * "health"}, {@code "carbon"} (only where carbon carries weight), by the candidates' score lines
   * and the thresholds above. Empty when {@code best} is at least as good on each.
   */
  public static List<String> tradeOffs(Candidate best, Candidate other) {
    var out = new ArrayList<String>(3);
    Double bs = raw(best, Scorers.SPEED);
    Double os = raw(other, Scorers.SPEED);
    if (bs != null && os != null && os > bs * (1 + MATERIAL_SPEED)) {
      out.add(Scorers.SPEED);
    }
    Double bh = raw(best, Scorers.HEALTH);
    Double oh = raw(other, Scorers.HEALTH);
    if (bh != null && oh != null && oh > bh + HEALTH + 1e-9) {
      out.add(Scorers.HEALTH);
    }
    var line = line(other, Scorers.CARBON);
    Double bc = raw(best, Scorers.CARBON);
    if (line != null
        && line.weight() > 0
        && bc != null
        && line.raw() != null
        && line.raw() < bc * (1 - MATERIAL_CARBON)) {
      out.add(Scorers.CARBON);
    }
    return out;
  }

  private static @Nullable Double raw(Candidate c, String scorer) {
    var l = line(c, scorer);
    return l == null ? null : l.raw();
  }

  private static @Nullable ScoreLine line(Candidate c, String scorer) {
    for (var l : c.scores()) {
      if (l.scorer().equals(scorer)) {
        return l;
      }
    }
    return null;
  }
}
