package dev.runneriq.gitlab.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * A deployment from {@code /projects/:id/deployments}: the environment it goes to and the job that
 * deploys ({@code deployable}). GitLab makes it with the job, {@code created} until the job runs.
 */
public record GlDeployment(
    long id,
    String status,
    @Nullable GlEnvironment environment,
    @Nullable GlJob deployable,
    @Nullable String updatedAt) {

  public GlDeployment {
    status = Lenient.status(status);
  }

  /** An environment as a deployment embeds it. */
  public record GlEnvironment(
      String name, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String tier) {
    /**
     * @param tier the {@code deployment_tier}; GitLab's deployment listing does not send it (its
     *     {@code EnvironmentBasic} entity has none), so it is null there and written only when
     *     known
     */
    public GlEnvironment {
      name = Lenient.text(name);
    }
  }
}
