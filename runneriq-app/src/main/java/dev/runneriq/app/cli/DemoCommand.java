package dev.runneriq.app.cli;

import dev.runneriq.app.config.ConfigLoader;
import dev.runneriq.app.config.ConfiguredEngine;
import dev.runneriq.app.config.GateConfig;
import dev.runneriq.app.serve.SimulatedRun;
import dev.runneriq.core.engine.Engine;
import dev.runneriq.core.gate.PreemptRule;
import dev.runneriq.core.model.Runner;
import dev.runneriq.formats.Trace;
import dev.runneriq.sim.GateModel;
import dev.runneriq.sim.workload.Bundled;
import dev.runneriq.sim.workload.WorkloadPresets;
import dev.runneriq.store.StoreConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.function.Supplier;
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
      "have saved. With --mode gate, the service plays the jobs the gate template holds, next to",
      "the same demo in advisory mode, and --minutes prints the waits measured on both."
    })
final class DemoCommand implements Callable<Integer> {
  /** 13:00 on the preset's day: the afternoon peak, when the fleet runs full and jobs queue. */
  private static final Instant AT = WorkloadPresets.DAY.plus(Duration.ofHours(13));

  /**
   * Every project includes the template; the service may play any of their held jobs but the
   * workload's own delayed ones ({@code verify-prod} waits five minutes after its deploy), as
   * docs/ACTIVE.md tells users to configure it.
   */
  private static final SimulatedRun.Gate GATE =
      new SimulatedRun.Gate(
          GateModel.DEFAULT,
          new GateConfig(false, List.of("**"), List.of("verify-*"), 1, 6_000, "demo"));

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      defaultValue = "advisory",
      description = {
        "advisory: the service only advises. gate: every project includes the gate template and",
        "the service plays held jobs in priority order, next to the same demo in advisory mode",
        "(the same workload, seed and start). Default: ${DEFAULT-VALUE}."
      })
  String mode = "advisory";

  @Option(
      names = "--preempt",
      description = {
        "With --mode gate: preemption on, as --config's gate.preempt sets it when enabled, else",
        "T 3 minutes, 6 an hour, any LOW or MEDIUM job that deploys nowhere preemptible; the",
        "summary counts the cancellations and the runner time they lost."
      })
  boolean preempt;

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
        "runneriq.yaml: the priority, placement, carbon and llm sections of the demo's engine, and",
        "gate.preempt with --preempt (the gitlab, store, server and other gate settings are the",
        "demo's own). Default: the defaults."
      })
  @Nullable Path config;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    validate();
    var trace = WorkloadPresets.generate(preset, seed);
    var fleet = Bundled.fleet();
    var loaded = ConfigLoader.load(config, System.getenv());
    if (mode.equals("gate")) {
      return gateDemo(loaded, trace, fleet);
    }
    Path file = db != null ? db : Files.createTempDirectory("runneriq-demo").resolve("audit.db");
    try (var configured = ConfiguredEngine.of(loaded)) {
      return demo(configured.engine(), trace, fleet, file);
    }
  }

  private SimulatedRun start(
      Trace trace,
      List<Runner> fleet,
      Engine engine,
      Path file,
      int onPort,
      SimulatedRun.@Nullable Gate gate) {
    return ServeCommand.start(
        () ->
            SimulatedRun.start(
                trace,
                fleet,
                AT,
                speed,
                seed,
                StoreConfig.sqlite(file),
                onPort,
                engine,
                ServeCommand.MIN_GAP,
                gate));
  }

  private int demo(Engine engine, Trace trace, List<Runner> fleet, Path file)
      throws InterruptedException {
    var run = start(trace, fleet, engine, file, port, null);
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
    return runFor(
        run::close,
        live::now,
        to -> {
          service.audit().flush(Duration.ofSeconds(10));
          return DemoReport.render(
              live, from, to, service.store(), trace, fleet, seed, engine, service.hookToAdvice());
        });
  }

  /**
   * Runs until Ctrl-C, or with {@code --minutes} for that long, then prints the report rendered for
   * the simulated time {@code end} read then.
   */
  private int runFor(Runnable close, Supplier<Instant> end, Function<Instant, String> report)
      throws InterruptedException {
    var out = spec.commandLine().getOut();
    out.println(
        minutes == null
            ? "Press Ctrl-C to stop."
            : String.format("Stopping by itself in %s minute(s).", fmt(minutes)));
    out.flush();
    var stopped = new CountDownLatch(1);
    Runnable stop =
        () -> {
          close.run();
          stopped.countDown();
        };
    if (minutes == null) {
      Runtime.getRuntime().addShutdownHook(new Thread(stop, "runneriq-demo-shutdown"));
      stopped.await();
      return 0;
    }
    Thread.sleep(Math.round(minutes * 60_000));
    var to = end.get();
    Thread.sleep(2_000); // a cycle or two to decide on the jobs that became pending just before
    // stopped first (the audit log written out), so that the report counts all the service did
    stop.run();
    String text = report.apply(to);
    out.print(text);
    out.flush();
    return 0;
  }

  /**
   * Gate mode next to advisory mode: two simulated GitLabs with the same workload, seed, start and
   * speed, one whose projects all include the gate template with the service in gate mode on {@code
   * --port}, one in GitLab's own order with the service advising on a free port.
   */
  private int gateDemo(ConfigLoader.Loaded loaded, Trace trace, List<Runner> fleet)
      throws IOException, InterruptedException {
    Path gateFile = db != null ? db : Files.createTempDirectory("runneriq-demo").resolve("gate.db");
    Path advisoryFile = gateFile.resolveSibling(advisoryName(gateFile));
    try (var gateEngine = ConfiguredEngine.of(withMode(loaded, "gate"));
        var advisoryEngine = ConfiguredEngine.of(withMode(loaded, "advisory"))) {
      var configured = loaded.service().gate().preempt();
      var preemption =
          configured != null
              ? configured
              : new GateConfig.Preempt(
                  PreemptRule.DEFAULT, List.of(new GateConfig.Preempt.Match("**", "*")));
      var gate =
          preempt
              ? new SimulatedRun.Gate(GATE.floors(), GATE.config().withPreempt(preemption))
              : GATE;
      var gated = start(trace, fleet, gateEngine.engine(), gateFile, port, gate);
      SimulatedRun advisory;
      try {
        advisory = start(trace, fleet, advisoryEngine.engine(), advisoryFile, 0, null);
      } catch (RuntimeException e) {
        gated.close();
        throw e;
      }
      var floors = GateModel.DEFAULT;
      var out = spec.commandLine().getOut();
      out.printf(
          "RunnerIQ demo: gate mode (it plays the jobs the gate template holds, in priority order),"
              + " next to the same demo in advisory mode%n"
              + "  workload  %s preset, default fleet of %d runners, %.0fx real time, from %s,"
              + " seed %d%n",
          preset, fleet.size(), speed, gated.from(), seed);
      where(
          out,
          String.format(
              "gate mode: every project includes the template (floors %d min, %d min for"
                  + " schedules)%s",
              floors.interactiveFloor().toMinutes(),
              floors.scheduledFloor().toMinutes(),
              preempt
                  ? String.format(
                      "; preemption on (T %d s, %d an hour, %s)",
                      preemption.rule().after().toSeconds(),
                      preemption.rule().perHour(),
                      configured != null
                          ? "the jobs gate.preempt names"
                          : "any LOW or MEDIUM job that deploys nowhere")
                  : ""),
          gated,
          gateFile);
      where(
          out, "advisory mode: GitLab's own order, RunnerIQ only advises", advisory, advisoryFile);
      return runFor(
          () -> {
            gated.close();
            advisory.close();
          },
          () -> min(gated.live().now(), advisory.live().now()),
          to -> {
            gated.service().audit().flush(Duration.ofSeconds(10));
            advisory.service().audit().flush(Duration.ofSeconds(10));
            Instant from = max(gated.from(), advisory.from());
            return GateDemoReport.render(
                from,
                to,
                new GateDemoReport.Side(advisory.live(), advisory.service().store()),
                new GateDemoReport.Side(gated.live(), gated.service().store()));
          });
    }
  }

  private static void where(PrintWriter out, String title, SimulatedRun run, Path file) {
    String base = "http://127.0.0.1:" + run.service().port();
    out.printf(
        "  %s%n"
            + "    simulated GitLab  %s%n"
            + "    dashboard         %s/?token=%s%n"
            + "    API               curl -H 'Authorization: Bearer %s' %s/api/v1/queue%n"
            + "    audit log         %s  (runneriq log --actions --db %s)%n",
        title, run.gitlab().url(), base, run.apiToken(), run.apiToken(), base, file, file);
  }

  private static ConfigLoader.Loaded withMode(ConfigLoader.Loaded c, String engineMode) {
    return new ConfigLoader.Loaded(
        c.engine().withMode(engineMode), c.service(), c.llm(), c.effective(), c.logging());
  }

  /**
   * {@code gate.db} beside {@code advisory.db}; {@code audit.db} beside {@code audit-advisory.db}.
   */
  private static String advisoryName(Path gateFile) {
    String name = String.valueOf(gateFile.getFileName());
    if (name.equals("gate.db")) {
      return "advisory.db";
    }
    int dot = name.lastIndexOf('.');
    return dot > 0
        ? name.substring(0, dot) + "-advisory" + name.substring(dot)
        : name + "-advisory";
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
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
    if (!mode.equals("advisory") && !mode.equals("gate")) {
      throw new UserError("--mode must be advisory or gate, but was " + mode);
    }
    if (preempt && !mode.equals("gate")) {
      throw new UserError("--preempt is for --mode gate (advisory mode writes nothing to GitLab)");
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
