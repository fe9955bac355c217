package dev.runneriq.app.serve;

import dev.runneriq.app.config.CarbonBudgets;
import dev.runneriq.app.config.GateConfig;
import dev.runneriq.app.config.OptimizerConfig;
import dev.runneriq.app.config.ServiceConfig;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.model.Runner;
import dev.runneriq.formats.Trace;
import dev.runneriq.gitlab.Secret;
import dev.runneriq.gitlab.client.GitLabConfig;
import dev.runneriq.gitlab.client.ScopeConfig;
import dev.runneriq.gitlab.mapping.ConcurrencyConfig;
import dev.runneriq.gitlab.mapping.RunnerSites;
import dev.runneriq.sim.GateModel;
import dev.runneriq.sim.LiveSim;
import dev.runneriq.sim.carbon.ForecastError;
import dev.runneriq.sim.carbon.SimulatedGrid;
import dev.runneriq.sim.gitlab.SimClock;
import dev.runneriq.sim.gitlab.SimGitLab;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.store.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The service in front of a simulated GitLab on loopback: a workload on a fleet, an accelerated
 * clock, Job Hooks from the simulated GitLab to the service, the bundled carbon series as the grid
 * (the fleet's zones, power and speed declared as an operator's fleet file would), fresh random
 * tokens. The service starts first, so no hook finds it missing; {@link #from()} is the simulated
 * time the GitLab began at. For {@code runneriq demo}, end-to-end tests and load generators (which
 * sign their hooks with {@link #hookSecret()}).
 */
public record SimulatedRun(
    LiveSim live,
    SimGitLab gitlab,
    Service service,
    String apiToken,
    Instant from,
    String hookSecret,
    String gitlabToken)
    implements AutoCloseable {
  /** Simulated time between two reads of the grid: hourly data, read every five minutes. */
  private static final Duration GRID_REFRESH = Duration.ofMinutes(5);

  /**
   * @param at the simulated time the clock starts at
   * @param speed simulated seconds per real second
   * @param port the service's port, 0 for any
   */
  public static SimulatedRun start(
      Trace trace,
      List<Runner> fleet,
      Instant at,
      double speed,
      long seed,
      StoreConfig store,
      int port,
      Engine engine,
      Duration minGap) {
    return start(trace, fleet, at, speed, seed, store, port, engine, minGap, null);
  }

  /**
   * Gate mode: every project of the simulated GitLab includes the gate template (its floors are
   * {@code gate}'s), and the service, on an engine in mode {@code gate}, plays held jobs as {@code
   * gate.config()} says (its projects are every project).
   */
  public record Gate(GateModel floors, GateConfig config) {}

  /**
   * The same, in gate mode when {@code gate} is not null.
   *
   * @param gate the template's floors and the service's gate section, or null for advisory mode
   */
  public static SimulatedRun start(
      Trace trace,
      List<Runner> fleet,
      Instant at,
      double speed,
      long seed,
      StoreConfig store,
      int port,
      Engine engine,
      Duration minGap,
      @Nullable Gate gate) {
    var live =
        gate == null
            ? new LiveSim(trace, fleet, Bundled.carbon(), "fair", seed)
            : LiveSim.gated(
                trace, fleet, Bundled.carbon(), LiveSim.Gate.everyProject(gate.floors()), seed);
    var clock = new SimClock(at, speed);
    String token = random();
    String hookSecret = random();
    String apiToken = random();
    int gitlabPort = freePort();
    var config =
        config(
            URI.create("http://127.0.0.1:" + gitlabPort),
            token,
            hookSecret,
            store,
            port,
            apiToken,
            fleet,
            gate);
    // the bundled 2023 series on the simulated clock, forecast with the measured error
    var grid =
        new SimulatedGrid(
            live.grid(
                new ForecastError(ForecastError.DEFAULT_SIGMA, seed),
                engine.config().carbon().forecastHorizon()),
            clock);
    var service = Startup.start(engine, config, clock, minGap, grid, GRID_REFRESH, Instant.EPOCH);
    try {
      var gitlab =
          new SimGitLab(
                  new SimGitLab.Options(
                      live,
                      trace,
                      clock,
                      token,
                      URI.create("http://127.0.0.1:" + service.port() + "/hooks/gitlab"),
                      hookSecret,
                      gitlabPort))
              .start();
      return new SimulatedRun(live, gitlab, service, apiToken, live.now(), hookSecret, token);
    } catch (IOException | RuntimeException e) {
      service.close();
      throw new IllegalArgumentException("cannot start the simulated GitLab: " + e.getMessage(), e);
    }
  }

  /**
   * The service's configuration in front of a simulated GitLab at {@code gitlab}: its tokens, the
   * fleet's concurrency as the operator declares it, where the runners stand, and the gate section
   * when {@code gate} is not null.
   */
  static ServiceConfig config(
      URI gitlab,
      String token,
      String hookSecret,
      StoreConfig store,
      int port,
      String apiToken,
      List<Runner> fleet,
      @Nullable Gate gate) {
    return new ServiceConfig(
        new ServiceConfig.GitLab(
            gitlab,
            Secret.of(token),
            Secret.of(hookSecret),
            ScopeConfig.everything(),
            // no hook tells of a job held by the template: gate mode finds it by polling
            Duration.ofSeconds(gate == null ? 2 : 1),
            1000,
            GitLabConfig.DEFAULT_MAX_PAGES,
            // the operator's config declares what GitLab's API does not show
            new ConcurrencyConfig(
                fleet.stream()
                    .collect(Collectors.toMap(Runner::id, Runner::concurrency, (a, b) -> a)),
                Map.of(),
                Map.of(),
                1)),
        store,
        Duration.ZERO,
        new ServiceConfig.Server("127.0.0.1", port, Secret.of(apiToken), true, false),
        null,
        // where the runners stand, as the operator's fleet file would say it
        RunnerSites.fromFleet(fleet, Map.of(), RunnerSites.Site.UNKNOWN),
        gate == null ? GateConfig.DEFAULT : gate.config(),
        OptimizerConfig.DEFAULT,
        CarbonBudgets.NONE);
  }

  @Override
  public void close() {
    gitlab.close();
    service.close();
  }

  private static String random() {
    byte[] b = new byte[16];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static int freePort() {
    try (var s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
