package dev.runneriq.app.cli;

/** A problem with what the user asked for, printed as one line with exit status 2. */
public final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserError(String message) {
    super(message);
  }
}
