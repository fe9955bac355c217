package dev.runneriq.app.config;

import dev.runneriq.carbon.CarbonConfig;
import dev.runneriq.carbon.CarbonSources;
import dev.runneriq.carbon.SeriesFiles;
import dev.runneriq.core.carbon.CarbonSource;
import dev.runneriq.gitlab.Secret;
import dev.runneriq.gitlab.client.GitLabConfig;
import dev.runneriq.gitlab.client.ScopeConfig;
import dev.runneriq.gitlab.mapping.ConcurrencyConfig;
import dev.runneriq.gitlab.mapping.RunnerSites;
import dev.runneriq.store.StoreConfig;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import org.jspecify.annotations.Nullable;

/**
 * What the service needs besides the engine: where GitLab is, where the audit log goes, how the
 * HTTP server listens, where carbon intensity comes from (null: nowhere) and where each runner
 * stands on the grid, and what gate mode may do. {@code retention} is how long the audit log keeps
 * decisions; zero keeps them forever. {@code optimizer} says how the service learns from finished
 * jobs. {@code budgets} are the groups' monthly CO2 budgets ({@code carbon.budgets}). Secrets come
 * only from the environment or a file and never print: {@link Secret#toString()} is a placeholder.
 */
public record ServiceConfig(
    GitLab gitlab,
    StoreConfig store,
    Duration retention,
    Server server,
    @Nullable Carbon carbon,
    RunnerSites sites,
    GateConfig gate,
    OptimizerConfig optimizer,
    CarbonBudgets budgets) {

  /**
   * Takes every secret of this configuration out of a text: the GitLab token, the webhook secret,
   * the API token, the carbon provider's token and the audit log's password.
   */
  public Redactor redactor() {
    var c = carbon;
    return new Redactor(
        java.util.Arrays.asList(
            reveal(gitlab.token()),
            reveal(gitlab.webhookSecret()),
            reveal(server.apiToken()),
            c == null ? null : c.provider().token(),
            store.password()));
  }

  private static @Nullable String reveal(@Nullable Secret s) {
    return s == null ? null : s.reveal();
  }

  /**
   * Where grid carbon intensity comes from.
   *
   * @param refresh the least time between two reads of the provider
   */
  public record Carbon(CarbonConfig provider, Duration refresh) {}

  /**
   * The configured carbon provider, checked against the zones the {@code fleet} section gives
   * runners where the provider's zones are known (uk, csv, static); null when none is configured.
   *
   * @throws IllegalArgumentException naming the key or zone
   * @throws dev.runneriq.formats.FormatException when a csv series cannot be read
   */
  public @Nullable CarbonSource carbonSource(InstantSource clock) {
    if (carbon == null) {
      return null;
    }
    var provider = carbon.provider().withZones(sites.zones());
    return CarbonSources.create(provider, clock, SeriesFiles.reader(provider.lca()));
  }

  /**
   * @param url the instance, or null when not configured (then {@code serve} refuses to start)
   * @param token from {@code RUNNERIQ_GITLAB_TOKEN} or {@code gitlab.token_file}
   * @param webhookSecret from {@code RUNNERIQ_GITLAB_WEBHOOK_SECRET} or {@code
   *     gitlab.webhook_secret_file}; null turns {@code POST /hooks/gitlab} off
   * @param maxPages the most pages read of one listing or query ({@code gitlab.max_pages})
   */
  public record GitLab(
      @Nullable URI url,
      @Nullable Secret token,
      @Nullable Secret webhookSecret,
      ScopeConfig scope,
      Duration pollInterval,
      double requestsPerSecond,
      int maxPages,
      ConcurrencyConfig concurrency) {

    /** The client config; fails naming the missing key when url or token is not set. */
    public GitLabConfig client() {
      if (url == null) {
        throw new IllegalArgumentException(
            "gitlab.url is required to serve (set it in runneriq.yaml or RUNNERIQ_GITLAB_URL)");
      }
      if (token == null) {
        throw new IllegalArgumentException(
            "a GitLab token is required to serve: set RUNNERIQ_GITLAB_TOKEN or gitlab.token_file");
      }
      return GitLabConfig.builder(url, token)
          .requestsPerSecond(requestsPerSecond)
          .paging(GitLabConfig.DEFAULT_PER_PAGE, maxPages)
          .build();
    }
  }

  /**
   * @param apiToken from {@code RUNNERIQ_API_TOKEN} or {@code server.api_token_file}
   * @param auth false only as an explicit opt-out for local use
   * @param metricsOpen serve {@code /metrics} without the token
   */
  public record Server(
      String host, int port, @Nullable Secret apiToken, boolean auth, boolean metricsOpen) {}
}
