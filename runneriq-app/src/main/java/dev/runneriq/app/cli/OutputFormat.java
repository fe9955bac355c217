package dev.runneriq.app.cli;

/** How a command prints its result. */
enum OutputFormat {
  json,
  text
}
