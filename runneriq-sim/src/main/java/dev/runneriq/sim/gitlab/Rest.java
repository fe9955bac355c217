package dev.runneriq.sim.gitlab;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.runneriq.gitlab.GitLabJson;
import dev.runneriq.gitlab.model.GlDeployment;
import dev.runneriq.gitlab.model.GlDeployment.GlEnvironment;
import dev.runneriq.gitlab.model.GlJob;
import dev.runneriq.gitlab.model.GlProtectedRef;
import dev.runneriq.gitlab.model.GlRunner;
import dev.runneriq.gitlab.model.GlRunnerManager;
import dev.runneriq.gitlab.model.GlUser;
import dev.runneriq.gitlab.model.GlView;
import java.io.UncheckedIOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * GitLab's REST answers as the simulated GitLab writes them: the records RunnerIQ's client reads
 * ({@code dev.runneriq.gitlab.model}), written by the mapper that reads them, each unwrapped beside
 * the few fields GitLab's response schemas require and the client does not read. Listings and
 * embedded objects are written in {@link GlView.Basic}, an object from its own endpoint ({@code
 * /runners/:id}, {@code /projects/:id/pipelines/:id}) in {@link GlView.Details}.
 */
final class Rest {
  private static final ObjectWriter BASIC = GitLabJson.MAPPER.writerWithView(GlView.Basic.class);
  private static final ObjectWriter DETAILS =
      GitLabJson.MAPPER.writerWithView(GlView.Details.class);
  private static final String IP_ADDRESS = "127.0.0.1";

  private Rest() {}

  /** {@code value} as a listing or an embedding object shows it. */
  static String basic(Object value) {
    return write(BASIC, value);
  }

  /** {@code value} as its own endpoint shows it. */
  static String details(Object value) {
    return write(DETAILS, value);
  }

  private static String write(ObjectWriter writer, Object value) {
    try {
      return writer.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A runner, with the deprecated {@code ip_address} GitLab still sends. */
  record Runner(@JsonUnwrapped GlRunner runner) {
    @JsonProperty
    String ipAddress() {
      return IP_ADDRESS;
    }
  }

  /** One process serving a runner, with its revision, registration time and address. */
  record Manager(@JsonUnwrapped GlRunnerManager manager, String createdAt) {
    @JsonProperty
    String revision() {
      return "sim";
    }

    @JsonProperty
    String ipAddress() {
      return IP_ADDRESS;
    }
  }

  /**
   * A job ({@code Entities::Ci::Job}): its runner written as {@link Runner}, with the runner
   * manager, commit and the fields the simulation has no value for (coverage, erasure, artifacts).
   */
  record Job(
      @JsonUnwrapped @JsonIgnoreProperties("runner") GlJob job,
      @Nullable Manager runnerManager,
      boolean allowFailure,
      Commit commit) {

    @JsonProperty
    @Nullable Runner runner() {
      var r = job.runner();
      return r == null ? null : new Runner(r);
    }

    @JsonProperty
    @Nullable Double coverage() {
      return null;
    }

    @JsonProperty
    @Nullable String erasedAt() {
      return null;
    }

    @JsonProperty
    List<Object> artifacts() {
      return List.of();
    }

    @JsonProperty
    @Nullable String artifactsExpireAt() {
      return null;
    }

    @JsonProperty
    JobProject project() {
      return new JobProject(false);
    }

    @JsonProperty
    boolean archived() {
      return false;
    }
  }

  /** The commit a job runs, as a job embeds it. */
  record Commit(String id, String shortId, String title) {}

  /** The project as a job embeds it: only its job token setting. */
  record JobProject(boolean ciJobTokenScopeEnabled) {}

  /**
   * A deployment ({@code Entities::Deployment}): {@code deployment}'s environment and job written
   * as {@link Environment} and {@link Job}, with the deployment's own number, ref, commit, creation
   * time and user.
   */
  record Deployment(
      @JsonUnwrapped @JsonIgnoreProperties({"environment", "deployable"}) GlDeployment deployment,
      Environment environment,
      Job deployable,
      long iid,
      String ref,
      String sha,
      String createdAt,
      GlUser user) {}

  /** An environment as a deployment embeds it ({@code EnvironmentBasic}, which has no tier). */
  record Environment(
      @JsonUnwrapped GlEnvironment environment,
      long id,
      String slug,
      String createdAt,
      String updatedAt) {
    @JsonProperty
    @Nullable String externalUrl() {
      return null;
    }
  }

  /** A protected branch or tag rule with its id. */
  record ProtectedRef(long id, @JsonUnwrapped GlProtectedRef ref) {}

  /** GitLab's error answer. */
  record Message(String message) {}

  /** GitLab's answer to a token whose scopes do not allow the request (OAuth's form). */
  record ScopeError(String error, String errorDescription, String scope) {}
}
