package dev.runneriq.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The PostgreSQL store's lease: the session advisory lock {@link #KEY}, held by a connection of its
 * own that does nothing else. The lock ends with the session, so a holder that dies, or whose
 * connection the server drops, loses it; {@link #held} asks the server whether this session still
 * holds it. The connection names its holder ({@code application_name}), so a standby reads who it
 * is from {@code pg_stat_activity}.
 */
final class AdvisoryLease implements ActuatorLease {
  /** The advisory lock's key, the same for every RunnerIQ process on this database: "RIQACT". */
  static final long KEY = 0x52_49_51_41_43_54L;

  /** How long any round trip of the lease may take before the lease counts as lost. */
  private static final int NETWORK_TIMEOUT_MS = 5_000;

  /** A granted hold of {@link #KEY} in {@code pg_locks l}; a bigint key is split in two oids. */
  private static final String KEY_HELD =
      "l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND ((l.classid::bigint << 32) |"
          + " l.objid::bigint) = ?";

  private final StoreConfig config;
  private final String name;
  private @Nullable Connection connection;
  private boolean acquired;
  private String description;

  AdvisoryLease(StoreConfig config, String name) {
    this.config = config;
    this.name = name;
    this.description = FileLease.describe(name, null);
  }

  @Override
  public synchronized boolean tryAcquire() {
    if (held()) {
      return true;
    }
    try {
      var c = connection();
      try (var st = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
        st.setLong(1, KEY);
        try (var rs = st.executeQuery()) {
          acquired = rs.next() && rs.getBoolean(1);
        }
      }
      if (acquired) {
        description = FileLease.describe(name, Instant.now());
      }
      return acquired;
    } catch (SQLException | RuntimeException e) {
      close();
      throw new StoreException(
          "cannot ask " + config.safeUrl() + " for the actuator lease: " + Database.rootMessage(e),
          e);
    }
  }

  /** The lease's own connection, opened (and named after its holder) when there is none. */
  private Connection connection() throws SQLException {
    var c = connection;
    if (c != null) {
      return c;
    }
    c = Database.connect(config);
    connection = c;
    c.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MS);
    try (var st = c.prepareStatement("SELECT set_config('application_name', ?, false)")) {
      st.setString(1, Texts.cut("runneriq actuator: " + FileLease.describe(name, null), 63));
      st.execute();
    }
    // a holder cut off without its socket closing (a lost machine, a partition) is dropped by the
    // server within about 11 s, and its lock with it, rather than after the kernel's two hours
    try (var st = c.createStatement()) {
      st.execute("SET tcp_keepalives_idle = 5");
      st.execute("SET tcp_keepalives_interval = 2");
      st.execute("SET tcp_keepalives_count = 3");
    }
    return c;
  }

  @Override
  public synchronized boolean held() {
    var c = connection;
    if (!acquired || c == null) {
      return false;
    }
    try (var st =
        c.prepareStatement(
            "SELECT 1 FROM pg_locks l WHERE l.pid = pg_backend_pid() AND " + KEY_HELD)) {
      st.setLong(1, KEY);
      try (var rs = st.executeQuery()) {
        if (rs.next()) {
          return true;
        }
      }
    } catch (SQLException e) {
      // the connection is gone, and the session's lock with it
    }
    close();
    return false;
  }

  @Override
  public synchronized String holder() {
    if (held()) {
      return description;
    }
    try (var st =
        connection()
            .prepareStatement(
                "SELECT a.application_name, host(a.client_addr) AS addr, l.pid FROM pg_locks l"
                    + " LEFT JOIN pg_stat_activity a ON a.pid = l.pid WHERE "
                    + KEY_HELD)) {
      st.setLong(1, KEY);
      try (var rs = st.executeQuery()) {
        if (!rs.next()) {
          return "no one (the lease is free)";
        }
        String app = rs.getString("application_name");
        String addr = rs.getString("addr");
        return (app == null || app.isBlank() ? "a session not named" : app)
            + " (database session "
            + rs.getInt("pid")
            + (addr == null ? "" : " from " + addr)
            + ")";
      }
    } catch (SQLException | RuntimeException e) {
      close();
      return "unknown: " + config.safeUrl() + " does not answer: " + Database.rootMessage(e);
    }
  }

  /**
   * Unlocks before closing: the server ends a closed connection's session, and frees its locks,
   * only a moment later, and a standby may try in that moment.
   */
  @Override
  public synchronized void close() {
    var c = connection;
    boolean unlock = acquired;
    connection = null;
    acquired = false;
    if (c == null) {
      return;
    }
    try (c) {
      if (unlock) {
        try (var st = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
          st.setLong(1, KEY);
          st.execute();
        }
      }
    } catch (SQLException e) {
      // a connection that fails here is gone, and the server ends its session and lock with it
    }
  }
}
