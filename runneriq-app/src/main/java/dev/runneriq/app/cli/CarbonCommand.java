package dev.runneriq.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code runneriq carbon ...}: carbon studies over intensity series. */
@Command(
    name = "carbon",
    mixinStandardHelpOptions = true,
    description = "Carbon studies over intensity series.",
    subcommands = {ShiftStudyCommand.class})
final class CarbonCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a subcommand is required: shift-study");
  }
}
