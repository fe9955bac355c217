package dev.runneriq.image;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command in an extracted image as a container runtime would, without one: a new mount and
 * PID namespace ({@code unshare}) with its own {@code /proc} (the loader finds the runtime's
 * libraries through {@code /proc/self/exe}), the image's root ({@code chroot}), the image's user,
 * and only the environment given. It shares the host's network, so a server in it answers on
 * loopback. Needs root and Linux; {@link #unavailable()} says why not, or null.
 */
final class ContainerProcess {
  private ContainerProcess() {}

  /** Why a container process cannot be run here, or null when it can. */
  static String unavailable() {
    if (!System.getProperty("os.name").equals("Linux")) {
      return "running the image needs Linux, and this is " + System.getProperty("os.name");
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      return "running the image needs root (for unshare and chroot); the tests run as "
          + System.getProperty("user.name");
    }
    for (String tool : List.of("unshare", "mount", "chroot", "env")) {
      if (host(tool) == null) {
        return tool + " is not on PATH";
      }
    }
    return null;
  }

  /** Starts {@code command} in {@code root} as {@code user} ("uid:gid") with {@code env}. */
  static Process start(
      Path root, String user, Map<String, String> env, List<String> command, Path output)
      throws IOException {
    Files.createDirectories(root.resolve("proc"));
    var args = new ArrayList<String>();
    args.addAll(
        List.of(
            host("unshare"),
            "--mount",
            "--pid",
            "--fork",
            "--kill-child",
            "/bin/sh",
            "-c",
            "\"$0\" -t proc proc \"$1/proc\" && cd \"$1\" && shift && exec \"$@\"",
            host("mount"),
            root.toString(),
            host("env"),
            "-i"));
    env.forEach((k, v) -> args.add(k + "=" + v));
    args.addAll(List.of(host("chroot"), "--userspec=" + user, "."));
    args.addAll(command);
    return new ProcessBuilder(args)
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
  }

  /**
   * Sends SIGTERM to the container's processes, as {@code docker stop} does (unshare itself ignores
   * it), and waits up to {@code grace} for them to end; true when they did.
   */
  static boolean stop(Process p, Duration grace) throws InterruptedException {
    p.descendants().forEach(ProcessHandle::destroy);
    if (p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      return true;
    }
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    return false;
  }

  private static String host(String tool) {
    for (String dir :
        System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }
}
