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
  public static final String NOT_PROTECTED = "not_protected";

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
    return builder(id, name).tags(tags).concurrency(concurrency).build();
  }

  /**
   * A runner built by name, starting from the fleet format's defaults: an online, unpaused instance
   * runner without tags that runs untagged jobs on any ref, one slot, none running, no zone, 100 W,
   * speed 1, no maximum timeout, no history.
   */
  public static Builder builder(long id, String name) {
    return new Builder(id, name);
  }

  /** A builder holding this runner's values, to change some of them. */
  public Builder toBuilder() {
    return new Builder(id, name)
        .type(runnerType)
        .tags(tagList)
        .runUntagged(runUntagged)
        .accessLevel(accessLevel)
        .paused(paused)
        .online(online)
        .concurrency(concurrency)
        .running(running)
        .zone(zone)
        .watts(watts)
        .speed(speed)
        .projects(projects)
        .groups(groups)
        .maximumTimeoutS(maximumTimeoutS)
        .stats(stats);
  }

  /** Builds a {@link Runner} by field name; {@link #build()} checks it as the constructor does. */
  public static final class Builder {
    private long id;
    private String name;
    private String runnerType = INSTANCE_TYPE;
    private List<String> tagList = List.of();
    private boolean runUntagged = true;
    private String accessLevel = NOT_PROTECTED;
    private boolean paused;
    private boolean online = true;
    private int concurrency = 1;
    private int running;
    private @Nullable String zone;
    private double watts = 100;
    private double speed = 1.0;
    private List<String> projects = List.of();
    private List<String> groups = List.of();
    private @Nullable Long maximumTimeoutS;
    private @Nullable RunnerStats stats;

    private Builder(long id, String name) {
      this.id = id;
      this.name = name;
    }

    public Builder id(long value) {
      this.id = value;
      return this;
    }

    public Builder name(String value) {
      this.name = value;
      return this;
    }

    public Builder type(String value) {
      this.runnerType = value;
      return this;
    }

    public Builder tags(List<String> value) {
      this.tagList = value;
      return this;
    }

    public Builder runUntagged(boolean value) {
      this.runUntagged = value;
      return this;
    }

    public Builder accessLevel(String value) {
      this.accessLevel = value;
      return this;
    }

    public Builder paused(boolean value) {
      this.paused = value;
      return this;
    }

    public Builder online(boolean value) {
      this.online = value;
      return this;
    }

    public Builder concurrency(int value) {
      this.concurrency = value;
      return this;
    }

    public Builder running(int value) {
      this.running = value;
      return this;
    }

    public Builder zone(@Nullable String value) {
      this.zone = value;
      return this;
    }

    public Builder watts(double value) {
      this.watts = value;
      return this;
    }

    public Builder speed(double value) {
      this.speed = value;
      return this;
    }

    public Builder projects(List<String> value) {
      this.projects = value;
      return this;
    }

    public Builder groups(List<String> value) {
      this.groups = value;
      return this;
    }

    public Builder maximumTimeoutS(@Nullable Long value) {
      this.maximumTimeoutS = value;
      return this;
    }

    public Builder stats(@Nullable RunnerStats value) {
      this.stats = value;
      return this;
    }

    public Runner build() {
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
          running,
          zone,
          watts,
          speed,
          projects,
          groups,
          maximumTimeoutS,
          stats);
    }
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

  /**
   * The same runner with a different number of running jobs; this one when the number is the same
   * (a fleet's picture is made again each cycle, and most runners' loads did not change).
   */
  public Runner withRunning(int newRunning) {
    return newRunning == running ? this : copy(newRunning, zone, watts, speed);
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
    // positional: withRunning is on the placement's hot path, a builder would allocate twice
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
