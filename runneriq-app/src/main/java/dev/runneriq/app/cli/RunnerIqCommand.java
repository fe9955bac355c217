package dev.runneriq.app.cli;

import dev.runneriq.formats.FormatException;
import dev.runneriq.formats.Printable;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command; each subcommand is its own class. */
@Command(
    name = "runneriq",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Priority- and carbon-aware scheduling for GitLab CI/CD runner fleets.",
    subcommands = {
      DecideCommand.class,
      ScoreCommand.class,
      ConfigCommand.class,
      SimulateCommand.class,
      ReplayCommand.class,
      WorkloadCommand.class,
      FleetCommand.class,
      LogCommand.class,
      ReportCommand.class,
      CarbonCommand.class,
      ServeCommand.class,
      DemoCommand.class,
      McpCommand.class,
      CommandLine.HelpCommand.class
    })
public final class RunnerIqCommand implements Runnable {
  /** Exit status for bad input: a malformed file, a wrong flag or value. */
  public static final int BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  /** Runs the command line and returns the exit status. */
  public static int run(String... args) {
    return run(
        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8),
        args);
  }

  public static int run(PrintWriter out, PrintWriter err, String... args) {
    var cli = new CommandLine(new RunnerIqCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof FormatException || e instanceof UserError) {
            err.print(TextOutput.line("runneriq: " + e.getMessage()));
            return BAD_INPUT;
          }
          return internalError(e, err);
        });
    int code;
    try {
      code = cli.execute(args);
    } catch (Error e) {
      // picocli hands only exceptions to the handler; an Error (out of memory) comes out here
      code = internalError(e, err);
    }
    err.flush();
    out.flush();
    return code;
  }

  /** One line naming what went wrong; the stack trace only when RUNNERIQ_DEBUG is set. */
  private static int internalError(Throwable e, PrintWriter err) {
    err.print(TextOutput.line("runneriq: internal error: " + describe(e)));
    if (System.getenv("RUNNERIQ_DEBUG") != null) {
      e.printStackTrace(err);
    } else {
      err.println("(set RUNNERIQ_DEBUG=1 for the stack trace)");
    }
    return 1;
  }

  private static String describe(Throwable e) {
    String msg = e.getMessage();
    return e.getClass().getSimpleName() + (msg == null ? "" : ": " + Printable.clip(msg));
  }
}
