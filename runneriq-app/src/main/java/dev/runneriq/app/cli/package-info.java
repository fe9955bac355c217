/**
 * The command line (picocli): one class per subcommand. Commands print errors as one line naming
 * the file and field, and exit with status 2 on bad input, never with a stack trace.
 */
@NullMarked
package dev.runneriq.app.cli;

import org.jspecify.annotations.NullMarked;
