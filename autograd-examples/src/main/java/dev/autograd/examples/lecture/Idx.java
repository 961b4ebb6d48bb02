package dev.autograd.examples.lecture;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of MNIST-style data sets (as shipped by Debian's {@code dataset-fashion-mnist}):
 * a big-endian header {@code 0x00 0x00 0x08 rank}, then {@code rank} 32-bit sizes, then unsigned
 * bytes in row-major order. Files ending in {@code .gz} are decompressed.
 */
final class Idx {
  private Idx() {}

  /** Images and their labels. {@code pixels} is [count × rows·columns], values 0–255. */
  record Images(int count, int rows, int columns, double[] pixels) {}

  /** Reads at most {@code limit} images from an IDX file of rank 3 ({@code magic 0x00000803}). */
  static Images images(Path file, int limit) throws IOException {
    try (DataInputStream in = open(file)) {
      int[] dims = header(in, file, 3);
      int count = Math.min(dims[0], limit);
      int size = dims[1] * dims[2];
      byte[] raw = new byte[count * size];
      readFully(in, raw, file);
      double[] pixels = new double[raw.length];
      for (int i = 0; i < raw.length; i++) {
        pixels[i] = raw[i] & 0xff;
      }
      return new Images(count, dims[1], dims[2], pixels);
    }
  }

  /** Reads at most {@code limit} labels from an IDX file of rank 1 ({@code magic 0x00000801}). */
  static int[] labels(Path file, int limit) throws IOException {
    try (DataInputStream in = open(file)) {
      int[] dims = header(in, file, 1);
      int count = Math.min(dims[0], limit);
      byte[] raw = new byte[count];
      readFully(in, raw, file);
      int[] labels = new int[count];
      for (int i = 0; i < count; i++) {
        labels[i] = raw[i] & 0xff;
      }
      return labels;
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    if (file.getFileName().toString().endsWith(".gz")) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new DataInputStream(in);
  }

  private static int[] header(DataInputStream in, Path file, int rank) throws IOException {
    int magic;
    try {
      magic = in.readInt();
    } catch (EOFException e) {
      throw new IOException(file + ": empty or truncated IDX header");
    }
    int expected = 0x0800 | rank;
    if (magic != expected) {
      throw new IOException(String.format(
          "%s: not an IDX file of unsigned bytes with %d dimension(s): magic number 0x%08x, expected 0x%08x",
          file, rank, magic, expected));
    }
    int[] dims = new int[rank];
    for (int i = 0; i < rank; i++) {
      try {
        dims[i] = in.readInt();
      } catch (EOFException e) {
        throw new IOException(file + ": truncated IDX header");
      }
      if (dims[i] < 1) {
        throw new IOException(file + ": dimension " + i + " has size " + dims[i]);
      }
    }
    return dims;
  }

  private static void readFully(DataInputStream in, byte[] into, Path file) throws IOException {
    try {
      in.readFully(into);
    } catch (EOFException e) {
      throw new IOException(file + ": truncated: the header promises more data than the file holds");
    }
  }
}
