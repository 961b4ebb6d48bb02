package dev.autograd.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child process of {@link AtomicFilesTest}: saves {@code args[0]} through {@link AtomicFiles}
 * again and again, each version {@code args[1]} bytes long, until it is killed. A version is an
 * 8-byte version number followed by bytes that depend on the version and their position, so that a
 * reader can tell a complete version from a partial or mixed one ({@link #check}).
 */
final class KilledSaveWriter {
  private KilledSaveWriter() {}

  public static void main(String[] args) throws IOException {
    Path target = Path.of(args[0]);
    int size = Integer.parseInt(args[1]);
    long first = Long.parseLong(args[2]);
    for (long version = first; ; version++) {
      long v = version;
      AtomicFiles.write(target, tmp -> {
        try (OutputStream out = Files.newOutputStream(tmp)) {
          write(out, v, size);
        }
      });
    }
  }

  /** Writes version {@code v} of {@code size} bytes in 64 KiB pieces. */
  static void write(OutputStream out, long v, int size) throws IOException {
    byte[] chunk = new byte[64 * 1024];
    ByteBuffer.wrap(chunk).putLong(v);
    int pos = 0;
    while (pos < size) {
      int n = Math.min(chunk.length, size - pos);
      for (int i = pos == 0 ? Long.BYTES : 0; i < n; i++) {
        chunk[i] = expected(v, pos + i);
      }
      out.write(chunk, 0, n);
      pos += n;
    }
  }

  static byte expected(long v, int position) {
    return (byte) (v * 31 + position * 7 + (position >>> 11));
  }

  /** The version {@code bytes} hold when they are one complete version of {@code size} bytes; else -1. */
  static long check(byte[] bytes, int size) {
    if (bytes.length != size || size < Long.BYTES) {
      return -1;
    }
    long v = ByteBuffer.wrap(bytes).getLong();
    for (int i = Long.BYTES; i < size; i++) {
      if (bytes[i] != expected(v, i)) {
        return -1;
      }
    }
    return v;
  }
}
