package dev.runneriq.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time (user and system) taken since a start by a child process, by its own children (an
 * embedded PostgreSQL server) and by this process: on a machine of two cores, what the generator
 * takes is what the service did not get.
 */
final class Cpu {
  /** Linux's {@code USER_HZ}, the unit of {@code /proc/<pid>/stat}'s times. */
  private static final long TICKS_PER_SECOND = 100;

  private final ProcessHandle target;
  private final Duration targetAt;
  private final Duration childrenAt;
  private final Duration selfAt;

  private Cpu(ProcessHandle target) {
    this.target = target;
    this.targetAt = cpu(target);
    this.childrenAt = descendants(target);
    this.selfAt = cpu(ProcessHandle.current());
  }

  static Cpu of(Process target) {
    return new Cpu(target.toHandle());
  }

  /** The CPU time taken since {@link #of}, in words. */
  String since() {
    return "service %.1f s, its child processes %.1f s, generator %.1f s"
        .formatted(
            seconds(cpu(target).minus(targetAt)),
            seconds(descendants(target).minus(childrenAt)),
            seconds(cpu(ProcessHandle.current()).minus(selfAt)));
  }

  /**
   * What the descendants took, with what their own exited children took ({@code cutime} and {@code
   * cstime} of {@code /proc/<pid>/stat}): PostgreSQL's backends come and go with each connection.
   */
  private static Duration descendants(ProcessHandle p) {
    return p.descendants().map(Cpu::withExited).reduce(Duration.ZERO, Duration::plus);
  }

  private static Duration withExited(ProcessHandle p) {
    try {
      String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields 14 to 17 of the file (utime, stime, cutime, cstime), here from the 3rd on
      long ticks = 0;
      for (int i = 11; i <= 14; i++) {
        ticks += Long.parseLong(f[i]);
      }
      return Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND);
    } catch (IOException | RuntimeException e) {
      return cpu(p);
    }
  }

  private static Duration cpu(ProcessHandle p) {
    return p.info().totalCpuDuration().orElse(Duration.ZERO);
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
