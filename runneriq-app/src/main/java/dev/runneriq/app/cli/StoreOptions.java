package dev.runneriq.app.cli;

import dev.runneriq.app.config.UrlCredentials;
import dev.runneriq.store.StoreConfig;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Where the audit log is: a SQLite file, or a JDBC URL for PostgreSQL. */
final class StoreOptions {
  @Option(
      names = "--db",
      paramLabel = "FILE|URL",
      description = {
        "The audit log: a SQLite file (created when missing), or a JDBC URL",
        "(jdbc:postgresql://host/db; user and password from RUNNERIQ_STORE_USER and",
        "RUNNERIQ_STORE_PASSWORD)."
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
    return StoreConfig.sqlite(Path.of(db));
  }
}
