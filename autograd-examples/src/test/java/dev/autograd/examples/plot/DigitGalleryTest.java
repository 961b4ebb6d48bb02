package dev.autograd.examples.plot;

import static dev.autograd.examples.TestSupport.assertPicture;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

  @Test
  void mistakes_are_drawn_first_and_the_line_under_the_title_says_how_many() {
    Dataset d = images(100, 8);
    int[] predicted = d.labels();
    int[] wrong = {3, 17, 58, 90, 99};
    for (int i : wrong) {
      predicted[i] = (predicted[i] + 1) % 10;
    }
    DigitGallery gallery = DigitGallery.of("digits", d, predicted, 7);
    int[] shown = gallery.shown();
    assertEquals(40, shown.length);
    for (int k = 0; k < shown.length; k++) {
      boolean mistake = predicted[shown[k]] != d.labels()[shown[k]];
      assertEquals(k < wrong.length, mistake, "place " + k + " holds image " + shown[k]);
    }
    for (int k = 1; k < wrong.length; k++) {
      assertTrue(d.target(shown[k - 1]) <= d.target(shown[k]), "mistakes are ordered by true label");
    }
    assertEquals("mistakes first: 5 wrong (red, true label below), then 35 right (green)", gallery.subtitle());
  }

  @Test
  void at_most_a_third_of_the_places_go_to_mistakes_while_right_ones_remain() {
    Dataset d = images(100, 8);
    int[] predicted = d.labels();
    for (int i = 0; i < 60; i++) {
      predicted[i] = (predicted[i] + 3) % 10;
    }
    DigitGallery gallery = DigitGallery.of("digits", d, predicted, 1);
    assertTrue(gallery.subtitle().startsWith("mistakes first: 13 wrong"), gallery.subtitle());
  }

  @Test
  void without_mistakes_the_line_says_all_are_right() {
    Dataset d = images(12, 8);
    assertEquals("all 12 images shown predicted right (green)", DigitGallery.of("x", d, d.labels(), 3).subtitle());
  }
}
