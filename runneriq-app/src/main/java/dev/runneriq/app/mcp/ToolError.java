package dev.runneriq.app.mcp;

/**
 * A call a model can correct: names the argument at fault and says what it must be. Becomes a tool
 * result with {@code isError: true}, never a protocol error.
 */
final class ToolError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ToolError(String argument, String problem) {
    super("argument '" + argument + "' " + problem);
  }
}
