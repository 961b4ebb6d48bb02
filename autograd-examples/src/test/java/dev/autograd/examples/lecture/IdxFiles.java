package dev.autograd.examples.lecture;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files in the layout of Debian's dataset-fashion-mnist, for tests. */
final class IdxFiles {
  private IdxFiles() {}

  /**
   * Writes {@code part}-images-idx3-ubyte.gz and {@code part}-labels-idx1-ubyte.gz with {@code n}
   * 28×28 images: image {@code i} has label {@code i mod 10}, and an image of class {@code k} is faint
   * noise with rows {@code 4 + 2k} and {@code 5 + 2k} bright, so the classes are easy to tell apart.
   */
  static void write(Path dir, String part, int n, long seed) throws IOException {
    SplittableRandom rng = new SplittableRandom(seed);
    byte[] pixels = new byte[n * 28 * 28];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      int k = i % 10;
      labels[i] = (byte) k;
      for (int r = 0; r < 28; r++) {
        for (int c = 0; c < 28; c++) {
          int v = (r == 4 + 2 * k || r == 5 + 2 * k) ? 200 + rng.nextInt(56) : rng.nextInt(40);
          pixels[i * 784 + r * 28 + c] = (byte) v;
        }
      }
    }
    try (DataOutputStream out = gz(dir.resolve(part + "-images-idx3-ubyte.gz"))) {
      out.writeInt(0x0803);
      out.writeInt(n);
      out.writeInt(28);
      out.writeInt(28);
      out.write(pixels);
    }
    try (DataOutputStream out = gz(dir.resolve(part + "-labels-idx1-ubyte.gz"))) {
      out.writeInt(0x0801);
      out.writeInt(n);
      out.write(labels);
    }
  }

  static DataOutputStream gz(Path file) throws IOException {
    OutputStream raw = Files.newOutputStream(file);
    return new DataOutputStream(new GZIPOutputStream(raw));
  }
}
