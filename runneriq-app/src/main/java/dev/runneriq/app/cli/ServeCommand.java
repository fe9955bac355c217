package dev.runneriq.app.cli;

import dev.runneriq.app.config.ConfigLoader;
import dev.runneriq.app.config.ConfiguredEngine;
import dev.runneriq.app.logging.Logs;
import dev.runneriq.app.serve.Service;
import dev.runneriq.formats.Printable;
import dev.runneriq.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code runneriq serve}: the service against a GitLab instance, in advisory or gate mode. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Watch a GitLab instance, decide on every pending job, explain and log each decision,",
      "and serve the API, dashboard and metrics. Advisory mode changes nothing in GitLab;",
      "gate mode (mode: gate) plays the jobs the gate template holds, highest priority first.",
      "Stops cleanly on SIGINT/SIGTERM: the cycle in progress finishes, the audit log writes",
      "what it holds, then the server stops; exit 0 (1 if anything was left unwritten or the",
      "stop took over 30 s)."
    })
final class ServeCommand implements Callable<Integer> {
  /** The least time between two cycles while webhooks keep coming. */
  static final Duration MIN_GAP = Duration.ofMillis(250);

  @Option(
      names = "--config",
      paramLabel = "FILE",
      defaultValue = "runneriq.yaml",
      description = "runneriq.yaml (gitlab, store, server sections). Default: ${DEFAULT-VALUE}.")
  Path config = Path.of("runneriq.yaml");

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(config)) {
      throw new UserError("cannot read the config file " + config + " (--config)");
    }
    var loaded = ConfigLoader.load(config, System.getenv());
    Logs.apply(loaded.logging());
    var engine = ConfiguredEngine.of(loaded);
    Service service;
    try {
      service =
          start(
              () ->
                  Service.start(
                      engine.engine(), loaded.service(), InstantSource.system(), MIN_GAP, config));
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
    var out = spec.commandLine().getOut();
    var s = loaded.service();
    out.printf(
        "RunnerIQ serving in %s%n"
            + "  watching   %s every %ds%s%n"
            + "  dashboard  http://%s:%d/%n"
            + "  API        http://%s:%d/api/v1/  metrics /metrics%n"
            + "  carbon     %s%n"
            + "  toss-ups   %s%n"
            + "  audit log  %s%n"
            + "  cluster    %s%n",
        modeLine(service),
        Printable.escape(String.valueOf(s.gitlab().url())),
        s.gitlab().pollInterval().toSeconds(),
        s.gitlab().webhookSecret() == null ? "" : ", and webhooks at /hooks/gitlab",
        Printable.escape(s.server().host()),
        service.port(),
        Printable.escape(s.server().host()),
        service.port(),
        s.carbon() == null
            ? "none (set carbon.provider; the carbon scorer and deferral stand aside)"
            : s.carbon().provider().provider()
                + ", read every "
                + s.carbon().refresh().toSeconds()
                + "s for the zones of the fleet section",
        engine.tossUps(),
        Printable.escape(s.store().safeUrl()),
        s.store().isSqlite()
            ? "a single instance (SQLite; a second serve on this file refuses to start)"
            : Printable.escape(service.clusterLine()));
    if (!s.server().auth()) {
      out.printf(
          "  WARNING    server.auth is false: the API and dashboard are open to anyone who can"
              + " reach %s:%d%n",
          Printable.escape(s.server().host()), service.port());
    }
    out.flush();
    Runtime.getRuntime()
        .addShutdownHook(
            GracefulStop.hook(
                () -> {
                  service.close();
                  engine.close();
                  // 1 when decisions or outcomes could not be written (the database was down)
                  return service.audit().pending() == 0 ? 0 : 1;
                },
                GracefulStop.BOUND));
    new CountDownLatch(1).await(); // until a signal: the hook ends the process
    return 0;
  }

  /** What the service does to GitLab, in words. */
  static String modeLine(Service service) {
    var gate = service.gate();
    if (gate == null) {
      return "advisory mode (nothing in GitLab is changed)";
    }
    var st = gate.status();
    if (!st.mode().equals("gate")) {
      return "advisory mode (gate configured, switched off: POST /api/v1/mode turns it on)";
    }
    return st.dryRun()
        ? "gate mode, dry run (plays nothing; the action log shows what it would play)"
        : "gate mode (plays held jobs of gate.projects in priority order; their floor starts the"
            + " rest)";
  }

  /** Starts the service, turning configuration and audit-log problems into one-line errors. */
  static <T> T start(java.util.function.Supplier<T> starter) {
    try {
      return starter.get();
    } catch (IllegalArgumentException | StoreException e) {
      throw new UserError(String.valueOf(e.getMessage()));
    }
  }
}
