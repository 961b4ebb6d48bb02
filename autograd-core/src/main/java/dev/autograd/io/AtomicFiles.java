package dev.autograd.io;

import dev.autograd.Args;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Files written as a whole: a reader sees the old file or the complete new one, never half of it.
 * The content goes to a temporary file in the target's folder, which is forced to the disk and then
 * renamed over the target (atomically where the file system allows). If writing fails, the target
 * is untouched and the temporary file is removed.
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
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
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
    } finally {
      Files.deleteIfExists(tmp);
    }
    return file;
  }
}
