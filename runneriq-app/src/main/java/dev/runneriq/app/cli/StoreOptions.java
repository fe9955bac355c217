package dev.runneriq.app.cli;

import dev.runneriq.app.config.UrlCredentials;
import dev.runneriq.formats.Printable;
import dev.runneriq.store.StoreConfig;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Where the audit log is: a SQLite file, or a JDBC URL for PostgreSQL. */
final class StoreOptions {
  @Option(
      names = "--db",
      paramLabel = "FILE|URL",
      description = {
        "The audit log: a SQLite file (created when missing by a command that writes to it),",
        "or a JDBC URL (jdbc:postgresql://host/db; user and password from RUNNERIQ_STORE_USER",
        "and RUNNERIQ_STORE_PASSWORD)."
      })
  @Nullable String db;

  @Nullable StoreConfig config() {
    if (db == null) {
      return null;
    }
    if (UrlCredentials.present(db)) {
      throw new UserError(
          "--db "
              + UrlCredentials.WHAT
              + ": set RUNNERIQ_STORE_USER and RUNNERIQ_STORE_PASSWORD instead");
    }
    if (db.startsWith("jdbc:")) {
      try {
        return new StoreConfig(
            db, System.getenv("RUNNERIQ_STORE_USER"), System.getenv("RUNNERIQ_STORE_PASSWORD"));
      } catch (IllegalArgumentException e) {
        throw new UserError(String.valueOf(e.getMessage()).replace("store.url", "--db"));
      }
    }
    try {
      return StoreConfig.sqlite(Path.of(db));
    } catch (InvalidPathException e) {
      throw new UserError("--db is not a valid path: " + Printable.clip(db));
    }
  }

  /**
   * The audit log to read from: as {@link #config()}, but a SQLite file must already exist, since
   * opening a missing one would create it empty and the typo would go unnoticed.
   */
  @Nullable StoreConfig existing() {
    var config = config();
    if (config != null && config.isSqlite()) {
      String file = config.url().substring("jdbc:sqlite:".length()).replaceFirst("\\?.*", "");
      if (!Files.isRegularFile(Path.of(file))) {
        throw new UserError(
            "--db: no such audit log: "
                + Printable.clip(file)
                + " (only a command that writes, such as decide --db, creates one)");
      }
    }
    return config;
  }
}
