package dev.runneriq.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * How the store reaches its database: a connection for each statement on SQLite, a file opened in
 * microseconds (so a database file that went away is seen at once); on PostgreSQL up to {@link
 * #POOL_SIZE} connections kept between statements (HikariCP), since each new one is a server
 * process: opening one per statement cost the server more than twice the CPU under webhook load.
 * Every connection set up alike ({@link #connect}), failures named by the database's URL, never its
 * password.
 */
final class Database implements AutoCloseable {
  /** PostgreSQL connections a store keeps at most; each replica's lease and inbox add one each. */
  static final int POOL_SIZE = 8;

  /** The application name of the store's PostgreSQL connections, as the server lists them. */
  static final String APPLICATION_NAME = "runneriq";

  /** How long a statement waits for one of the kept connections before it fails. */
  static final long POOL_WAIT_MS = 5_000;

  private final StoreConfig config;
  private final @Nullable HikariDataSource pool;
  private final Jdbi jdbi;

  Database(StoreConfig config) {
    this.config = config;
    if (config.isSqlite()) {
      this.pool = null;
      this.jdbi = Jdbi.create(() -> connect(config));
    } else {
      this.pool = pool(config);
      this.jdbi = Jdbi.create(pool);
    }
  }

  /**
   * The kept connections: none opened before the first statement (opening the store still fails at
   * once, in the migrations, when the database cannot be reached), idle ones closed after a minute.
   */
  private static HikariDataSource pool(StoreConfig config) {
    var hikari = new HikariConfig();
    hikari.setPoolName("runneriq-store");
    hikari.setJdbcUrl(config.url());
    hikari.setDataSourceProperties(properties(config));
    hikari.setMaximumPoolSize(POOL_SIZE);
    hikari.setMinimumIdle(0);
    hikari.setIdleTimeout(60_000);
    hikari.setConnectionTimeout(POOL_WAIT_MS);
    hikari.setInitializationFailTimeout(-1);
    return new HikariDataSource(hikari);
  }

  /** A connection of its own to the store's database, set up as every connection of the store. */
  static Connection connect(StoreConfig config) throws SQLException {
    Connection c = DriverManager.getConnection(config.url(), properties(config));
    if (config.isSqlite()) {
      try (var st = c.createStatement()) {
        // the wait first: setting the journal mode takes a lock that another connection opening at
        // the same moment may hold, and without a busy timeout the second fails at once
        st.execute("PRAGMA busy_timeout=5000");
        st.execute("PRAGMA journal_mode=WAL");
        st.execute("PRAGMA synchronous=FULL");
      }
    }
    return c;
  }

  /** The driver's properties for every connection: the credentials, PostgreSQL's timeouts. */
  private static Properties properties(StoreConfig config) {
    var props = new Properties();
    if (config.user() != null) {
      props.setProperty("user", config.user());
    }
    if (config.password() != null) {
      props.setProperty("password", config.password());
    }
    if (!config.isSqlite()) {
      props.setProperty("connectTimeout", "5");
      props.setProperty("socketTimeout", "30");
      // what pg_stat_activity shows for the store's connections (the lease names its own)
      props.setProperty("ApplicationName", APPLICATION_NAME);
    }
    return props;
  }

  /** Closes the kept connections; a statement after this fails. */
  @Override
  public void close() {
    if (pool != null) {
      pool.close();
    }
  }

  /** Runs {@code f} on a handle of its own; a failure names the database, never its password. */
  <T> T use(HandleFunction<T> f) {
    try (Handle h = jdbi.open()) {
      return f.apply(h);
    } catch (RuntimeException e) {
      throw new StoreException(
          "audit log at " + config.safeUrl() + " failed: " + rootMessage(e), e);
    }
  }

  @FunctionalInterface
  interface HandleFunction<T> {
    T apply(Handle h);
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }
}
