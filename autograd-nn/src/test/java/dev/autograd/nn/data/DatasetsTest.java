package dev.autograd.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetsTest {

  @Test
  void breast_cancer_has_569_examples_of_30_features_in_two_named_classes() {
    Dataset d = Datasets.breastCancer();
    assertEquals(569, d.size());
    assertEquals(30, d.featureCount());
    assertEquals(List.of("malignant", "benign"), d.classNames());
    assertArrayEquals(new int[] {212, 357}, d.classCounts());
    assertEquals(17.99, d.row(0)[0], 0);
  }

  @Test
  void iris_has_150_examples_of_4_features_in_three_classes_of_50() {
    Dataset d = Datasets.iris();
    assertEquals(4, d.featureCount());
    assertArrayEquals(new int[] {50, 50, 50}, d.classCounts());
    assertEquals(List.of("setosa", "versicolor", "virginica"), d.classNames());
  }

  @Test
  void digits_has_1797_images_of_64_pixels_from_0_to_16() {
    Dataset d = Datasets.digits();
    assertEquals(1797, d.size());
    assertEquals(64, d.featureCount());
    assertEquals(10, d.classCount());
    double max = d.features().max().item();
    assertEquals(16, max, 0);
    assertEquals(0, d.features().neg().max().item(), 0);
  }

  @Test
  void a_missing_bundled_file_is_named() {
    var e = assertThrows(IllegalArgumentException.class, () -> Datasets.resource("nope.csv", NumericCsv.Header.NONE));
    assertTrue(e.getMessage().contains("nope.csv"), e.getMessage());
  }

  @Test
  void xor_is_the_truth_table() {
    Dataset d = Datasets.xor();
    for (int i = 0; i < 4; i++) {
      double[] x = d.row(i);
      assertEquals((int) x[0] ^ (int) x[1], d.labels()[i]);
    }
  }

  @Test
  void ring_points_lie_inside_the_disc_or_on_the_annulus_by_label() {
    Dataset d = Datasets.ring(500, 3L);
    assertArrayEquals(new int[] {250, 250}, d.classCounts());
    for (int i = 0; i < d.size(); i++) {
      double[] x = d.row(i);
      double r = Math.hypot(x[0], x[1]);
      if (d.labels()[i] == 0) {
        assertTrue(r <= 1.0, "inner point at radius " + r);
      } else {
        assertTrue(r >= 1.5 && r <= 2.5, "ring point at radius " + r);
      }
    }
    assertArrayEquals(d.features().toArray(), Datasets.ring(500, 3L).features().toArray(), 0);
  }

  @Test
  void linearly_separable_points_keep_their_margin_from_the_line() {
    Dataset d = Datasets.linearlySeparable(300, 4L);
    double norm = Math.sqrt(1.25);
    for (int i = 0; i < d.size(); i++) {
      double[] x = d.row(i);
      double distance = (x[1] - 0.5 * x[0] - 0.3) / norm;
      assertTrue(Math.abs(distance) >= 0.3);
      assertEquals(distance > 0 ? 1 : 0, d.labels()[i]);
    }
  }
}
