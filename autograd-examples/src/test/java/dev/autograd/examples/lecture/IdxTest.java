package dev.autograd.examples.lecture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

  @Test
  void images_and_labels_are_read_back(@TempDir Path dir) throws Exception {
    IdxFiles.write(dir, "train", 12, 1);
    Idx.Images images = Idx.images(dir.resolve("train-images-idx3-ubyte.gz"), 100);
    int[] labels = Idx.labels(dir.resolve("train-labels-idx1-ubyte.gz"), 100);

    assertEquals(12, images.count());
    assertEquals(28, images.rows());
    assertEquals(28, images.columns());
    assertEquals(12 * 784, images.pixels().length);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1}, labels);
    // Image 3 (class 3) has rows 10 and 11 bright and row 0 faint; bytes are read unsigned.
    assertTrue(images.pixels()[3 * 784 + 10 * 28] >= 200);
    assertTrue(images.pixels()[3 * 784] < 40);
  }

  @Test
  void reading_stops_at_the_limit(@TempDir Path dir) throws Exception {
    IdxFiles.write(dir, "t10k", 20, 2);
    assertEquals(5, Idx.images(dir.resolve("t10k-images-idx3-ubyte.gz"), 5).count());
    assertEquals(5, Idx.labels(dir.resolve("t10k-labels-idx1-ubyte.gz"), 5).length);
  }

  @Test
  void plain_uncompressed_files_are_read_too(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("labels-idx1-ubyte");
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
      out.writeInt(0x0801);
      out.writeInt(3);
      out.write(new byte[] {7, 0, (byte) 200});
    }
    assertArrayEquals(new int[] {7, 0, 200}, Idx.labels(file, 10));
  }

  @Test
  void a_labels_file_read_as_images_is_refused_by_its_magic_number(@TempDir Path dir) throws Exception {
    IdxFiles.write(dir, "train", 3, 1);
    IOException e = assertThrows(IOException.class, () -> Idx.images(dir.resolve("train-labels-idx1-ubyte.gz"), 3));
    assertTrue(e.getMessage().contains("magic number 0x00000801") && e.getMessage().contains("0x00000803"),
        e.getMessage());
  }

  @Test
  void truncated_files_are_refused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("images-idx3-ubyte.gz");
    try (DataOutputStream out = IdxFiles.gz(file)) {
      out.writeInt(0x0803);
      out.writeInt(10);
      out.writeInt(28);
      out.writeInt(28);
      out.write(new byte[100]); // far less than 10 images
    }
    IOException e = assertThrows(IOException.class, () -> Idx.images(file, 10));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());

    Path empty = dir.resolve("empty-idx1-ubyte");
    Files.write(empty, new byte[] {0, 0});
    IOException e2 = assertThrows(IOException.class, () -> Idx.labels(empty, 10));
    assertTrue(e2.getMessage().contains("truncated"), e2.getMessage());
  }
}
