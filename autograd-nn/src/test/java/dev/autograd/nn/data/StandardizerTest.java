package dev.autograd.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import org.junit.jupiter.api.Test;

class StandardizerTest {

  @Test
  void fitted_columns_get_mean_zero_and_unit_population_deviation() {
    Tensor x = Tensor.matrix(new double[][] {{1, 10}, {2, 20}, {3, 60}});
    Standardizer s = Standardizer.fit(x);
    assertArrayEquals(new double[] {2, 30}, s.mean(), 1e-12);
    assertArrayEquals(new double[] {Math.sqrt(2.0 / 3), Math.sqrt((400 + 100 + 900) / 3.0)}, s.std(), 1e-12);
    Tensor z = s.transform(x);
    assertArrayEquals(new double[] {0, 0}, z.mean(0).toArray(), 1e-12);
    assertArrayEquals(new double[] {1, 1}, z.square().mean(0).toArray(), 1e-12);
  }

  @Test
  void constant_features_become_zero_instead_of_dividing_by_zero() {
    Standardizer s = Standardizer.fit(Tensor.matrix(new double[][] {{5, 1}, {5, 3}}));
    assertEquals(1.0, s.std()[0], 0);
    assertArrayEquals(new double[] {0, -1, 0, 1}, s.transform(Tensor.matrix(new double[][] {{5, 1}, {5, 3}})).toArray(), 0);
  }

  @Test
  void data_of_another_width_is_refused() {
    Standardizer s = Standardizer.fit(Tensor.zeros(2, 3));
    var e = assertThrows(IllegalArgumentException.class, () -> s.transform(Tensor.zeros(2, 4)));
    assertTrue(e.getMessage().contains("fitted on 3 features") && e.getMessage().contains("[2, 4]"), e.getMessage());
  }
}
