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
}
