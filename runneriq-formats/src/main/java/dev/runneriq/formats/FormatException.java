package dev.runneriq.formats;

/**
 * Bad input in a RunnerIQ file: the message names the file, where in it (a line, a JSON pointer, or
 * both), and what is wrong, in words a user can act on. Commands print it and exit with 2.
 */
public final class FormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String location;

  public FormatException(String file, String location, String problem) {
    super(file + (location.isEmpty() ? "" : ": " + location) + ": " + problem);
    this.file = file;
    this.location = location;
  }

  public FormatException(String file, String location, String problem, Throwable cause) {
    super(file + (location.isEmpty() ? "" : ": " + location) + ": " + problem, cause);
    this.file = file;
    this.location = location;
  }

  public String file() {
    return file;
  }

  /** A line ("line 12"), a JSON pointer ("/jobs/0/pipeline/ref"), or both. */
  public String location() {
    return location;
  }
}
