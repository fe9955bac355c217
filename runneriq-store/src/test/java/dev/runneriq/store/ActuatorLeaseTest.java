package dev.runneriq.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly one holder of the actuator lease: two leases in one JVM and in two processes on a SQLite
 * file, and two on a real PostgreSQL server, where a holder whose connection dies loses it.
 */
class ActuatorLeaseTest {
  static final long MY_PID = ProcessHandle.current().pid();
  @TempDir Path dir;

  /**
   * The other process: takes the lease on the SQLite file {@code args[0]} as {@code args[1]}, says
   * "held" or "standing by: <holder>", and tries again at each line read, until its input ends.
   */
  public static void main(String[] args) throws Exception {
    var lease = ActuatorLease.of(StoreConfig.sqlite(Path.of(args[0])), args[1]);
    var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    do {
      System.out.println(lease.tryAcquire() ? "held" : "standing by: " + lease.holder());
      System.out.flush();
    } while (in.readLine() != null);
  }

  @Test
  void ofTwoLeasesOnOneSqliteFileExactlyOneHoldsItUntilItLetsGo() throws Exception {
    var config = StoreConfig.sqlite(dir.resolve("audit.db"));
    var a = ActuatorLease.of(config, "serve-a");
    var b = ActuatorLease.of(config, "serve-b");
    try {
      assertThat(a.tryAcquire()).isTrue();
      assertThat(a.tryAcquire()).as("again, while held").isTrue();
      assertThat(b.tryAcquire()).isFalse();
      assertThat(a.held()).isTrue();
      assertThat(b.held()).isFalse();
      assertThat(b.holder()).startsWith("serve-a (pid " + MY_PID + ", since ");
      assertThat(Files.readString(dir.resolve("audit.db.actuator.lock")))
          .startsWith("serve-a (pid " + MY_PID);

      a.close();
      assertThat(a.held()).isFalse();
      assertThat(b.tryAcquire()).isTrue();
      assertThat(a.tryAcquire()).isFalse();
      assertThat(a.holder()).startsWith("serve-b (pid ");
      assertThat(b.held()).as("the standby's tries left the holder's lock alone").isTrue();
    } finally {
      a.close();
      b.close();
    }
    assertThat(dir.resolve("audit.db.actuator.lock")).exists();
  }

  @Test
  void ofTwoProcessesOnOneSqliteFileExactlyOneHoldsItAndTheOtherTakesOverWhenItDies()
      throws Exception {
    var config = StoreConfig.sqlite(dir.resolve("audit.db"));
    var mine = ActuatorLease.of(config, "serve-parent");
    assertThat(mine.tryAcquire()).isTrue();
    // a second lease of this JVM that tries and lets go must leave the process's lock in place
    var second = ActuatorLease.of(config, "serve-parent-2");
    assertThat(second.tryAcquire()).isFalse();
    second.close();
    var child = startChild(config.sqliteFile(), "serve-child");
    try (var out =
            new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        var in = new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8)) {
      assertThat(out.readLine()).startsWith("standing by: serve-parent (pid " + MY_PID + ", since");

      mine.close();
      in.println("try");
      assertThat(out.readLine()).isEqualTo("held");
      try (var again = ActuatorLease.of(config, "serve-parent")) {
        assertThat(again.tryAcquire()).isFalse();
        assertThat(again.holder()).startsWith("serve-child (pid " + child.pid() + ", since");

        child.destroyForcibly(); // SIGKILL: the operating system releases its lock
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(again.tryAcquire()).isTrue();
      }
    } finally {
      child.destroyForcibly();
    }
  }

  static Process startChild(Path db, String name) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                ActuatorLeaseTest.class.getName(),
                db.toString(),
                name))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  @Test
  void anInMemorySqliteDatabaseHasNoFileToLockAndAnUnwritableFolderIsNamed() throws Exception {
    assertThatThrownBy(
            () -> ActuatorLease.of(new StoreConfig("jdbc:sqlite::memory:", null, null), "a"))
        .hasMessage("jdbc:sqlite::memory: is not a SQLite database file");
    var lease = ActuatorLease.of(StoreConfig.sqlite(dir.resolve("gone").resolve("audit.db")), "a");
    assertThatThrownBy(lease::tryAcquire)
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("cannot take the actuator lease " + dir.resolve("gone"));
    assertThat(lease.held()).isFalse();
  }

  @Test
  void onPostgresOneSessionHoldsItAndLosesItWithItsConnection() throws Exception {
    try (var pg = EmbeddedPostgres.builder().start()) {
      var config = new StoreConfig(pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
      var a = ActuatorLease.of(config, "serve-a");
      var b = ActuatorLease.of(config, "serve-b");
      try {
        assertThat(a.tryAcquire()).isTrue();
        assertThat(b.tryAcquire()).isFalse();
        assertThat(a.held()).isTrue();
        assertThat(b.holder()).startsWith("runneriq actuator: serve-a (pid " + MY_PID);

        // the holder's connection dies (the server ends its session)
        try (var admin = pg.getPostgresDatabase().getConnection();
            var st = admin.createStatement()) {
          st.execute(
              "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name"
                  + " LIKE 'runneriq actuator: serve-a%'");
        }
        assertThat(eventually(b::tryAcquire)).as("the standby takes over").isTrue();
        assertThat(a.held()).as("the old holder notices").isFalse();
        assertThat(a.tryAcquire()).isFalse();
        assertThat(a.holder()).startsWith("runneriq actuator: serve-b");

        b.close();
        assertThat(a.tryAcquire()).isTrue();
      } finally {
        a.close();
        b.close();
      }
    }
  }

  @Test
  void aPostgresThatDoesNotAnswerIsAnErrorNamingItWithoutItsPassword() throws Exception {
    int port;
    try (var s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    var config =
        new StoreConfig(
            "jdbc:postgresql://127.0.0.1:" + port + "/postgres?password=hunter2", "postgres", null);
    try (var lease = ActuatorLease.of(config, "serve-a")) {
      assertThatThrownBy(lease::tryAcquire)
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith(
              "cannot ask jdbc:postgresql://127.0.0.1:" + port + "/postgres?password=***")
          .message()
          .doesNotContain("hunter2");
      assertThat(lease.held()).isFalse();
    }
  }

  static boolean eventually(BooleanSupplier condition) throws InterruptedException {
    var deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (Instant.now().isBefore(deadline)) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }
}
