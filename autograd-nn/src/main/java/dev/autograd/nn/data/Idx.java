package dev.autograd.nn.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST (gzip'd when the name ends in {@code .gz}).
 *
 * <p>An IDX file is: two zero bytes, a type byte (only {@code 0x08}, unsigned byte, is supported),
 * the number of dimensions {@code r}, then {@code r} big-endian int32 sizes, then the values in
 * row-major order. An image file has sizes {@code [n, rows, cols]}, a label file {@code [n]}.
 */
public final class Idx {
  private Idx() {}

  /** The sizes and the unsigned byte values of an IDX file, read up to {@code limit} items. */
  record Contents(int[] shape, int[] values) {}

  /**
   * A data set of images and labels: each image flattened to a row of {@code rows·cols} pixel values
   * (as stored, 0–255), with the label of the same position. At most {@code limit} examples are read
   * (the first ones), which bounds memory: the full 60,000 Fashion-MNIST training images take about
   * 380 MB as doubles.
   *
   * @throws IOException when a file is not an IDX file of unsigned bytes, is truncated, or the two
   *     files hold different numbers of items (the message says which)
   */
  public static Dataset readDataset(Path images, Path labels, int limit, List<String> classNames) throws IOException {
    if (limit < 1) {
      throw new IllegalArgumentException("idx: limit must be at least 1; got " + limit);
    }
    Contents im = read(images, limit);
    Contents lb = read(labels, limit);
    if (im.shape.length != 3) {
      throw new IOException(name(images) + ": expected images of shape [n, rows, cols]; got " + Arrays.toString(im.shape));
    }
    if (lb.shape.length != 1) {
      throw new IOException(name(labels) + ": expected labels of shape [n]; got " + Arrays.toString(lb.shape));
    }
    if (im.shape[0] != lb.shape[0]) {
      throw new IOException(
          name(images) + " holds " + im.shape[0] + " images but " + name(labels) + " holds " + lb.shape[0] + " labels");
    }
    int n = Math.min(limit, im.shape[0]);
    int width = im.shape[1] * im.shape[2];
    double[][] x = new double[n][width];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < width; j++) {
        x[i][j] = im.values[i * width + j];
      }
      y[i] = lb.values[i];
    }
    Dataset d = Dataset.of(x, y);
    return classNames == null || classNames.isEmpty() ? d : d.withClassNames(classNames);
  }

  /** Reads the header and at most {@code limit} items (along the first axis) of an IDX file. */
  static Contents read(Path file, int limit) throws IOException {
    String source = name(file);
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = source.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : new BufferedInputStream(raw, 1 << 16);
        DataInputStream data = new DataInputStream(in)) {
      int zero1 = data.readUnsignedByte();
      int zero2 = data.readUnsignedByte();
      int type = data.readUnsignedByte();
      int rank = data.readUnsignedByte();
      if (zero1 != 0 || zero2 != 0) {
        throw new IOException(source + ": not an IDX file (it must start with two zero bytes)");
      }
      if (type != 0x08) {
        throw new IOException(
            source + ": unsupported IDX element type 0x" + Integer.toHexString(type) + " (only unsigned bytes, 0x08)");
      }
      if (rank < 1) {
        throw new IOException(source + ": an IDX file needs at least one dimension");
      }
      int[] shape = new int[rank];
      long itemSize = 1;
      for (int i = 0; i < rank; i++) {
        shape[i] = data.readInt();
        if (shape[i] < 0) {
          throw new IOException(source + ": negative size " + shape[i] + " in dimension " + i);
        }
        if (i > 0) {
          itemSize *= shape[i];
        }
      }
      int items = Math.min(limit, shape[0]);
      long count = items * itemSize;
      if (count > Integer.MAX_VALUE - 8) {
        throw new IOException(source + ": " + count + " values are too many to read at once; lower the limit");
      }
      byte[] bytes = new byte[(int) count];
      data.readFully(bytes);
      int[] values = new int[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        values[i] = bytes[i] & 0xFF;
      }
      int[] readShape = shape.clone();
      readShape[0] = items;
      return new Contents(readShape, values);
    } catch (EOFException e) {
      throw new IOException(source + ": truncated: the file ends before the sizes in its header say it should", e);
    }
  }

  private static String name(Path p) {
    return p.getFileName() == null ? p.toString() : p.getFileName().toString();
  }
}
