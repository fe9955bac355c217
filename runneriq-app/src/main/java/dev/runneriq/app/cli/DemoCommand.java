package dev.runneriq.app.cli;

import dev.runneriq.app.config.ConfigLoader;
import dev.runneriq.app.config.ConfiguredEngine;
import dev.runneriq.app.serve.SimulatedRun;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.model.Runner;
import dev.runneriq.formats.Trace;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.sim.workload.WorkloadPresets;
import dev.runneriq.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code runneriq demo}: a simulated GitLab with the default fleet and a workload preset on an
 * accelerated clock, and the service in front of it with an embedded SQLite audit log.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Start a simulated GitLab (the default fleet, a workload preset, an accelerated clock) and",
      "RunnerIQ's service in front of it in advisory mode, with a SQLite audit log; print where to",
      "look. With --minutes it stops by itself and prints what RunnerIQ advised and what it would",
      "have saved."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--minutes",
      paramLabel = "N",
      description =
          "Stop after N minutes (real time) and print the summary; else run until Ctrl-C.")
  @Nullable Double minutes;

  @Option(
      names = "--port",
      paramLabel = "P",
      defaultValue = "8080",
      description =
          "The dashboard's and API's port (0 for any free one). Default: ${DEFAULT-VALUE}.")
  int port = 8080;

  @Option(
      names = "--speed",
      paramLabel = "X",
      defaultValue = "60",
      description = "Simulated seconds per real second. Default: ${DEFAULT-VALUE}.")
  double speed = 60;

  @Option(
      names = "--preset",
      defaultValue = "busy-day",
      description = "Workload preset: busy-day, release-crunch, nightly, monorepo.")
  String preset = "busy-day";

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the workload and of GitLab's dispatch.")
  long seed = 42;

  @Option(
      names = "--db",
      paramLabel = "FILE",
      description = "The SQLite audit log (default: a new file in a temporary folder).")
  @Nullable Path db;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = {
        "runneriq.yaml: the priority, placement, carbon and llm sections of the demo's engine",
        "(the gitlab, store and server sections are the demo's own). Default: the defaults."
      })
  @Nullable Path config;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    validate();
    var trace = WorkloadPresets.generate(preset, seed);
    var fleet = Bundled.fleet();
    Path file = db != null ? db : Files.createTempDirectory("runneriq-demo").resolve("audit.db");
    try (var configured = ConfiguredEngine.of(ConfigLoader.load(config, System.getenv()))) {
      return demo(configured.engine(), trace, fleet, file);
    }
  }

  private int demo(Engine engine, Trace trace, List<Runner> fleet, Path file)
      throws InterruptedException {
    // 13:00 on the preset's day: the afternoon peak, when the fleet runs full and jobs queue
    var run =
        ServeCommand.start(
            () ->
                SimulatedRun.start(
                    trace,
                    fleet,
                    WorkloadPresets.DAY.plus(Duration.ofHours(13)),
                    speed,
                    seed,
                    StoreConfig.sqlite(file),
                    port,
                    engine,
                    ServeCommand.MIN_GAP));
    var live = run.live();
    var from = run.from();
    String apiToken = run.apiToken();
    var service = run.service();
    var out = spec.commandLine().getOut();
    String base = "http://127.0.0.1:" + service.port();
    out.printf(
        "RunnerIQ demo: advisory mode (it changes nothing in GitLab)%n"
            + "  simulated GitLab  %s  (%s preset, default fleet of %d runners, %.0fx real time,"
            + " from %s)%n"
            + "  dashboard         %s/?token=%s%n"
            + "  API               curl -H 'Authorization: Bearer %s' %s/api/v1/queue%n"
            + "  metrics           %s/metrics (same token)%n"
            + "  audit log         %s  (runneriq log --db %s)%n",
        run.gitlab().url(),
        preset,
        fleet.size(),
        speed,
        from,
        base,
        apiToken,
        apiToken,
        base,
        base,
        file,
        file);
    out.println(
        minutes == null
            ? "Press Ctrl-C to stop."
            : String.format("Stopping by itself in %s minute(s).", fmt(minutes)));
    out.flush();
    var stopped = new CountDownLatch(1);
    Runnable stop =
        () -> {
          run.close();
          stopped.countDown();
        };
    if (minutes == null) {
      Runtime.getRuntime().addShutdownHook(new Thread(stop, "runneriq-demo-shutdown"));
      stopped.await();
      return 0;
    }
    Thread.sleep(Math.round(minutes * 60_000));
    var to = live.now();
    Thread.sleep(2_000); // a cycle or two to decide on the jobs that became pending just before
    service.audit().flush(Duration.ofSeconds(10));
    var report =
        DemoReport.render(
            live, from, to, service.store(), trace, fleet, seed, engine, service.hookToAdvice());
    stop.run();
    out.print(report);
    out.flush();
    return 0;
  }

  private void validate() {
    if (minutes != null && !(minutes > 0 && minutes <= 24 * 60)) {
      throw new UserError("--minutes must be between 0 and 1440, but was " + fmt(minutes));
    }
    if (!(speed >= 1 && speed <= 3600)) {
      throw new UserError("--speed must be between 1 and 3600, but was " + fmt(speed));
    }
    if (port < 0 || port > 65_535) {
      throw new UserError("--port must be between 0 and 65535, but was " + port);
    }
    if (!WorkloadPresets.NAMES.contains(preset)) {
      throw new UserError(
          "--preset must be one of "
              + String.join(", ", WorkloadPresets.NAMES)
              + ", but was "
              + preset);
    }
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
