package dev.autograd.examples.plot;

import static dev.autograd.examples.TestSupport.assertPicture;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.nn.data.Dataset;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigitGalleryTest {

  private static Dataset images(int n, int side) {
    SplittableRandom rng = new SplittableRandom(1);
    double[][] x = new double[n][side * side];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < side * side; j++) {
        x[i][j] = rng.nextInt(17);
      }
      y[i] = i % 10;
    }
    return Dataset.of(x, y);
  }

  @Test
  void gallery_is_a_picture_of_the_standard_size(@TempDir Path dir) throws Exception {
    Dataset d = images(100, 8);
    int[] predicted = d.labels();
    predicted[3] = 4; // one mistake
    Path file = DigitGallery.of("gallery", d, predicted, 7).save(dir.resolve("g.png"));
    assertPicture(file, Charts.WIDTH, Charts.HEIGHT);
  }

  @Test
  void images_that_are_not_square_or_predictions_that_do_not_match_are_refused() {
    Dataset square = images(5, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DigitGallery.of("x", Dataset.of(new double[][] {{1, 2}}, new int[] {0}), new int[] {0}, 1));
    assertTrue(e.getMessage().contains("square"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DigitGallery.of("x", square, new int[] {0}, 1));
  }
}
