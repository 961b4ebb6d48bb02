package dev.autograd.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  @TempDir Path dir;

  private static byte[] idx(int type, int[] shape, int[] values) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    out.writeByte(0);
    out.writeByte(0);
    out.writeByte(type);
    out.writeByte(shape.length);
    for (int s : shape) {
      out.writeInt(s);
    }
    for (int v : values) {
      out.writeByte(v);
    }
    return b.toByteArray();
  }

  private Path gz(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
      out.write(bytes);
    }
    return p;
  }

  /** Three 2×2 images whose pixels are 10·i + j, labels 7, 0, 255. */
  private Path[] threeImages() throws IOException {
    int[] pixels = new int[12];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 4; j++) {
        pixels[i * 4 + j] = 10 * i + j;
      }
    }
    pixels[11] = 250;
    return new Path[] {
      gz("train-images-idx3-ubyte.gz", idx(8, new int[] {3, 2, 2}, pixels)),
      gz("train-labels-idx1-ubyte.gz", idx(8, new int[] {3}, new int[] {7, 0, 9}))
    };
  }

  @Test
  void images_become_rows_of_unsigned_pixel_values_with_their_labels() throws IOException {
    Path[] f = threeImages();
    Dataset d = Idx.readDataset(f[0], f[1], 100, null);
    assertEquals(3, d.size());
    assertEquals(4, d.featureCount());
    assertArrayEquals(new double[] {20, 21, 22, 250}, d.row(2), 0);
    assertArrayEquals(new int[] {7, 0, 9}, d.labels());
  }

  @Test
  void the_limit_reads_only_the_first_examples() throws IOException {
    Path[] f = threeImages();
    Dataset d = Idx.readDataset(f[0], f[1], 2, null);
    assertEquals(2, d.size());
    assertArrayEquals(new double[] {10, 11, 12, 13}, d.row(1), 0);
  }

  @Test
  void fashion_mnist_layout_is_read_from_a_folder_with_class_names() throws IOException {
    threeImages();
    Dataset d = Datasets.fashionMnist(dir, true, 10);
    assertEquals("Ankle boot", d.classNames().get(d.labels()[2]));
  }

  @Test
  void malformed_files_name_the_problem() throws IOException {
    Path[] f = threeImages();
    Path notIdx = gz("a.gz", new byte[] {1, 2, 3, 4, 5});
    var e = assertThrows(IOException.class, () -> Idx.readDataset(notIdx, f[1], 5, null));
    assertTrue(e.getMessage().contains("a.gz: not an IDX file"), e.getMessage());

    Path floats = gz("f.gz", idx(0x0D, new int[] {1}, new int[] {0, 0, 0, 0}));
    var t = assertThrows(IOException.class, () -> Idx.readDataset(floats, f[1], 5, null));
    assertTrue(t.getMessage().contains("unsupported IDX element type 0xd"), t.getMessage());

    byte[] whole = idx(8, new int[] {3, 2, 2}, new int[12]);
    Path cut = gz("cut.gz", Arrays.copyOf(whole, whole.length - 3));
    var c = assertThrows(IOException.class, () -> Idx.readDataset(cut, f[1], 5, null));
    assertTrue(c.getMessage().contains("cut.gz: truncated"), c.getMessage());

    Path twoLabels = gz("l.gz", idx(8, new int[] {2}, new int[] {1, 2}));
    var m = assertThrows(IOException.class, () -> Idx.readDataset(f[0], twoLabels, 5, List.of()));
    assertTrue(m.getMessage().contains("holds 3 images but l.gz holds 2 labels"), m.getMessage());
  }

  private Path plain(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  @Test
  void images_and_labels_are_read_one_file_at_a_time() throws IOException {
    Path[] f = threeImages();
    Idx.Images images = Idx.images(f[0], 100);
    assertEquals(3, images.count());
    assertEquals(2, images.rows());
    assertEquals(2, images.columns());
    assertArrayEquals(new double[] {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 250}, images.pixels(), 0);
    assertArrayEquals(new int[] {7, 0, 9}, Idx.labels(f[1], 100));
  }

  @Test
  void images_and_labels_stop_at_the_limit() throws IOException {
    Path[] f = threeImages();
    Idx.Images images = Idx.images(f[0], 2);
    assertEquals(2, images.count());
    assertEquals(8, images.pixels().length);
    assertArrayEquals(new int[] {7}, Idx.labels(f[1], 1));
    var e = assertThrows(IllegalArgumentException.class, () -> Idx.images(f[0], 0));
    assertEquals("idx: limit must be at least 1; got 0", e.getMessage());
    var l = assertThrows(IllegalArgumentException.class, () -> Idx.labels(f[1], -1));
    assertEquals("idx: limit must be at least 1; got -1", l.getMessage());
    var n = assertThrows(IllegalArgumentException.class, () -> Idx.images(null, 1));
    assertEquals("images: file is null", n.getMessage());
  }

  @Test
  void plain_uncompressed_files_are_read_too() throws IOException {
    Path labels = plain("labels-idx1-ubyte", idx(8, new int[] {3}, new int[] {7, 0, 200}));
    assertArrayEquals(new int[] {7, 0, 200}, Idx.labels(labels, 10));
    Path images = plain("images-idx3-ubyte", idx(8, new int[] {1, 1, 2}, new int[] {255, 128}));
    assertArrayEquals(new double[] {255, 128}, Idx.images(images, 10).pixels(), 0);
  }

  @Test
  void a_file_of_the_wrong_rank_is_refused_by_its_magic_number() throws IOException {
    Path[] f = threeImages();
    var e = assertThrows(IOException.class, () -> Idx.images(f[1], 3));
    assertEquals("train-labels-idx1-ubyte.gz: not an IDX file of unsigned bytes with 3 dimensions: "
        + "magic number 0x00000801, expected 0x00000803", e.getMessage());
    var l = assertThrows(IOException.class, () -> Idx.labels(f[0], 3));
    assertEquals("train-images-idx3-ubyte.gz: not an IDX file of unsigned bytes with 1 dimension: "
        + "magic number 0x00000803, expected 0x00000801", l.getMessage());
    Path floats = gz("f.gz", idx(0x0D, new int[] {1}, new int[] {0, 0, 0, 0}));
    var t = assertThrows(IOException.class, () -> Idx.labels(floats, 3));
    assertTrue(t.getMessage().contains("magic number 0x00000d01, expected 0x00000801"), t.getMessage());
  }

  @Test
  void truncated_files_are_refused() throws IOException {
    byte[] header = idx(8, new int[] {10, 28, 28}, new int[0]);
    Path cut = gz("images-idx3-ubyte.gz", Arrays.copyOf(header, header.length + 100));  // far less than 10 images
    var e = assertThrows(IOException.class, () -> Idx.images(cut, 10));
    assertTrue(e.getMessage().contains("images-idx3-ubyte.gz: truncated"), e.getMessage());

    Path empty = plain("empty-idx1-ubyte", new byte[] {0, 0});
    var h = assertThrows(IOException.class, () -> Idx.labels(empty, 10));
    assertTrue(h.getMessage().contains("empty-idx1-ubyte: truncated"), h.getMessage());

    Path shortHeader = plain("short-idx3-ubyte", Arrays.copyOf(header, 7));
    var s = assertThrows(IOException.class, () -> Idx.images(shortHeader, 10));
    assertTrue(s.getMessage().contains("short-idx3-ubyte: truncated"), s.getMessage());
  }
}
