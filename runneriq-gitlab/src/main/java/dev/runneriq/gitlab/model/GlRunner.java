package dev.runneriq.gitlab.model;

import com.fasterxml.jackson.annotation.JsonView;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A runner from {@code /runners/all}, {@code /runners} or, with every field, {@code /runners/:id}.
 * Older servers send neither {@code paused} nor {@code runner_type}; the accessors derive them.
 *
 * @param status as sent: {@code online}, {@code offline}, {@code paused}, {@code stale}, {@code
 *     never_contacted} or anything newer; {@code unknown} when missing
 * @param tagList this and the fields after it only from {@code /runners/:id} ({@link
 *     GlView.Details}); empty or null from listings
 */
public record GlRunner(
    long id,
    @Nullable String description,
    @Nullable String name,
    @Nullable Boolean active,
    @Nullable Boolean paused,
    @Nullable Boolean isShared,
    @Nullable String runnerType,
    @Nullable Boolean online,
    String status,
    @JsonView(GlView.Details.class) List<String> tagList,
    @JsonView(GlView.Details.class) @Nullable Boolean runUntagged,
    @JsonView(GlView.Details.class) @Nullable String accessLevel,
    @JsonView(GlView.Details.class) @Nullable Long maximumTimeout,
    @JsonView(GlView.Details.class) @Nullable String contactedAt,
    @JsonView(GlView.Details.class) List<GlProject> projects,
    @JsonView(GlView.Details.class) List<GlGroup> groups) {

  public GlRunner {
    status = Lenient.status(status);
    tagList = Lenient.list(tagList);
    projects = Lenient.list(projects);
    groups = Lenient.list(groups);
  }

  /** {@code paused} when sent, else the inverse of the older {@code active}, else the status. */
  public boolean isPaused() {
    if (paused != null) {
      return paused;
    }
    if (active != null) {
      return !active;
    }
    return "paused".equals(status);
  }

  /** {@code online} when sent, else whether the status says so. */
  public boolean isOnline() {
    return online != null ? online : "online".equals(status);
  }

  /**
   * {@code runner_type} when sent; for older servers {@code instance_type} when shared, {@code
   * group_type} when it lists groups, else {@code project_type}.
   */
  public String type() {
    if (runnerType != null && !runnerType.isBlank()) {
      return runnerType;
    }
    if (Boolean.TRUE.equals(isShared)) {
      return "instance_type";
    }
    return groups.isEmpty() ? "project_type" : "group_type";
  }

  /** The name people know it by: the description, else the name, else {@code runner-<id>}. */
  public String displayName() {
    if (description != null && !description.isBlank()) {
      return description;
    }
    return name != null && !name.isBlank() ? name : "runner-" + id;
  }
}
