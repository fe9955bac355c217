package dev.runneriq.app.cli;

import picocli.CommandLine;

/** The version printed by {@code --version}, from the jar's manifest when there is one. */
final class Version implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = RunnerIqCommand.class.getPackage().getImplementationVersion();
    return new String[] {"runneriq " + (v == null ? "0.1.0-SNAPSHOT" : v)};
  }
}
