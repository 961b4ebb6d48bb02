package dev.autograd.io;

import dev.autograd.Args;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Files written as a whole: a reader sees the old file or the complete new one, never half of it.
 * The content goes to a temporary file in the target's folder, which is forced to the disk and then
 * renamed over the target (atomically where the file system allows). If writing fails, the target
 * is untouched and the temporary file is removed.
 *
 * <p><b>Permissions.</b> The temporary file, and so the target, is created like any new file of
 * the process ({@code 0666} less the umask on Unix, e.g. {@code rw-r--r--}), not with the
 * owner-only permissions of {@link Files#createTempFile}. A replaced target takes the new file's
 * permissions.
 *
 * <p><b>Killed saves.</b> A process killed while it writes cannot remove its temporary file, so
 * each temporary file is named after the target and after the process that writes it: {@code
 * .<name>.<pid>-<start>.<random>.tmp}, where {@code start} is the process's start time in
 * milliseconds. Before it writes, every save removes the temporary files of the same target whose
 * process no longer runs (no process with that id, or one that started at another time, i.e. a
 * reused id). A killed save therefore leaves one temporary file behind at most until the next save
 * to the same path, from any process. Unique names, rather than one fixed temporary name, mean that
 * saves to the same path from several threads or processes never write into each other's file:
 * each renames a complete file of its own, and the last rename wins. Removing another process's
 * file is best effort and never fails a save. (The process check is local: on a folder shared by
 * several machines a save may remove another machine's temporary file, whose own save then fails
 * with an exception and leaves the target as it was.)
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Fills the temporary file that will replace the target. */
  @FunctionalInterface
  public interface Content {
    /**
     * Writes the whole content.
     *
     * @param temporary the temporary file to fill
     * @throws IOException if writing fails; the target is then left as it was
     */
    void writeTo(Path temporary) throws IOException;
  }

  /** Writes {@code file} as a whole with {@code content}, creating its folder if needed; returns the file.
   *
   * @param file the file to write
   * @param content what to put in it
   * @return {@code file}
   * @throws IOException if the file cannot be written; it then keeps its earlier content, if any
   */
  public static Path write(Path file, Content content) throws IOException {
    Args.notNull(file, "write", "file");
    Args.notNull(content, "write", "content");
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Files.createDirectories(dir);
    String name = target.getFileName().toString();
    removeStale(dir, name);
    Path tmp = createTemporary(dir, name);
    try {
      content.writeTo(tmp);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      forceDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return file;
  }

  /** {@code <pid>-<start>.<random>} between {@code .<name>.} and {@code .tmp}. */
  private static final Pattern OWNER = Pattern.compile("(\\d{1,19})-(\\d{1,19})\\.[0-9a-z]+");

  /** This process's part of temporary names: {@code <pid>-<start millis>} (start 0 when unknown). */
  static String owner() {
    return Owner.TAG;
  }

  /** Computed once: reading the process's start time costs a few file reads on Linux. */
  private static final class Owner {
    static final String TAG;

    static {
      ProcessHandle self = ProcessHandle.current();
      TAG = self.pid() + "-" + self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }
  }

  /** A new empty file {@code .<name>.<owner>.<random>.tmp} in {@code dir}, with default permissions. */
  private static Path createTemporary(Path dir, String name) throws IOException {
    String prefix = "." + name + "." + owner() + ".";
    for (int attempt = 0; ; attempt++) {
      String random = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
      Path tmp = dir.resolve(prefix + random + ".tmp");
      try {
        // CREATE_NEW without attributes: the mode the process gives any new file; never follows a link.
        Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return tmp;
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 100) {
          throw e;
        }
      }
    }
  }

  /**
   * Removes the temporary files of target {@code name} in {@code dir} left by processes that no
   * longer run; returns how many it removed. Files of running processes (this one included) and
   * every other file are left alone; failures are ignored.
   */
  static int removeStale(Path dir, String name) {
    String prefix = "." + name + ".";
    int removed = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String n = entry.getFileName().toString();
        if (!n.startsWith(prefix) || !n.endsWith(".tmp") || n.length() <= prefix.length() + 4) {
          continue;
        }
        Matcher m = OWNER.matcher(n.substring(prefix.length(), n.length() - 4));
        if (m.matches() && !running(m.group(1), m.group(2))) {
          try {
            if (Files.deleteIfExists(entry)) {
              removed++;
            }
          } catch (IOException e) {
            // Someone else's file we may not remove: leave it.
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // The folder cannot be listed: the save itself will report what is wrong with it.
    }
    return removed;
  }

  /** Whether the process that named a temporary file {@code <pid>-<start>} may still be running. */
  private static boolean running(String pid, String start) {
    long id;
    long started;
    try {
      id = Long.parseLong(pid);
      started = Long.parseLong(start);
    } catch (NumberFormatException e) {
      return true;   // not a name this class makes: keep it
    }
    Optional<ProcessHandle> process;
    try {
      process = ProcessHandle.of(id);
    } catch (RuntimeException e) {
      return true;   // cannot tell
    }
    if (process.isEmpty() || !process.get().isAlive()) {
      return false;
    }
    if (started == 0) {
      return true;   // the writer did not know its start time
    }
    Optional<Instant> actual = process.get().info().startInstant();
    // Another start time means the id was reused; a second's slack keeps rounding from deleting a live file.
    return actual.isEmpty() || Math.abs(actual.get().toEpochMilli() - started) <= 1000;
  }

  /** Makes the rename durable where the system allows opening a folder (Linux); otherwise nothing. */
  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      // Not supported here (e.g. Windows): the rename is still done, only not yet forced.
    }
  }
}
