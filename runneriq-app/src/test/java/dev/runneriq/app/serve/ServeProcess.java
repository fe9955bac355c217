package dev.runneriq.app.serve;

import dev.runneriq.formats.Trace;
import dev.runneriq.sim.LiveSim;
import dev.runneriq.sim.gitlab.SimClock;
import dev.runneriq.sim.gitlab.SimGitLab;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code runneriq serve} as a child JVM on the test's class path. */
final class ServeProcess {
  private ServeProcess() {}

  /**
   * The simulated GitLab of {@code live}, sending its webhooks to a service that will listen on
   * {@code servePort}; started.
   */
  static SimGitLab gitlab(
      LiveSim live, Trace trace, SimClock clock, String token, String hookSecret, int servePort)
      throws Exception {
    return new SimGitLab(
            new SimGitLab.Options(
                live,
                trace,
                clock,
                token,
                URI.create("http://127.0.0.1:" + servePort + "/hooks/gitlab"),
                hookSecret,
                ServeEndToEndTest.freePort()))
        .start();
  }

  /**
   * Starts {@code serve --config config} with {@code env} added to this process's environment.
   *
   * @param err where stderr (the log) goes; null for the same file as stdout
   */
  static Process start(Path config, Path out, @Nullable Path err, Map<String, String> env)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var pb =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.runneriq.app.Main",
                "serve",
                "--config",
                config.toString())
            .redirectOutput(out.toFile());
    if (err == null) {
      pb.redirectErrorStream(true);
    } else {
      pb.redirectError(err.toFile());
    }
    pb.environment().putAll(env);
    return pb.start();
  }
}
