package dev.runneriq.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * The SQLite store's lease: an exclusive lock on {@code <db>.actuator.lock}, which holds its
 * holder's description as text so that a standby can say who it is. The operating system releases
 * the lock when the holder's process ends, however it ends; the file itself stays (deleting it
 * would let two processes lock two different files).
 *
 * <p>File locks belong to a process, and on Linux closing any channel on the file drops every lock
 * the process holds on it. So within one JVM a second lease never opens the file while another
 * holds it: the leases of this JVM are kept in {@link #HELD_HERE}, and the second one stands by.
 */
final class FileLease implements ActuatorLease {
  private static final ConcurrentMap<Path, FileLease> HELD_HERE = new ConcurrentHashMap<>();

  private final Path file;
  private final String name;
  private @Nullable FileChannel channel;
  private @Nullable FileLock lock;
  private volatile String description;

  FileLease(Path file, String name) {
    this.file = file.toAbsolutePath().normalize();
    this.name = name;
    this.description = describe(name, null);
  }

  /** The lock file of the database {@code db}. */
  static Path beside(Path db) {
    return db.resolveSibling(db.getFileName() + ".actuator.lock");
  }

  /** How a holder names itself: its instance name, process id and since when it holds it. */
  static String describe(String name, @Nullable Instant since) {
    return name
        + " (pid "
        + ProcessHandle.current().pid()
        + (since == null ? "" : ", since " + since)
        + ")";
  }

  @Override
  public synchronized boolean tryAcquire() {
    if (held()) {
      return true;
    }
    close(); // a lock that went invalid: let go of its channel and its place
    if (HELD_HERE.putIfAbsent(file, this) != null) {
      return false;
    }
    try {
      var ch =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      channel = ch;
      lock = tryLock(ch);
      if (lock == null) {
        close();
        return false;
      }
      description = describe(name, Instant.now());
      sign(ch);
      return true;
    } catch (IOException | RuntimeException e) {
      close();
      throw new StoreException(
          "cannot take the actuator lease " + file + ": " + Database.rootMessage(e), e);
    }
  }

  private static @Nullable FileLock tryLock(FileChannel ch) throws IOException {
    try {
      return ch.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // locked through a channel this class did not open: held by another
    }
  }

  /** Writes who holds the lock into the file, for a standby to read. */
  private void sign(FileChannel ch) throws IOException {
    ch.truncate(0);
    ch.write(ByteBuffer.wrap(description.getBytes(StandardCharsets.UTF_8)), 0);
    ch.force(false);
  }

  @Override
  public synchronized boolean held() {
    var l = lock;
    return l != null && l.isValid();
  }

  @Override
  public synchronized String holder() {
    if (held()) {
      return description;
    }
    var here = HELD_HERE.get(file);
    if (here != null) {
      return here.description;
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? "a process that has not yet said who it is (" + file + ")" : text;
    } catch (NoSuchFileException e) {
      return "no one (" + file + " does not exist)";
    } catch (IOException e) {
      return "unknown: cannot read " + file + ": " + Database.rootMessage(e);
    }
  }

  @Override
  public synchronized void close() {
    var ch = channel;
    channel = null;
    lock = null;
    if (ch != null) {
      try {
        ch.close(); // releases the lock with the channel
      } catch (IOException e) {
        // the lock goes with the process at the latest; nothing is left to undo here
      }
    }
    HELD_HERE.remove(file, this);
  }
}
