package dev.runneriq.store;

import dev.runneriq.formats.Printable;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where the audit log lives: a JDBC URL ({@code jdbc:sqlite:/var/lib/runneriq/audit.db} or {@code
 * jdbc:postgresql://db:5432/runneriq}) and, for PostgreSQL, the credentials.
 */
public record StoreConfig(String url, @Nullable String user, @Nullable String password) {
  public StoreConfig {
    if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "store url must start with jdbc:sqlite: or jdbc:postgresql:, but was "
              + Printable.clip(url.replaceAll("(?i)password=[^&;]*", "password=***"))
              + " (store.url)");
    }
  }

  public static StoreConfig sqlite(Path file) {
    return new StoreConfig("jdbc:sqlite:" + file.toAbsolutePath(), null, null);
  }

  public boolean isSqlite() {
    return url.startsWith("jdbc:sqlite:");
  }

  /**
   * The SQLite database's file, from the URL without its parameters.
   *
   * @throws IllegalStateException for PostgreSQL, or an in-memory SQLite database
   */
  public Path sqliteFile() {
    String file = url.replaceFirst("^jdbc:sqlite:", "").replaceFirst("\\?.*", "");
    if (!isSqlite() || file.isEmpty() || file.contains(":memory:")) {
      throw new IllegalStateException(safeUrl() + " is not a SQLite database file");
    }
    return Path.of(file);
  }

  /** The URL with any password parameter masked, for messages. */
  public String safeUrl() {
    return url.replaceAll("(?i)password=[^&;]*", "password=***");
  }

  @Override
  public String toString() {
    return "StoreConfig[" + safeUrl() + (user == null ? "" : ", user=" + user) + "]";
  }
}
