package dev.runneriq.app;

import dev.runneriq.app.cli.RunnerIqCommand;

/** {@code runneriq}: the command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(RunnerIqCommand.run(args));
  }
}
