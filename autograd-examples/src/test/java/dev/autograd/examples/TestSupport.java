package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** Shared helpers of the examples' tests. */
public final class TestSupport {
  private TestSupport() {}

  /** A context writing into {@code dir}, printing into {@code log}, without progress display. */
  public static Context context(Path dir, ByteArrayOutputStream log) {
    return new Context(42, dir, new PrintStream(log, true, StandardCharsets.UTF_8), Progress.Style.NONE, false);
  }

  /** A context writing into {@code dir} and printing nowhere visible. */
  public static Context context(Path dir) {
    return context(dir, new ByteArrayOutputStream());
  }

  /**
   * Reads {@code file} back as a PNG and checks its size and that it shows something: many distinct
   * colours (a blank or single-colour image fails).
   */
  public static BufferedImage assertPicture(Path file, int width, int height) throws IOException {
    assertTrue(Files.isRegularFile(file), "missing picture " + file);
    assertTrue(Files.size(file) > 1000, "suspiciously small picture " + file + ": " + Files.size(file) + " bytes");
    byte[] head = new byte[8];
    System.arraycopy(Files.readAllBytes(file), 0, head, 0, 8);
    assertEquals((byte) 0x89, head[0], "not a PNG: " + file);
    assertEquals('P', head[1], "not a PNG: " + file);
    BufferedImage image = ImageIO.read(file.toFile());
    assertNotNull(image, "ImageIO cannot read " + file);
    assertEquals(width, image.getWidth(), "width of " + file);
    assertEquals(height, image.getHeight(), "height of " + file);
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < height; y += 3) {
      for (int x = 0; x < width; x += 3) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 20, "picture " + file + " has only " + colours.size() + " colours");
    return image;
  }
}
