package dev.autograd.nn.data;

import dev.autograd.Args;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST (gzip'd when the name ends in {@code .gz}).
 *
 * <p>An IDX file is: two zero bytes, a type byte (only {@code 0x08}, unsigned byte, is supported),
 * the number of dimensions {@code r}, then {@code r} big-endian int32 sizes, then the values in
 * row-major order. An image file has sizes {@code [n, rows, cols]}, a label file {@code [n]}: as
 * a big-endian int the first four bytes are {@code 0x00000803} and {@code 0x00000801}, the numbers
 * the error messages quote.
 *
 * <p>{@link #readDataset} reads a pair of files into a {@link Dataset}; {@link #images} and
 * {@link #labels} read one file each, as flat arrays.
 */
public final class Idx {
  private Idx() {}

  /** The sizes and the raw bytes of an IDX file, read up to {@code limit} items. */
  record Contents(int[] shape, byte[] bytes) {
    /** Value {@code i} as the unsigned byte it is stored as. */
    int value(int i) {
      return bytes[i] & 0xFF;
    }
  }

  /**
   * Images read from an IDX file: {@code count} images of {@code rows × columns} pixels, in
   * {@code pixels} one image after another ({@code [count × rows·columns]}, row-major), values 0–255.
   */
  public record Images(int count, int rows, int columns, double[] pixels) {}

  /**
   * Reads at most {@code limit} images (the first ones) from an IDX file of three dimensions
   * {@code [n, rows, cols]}.
   *
   * @param file an IDX image file, gzip'd or not
   * @param limit the most images to read, {@code ≥ 1}
   * @return {@code min(limit, n)} images of the file's {@code rows × cols} pixels
   * @throws IOException when the file is not an IDX file of unsigned bytes with three dimensions
   *     (the message quotes its magic number and the expected {@code 0x00000803}) or is truncated
   */
  public static Images images(Path file, int limit) throws IOException {
    Args.notNull(file, "images", "file");
    checkLimit(limit);
    Contents c = read(file, limit, 3);
    double[] pixels = new double[c.bytes.length];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = c.value(i);
    }
    return new Images(c.shape[0], c.shape[1], c.shape[2], pixels);
  }

  /**
   * Reads at most {@code limit} labels (the first ones) from an IDX file of one dimension {@code [n]}.
   *
   * @param file an IDX label file, gzip'd or not
   * @param limit the most labels to read, {@code ≥ 1}
   * @return {@code min(limit, n)} labels, each 0–255
   * @throws IOException when the file is not an IDX file of unsigned bytes with one dimension (the
   *     message quotes its magic number and the expected {@code 0x00000801}) or is truncated
   */
  public static int[] labels(Path file, int limit) throws IOException {
    Args.notNull(file, "labels", "file");
    checkLimit(limit);
    Contents c = read(file, limit, 1);
    int[] labels = new int[c.bytes.length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = c.value(i);
    }
    return labels;
  }

  private static void checkLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("idx: limit must be at least 1; got " + limit);
    }
  }

  /**
   * A data set of images and labels: each image flattened to a row of {@code rows·cols} pixel values
   * (as stored, 0–255), with the label of the same position. At most {@code limit} examples are read
   * (the first ones), which bounds memory: the full 60,000 Fashion-MNIST training images take about
   * 380 MB as doubles.
   *
   * @param images an IDX image file {@code [n, rows, cols]}
   * @param labels an IDX label file {@code [n]}, the same {@code n}
   * @param limit the most examples to read, {@code ≥ 1}
   * @param classNames the class names, name {@code j} for label {@code j}; null or empty for none
   * @return {@code min(limit, n)} examples of {@code rows·cols} features
   * @throws IOException when a file is not an IDX file of unsigned bytes, is truncated, or the two
   *     files hold different numbers of items (the message says which)
   */
  public static Dataset readDataset(Path images, Path labels, int limit, List<String> classNames) throws IOException {
    Args.notNull(images, "readDataset", "images");
    Args.notNull(labels, "readDataset", "labels");
    checkLimit(limit);
    Contents im = read(images, limit, 0);
    Contents lb = read(labels, limit, 0);
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
        x[i][j] = im.value(i * width + j);
      }
      y[i] = lb.value(i);
    }
    Dataset d = Dataset.of(x, y);
    return classNames == null || classNames.isEmpty() ? d : d.withClassNames(classNames);
  }

  /**
   * Reads the header and at most {@code limit} items (along the first axis) of an IDX file, which
   * must have {@code rank} dimensions unless {@code rank} is 0.
   */
  static Contents read(Path file, int limit, int rank) throws IOException {
    String source = name(file);
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = source.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : new BufferedInputStream(raw, 1 << 16);
        DataInputStream data = new DataInputStream(in)) {
      int zero1 = data.readUnsignedByte();
      int zero2 = data.readUnsignedByte();
      int type = data.readUnsignedByte();
      int dims = data.readUnsignedByte();
      if (rank > 0 && (zero1 != 0 || zero2 != 0 || type != 0x08 || dims != rank)) {
        int magic = zero1 << 24 | zero2 << 16 | type << 8 | dims;
        throw new IOException(String.format(Locale.ROOT,
            "%s: not an IDX file of unsigned bytes with %d dimension%s: magic number 0x%08x, expected 0x%08x",
            source, rank, rank == 1 ? "" : "s", magic, 0x0800 | rank));
      }
      if (zero1 != 0 || zero2 != 0) {
        throw new IOException(source + ": not an IDX file (it must start with two zero bytes)");
      }
      if (type != 0x08) {
        throw new IOException(
            source + ": unsupported IDX element type 0x" + Integer.toHexString(type) + " (only unsigned bytes, 0x08)");
      }
      if (dims < 1) {
        throw new IOException(source + ": an IDX file needs at least one dimension");
      }
      int[] shape = new int[dims];
      long itemSize = 1;
      for (int i = 0; i < dims; i++) {
        shape[i] = data.readInt();
        if (shape[i] < 0) {
          throw new IOException(source + ": negative size " + shape[i] + " in dimension " + i);
        }
        if (i > 0) {
          // capped just above what one read can hold, so that many dimensions cannot wrap it around
          itemSize = Math.min(itemSize * shape[i], Integer.MAX_VALUE + 1L);
        }
      }
      int items = Math.min(limit, shape[0]);
      long count = items * itemSize;   // < 2^31 · 2^31: no overflow
      if (count > Integer.MAX_VALUE - 8) {
        throw new IOException(source + ": " + count + " values are too many to read at once; lower the limit");
      }
      byte[] bytes = new byte[(int) count];
      data.readFully(bytes);
      int[] readShape = shape.clone();
      readShape[0] = items;
      return new Contents(readShape, bytes);
    } catch (EOFException e) {
      throw new IOException(source + ": truncated: the file ends before the sizes in its header say it should", e);
    }
  }

  private static String name(Path p) {
    return p.getFileName() == null ? p.toString() : p.getFileName().toString();
  }
}
