package dev.runneriq.core.model;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One GitLab runner as RunnerIQ sees it at one moment: what GitLab knows of it plus what only its
 * operator knows (concurrency, carbon zone, power draw, speed). Field names follow GitLab's API and
 * {@code docs/formats/fleet.md}.
 *
 * @param runnerType {@code instance_type}, {@code group_type} or {@code project_type}; unknown
 *     values are kept as given and treated like an instance runner
 * @param accessLevel {@code not_protected} or {@code ref_protected}
 * @param concurrency jobs it runs at once, at least 1
 * @param running jobs running on it now, between 0 and any number (over capacity is possible in
 *     GitLab when concurrency was inferred too low)
 * @param maximumTimeoutS the runner's maximum job timeout in seconds, or null when unset
 */
public record Runner(
    long id,
    String name,
    String runnerType,
    List<String> tagList,
    boolean runUntagged,
    String accessLevel,
    boolean paused,
    boolean online,
    int concurrency,
    int running,
    @Nullable String zone,
    double watts,
    double speed,
    List<String> projects,
    List<String> groups,
    @Nullable Long maximumTimeoutS,
    @Nullable RunnerStats stats) {

  public static final String INSTANCE_TYPE = "instance_type";
  public static final String GROUP_TYPE = "group_type";
  public static final String PROJECT_TYPE = "project_type";
  public static final String REF_PROTECTED = "ref_protected";

  public Runner {
    Objects.requireNonNull(name, "name");
    tagList = List.copyOf(tagList);
    projects = List.copyOf(projects);
    groups = List.copyOf(groups);
    if (concurrency < 1) {
      throw new IllegalArgumentException(
          "runner " + id + ": concurrency must be at least 1, but was " + concurrency);
    }
    if (running < 0) {
      throw new IllegalArgumentException(
          "runner " + id + ": running must not be negative, but was " + running);
    }
    if (!(speed > 0)) {
      throw new IllegalArgumentException(
          "runner " + id + ": speed must be positive, but was " + speed);
    }
    if (!(watts >= 0)) {
      throw new IllegalArgumentException(
          "runner " + id + ": watts must not be negative, but was " + watts);
    }
  }

  /** A runner with the fleet format's defaults for everything but identity, tags and capacity. */
  public static Runner of(long id, String name, List<String> tags, int concurrency) {
    return new Runner(
        id,
        name,
        INSTANCE_TYPE,
        tags,
        true,
        "not_protected",
        false,
        true,
        concurrency,
        0,
        null,
        100,
        1.0,
        List.of(),
        List.of(),
        null,
        null);
  }

  /** Slots free now; never negative. */
  public int freeSlots() {
    return Math.max(0, concurrency - running);
  }

  public boolean refProtectedOnly() {
    return REF_PROTECTED.equals(accessLevel);
  }

  /**
   * Whether {@code other} is this runner with, at most, a different number of running jobs; the
   * same as {@code withRunning(other.running()).equals(other)}, without building a runner.
   */
  public boolean differsOnlyInRunning(Runner other) {
    return id == other.id
        && concurrency == other.concurrency
        && paused == other.paused
        && online == other.online
        && runUntagged == other.runUntagged
        && Double.compare(watts, other.watts) == 0
        && Double.compare(speed, other.speed) == 0
        && name.equals(other.name)
        && runnerType.equals(other.runnerType)
        && accessLevel.equals(other.accessLevel)
        && Objects.equals(zone, other.zone)
        && Objects.equals(maximumTimeoutS, other.maximumTimeoutS)
        && Objects.equals(stats, other.stats)
        && tagList.equals(other.tagList)
        && projects.equals(other.projects)
        && groups.equals(other.groups);
  }

  /** The same runner standing in {@code newZone} with the given power and speed. */
  public Runner withSite(@Nullable String newZone, double newWatts, double newSpeed) {
    return copy(running, newZone, newWatts, newSpeed);
  }

  /** The same runner with a different number of running jobs. */
  public Runner withRunning(int newRunning) {
    return copy(newRunning, zone, watts, speed);
  }

  /** The same runner with what history says of it (null: nothing known). */
  public Runner withStats(@Nullable RunnerStats newStats) {
    return copy(running, zone, watts, speed, newStats);
  }

  private Runner copy(int newRunning, @Nullable String newZone, double newWatts, double newSpeed) {
    return copy(newRunning, newZone, newWatts, newSpeed, stats);
  }

  private Runner copy(
      int newRunning,
      @Nullable String newZone,
      double newWatts,
      double newSpeed,
      @Nullable RunnerStats newStats) {
    return new Runner(
        id,
        name,
        runnerType,
        tagList,
        runUntagged,
        accessLevel,
        paused,
        online,
        concurrency,
        newRunning,
        newZone,
        newWatts,
        newSpeed,
        projects,
        groups,
        maximumTimeoutS,
        newStats);
  }
}
