package dev.autograd.nn.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Autograd;
import dev.autograd.Tensor;
import org.junit.jupiter.api.Test;

class ReductionTest {

  @Test
  void mean_divides_by_the_number_of_elements_and_batch_mean_by_the_number_of_rows() {
    Tensor terms = Tensor.matrix(new double[][] {{1, 2}, {3, 4}});
    assertEquals(10.0, Reduction.SUM.reduce(terms).item(), 0);
    assertEquals(10.0 / 4, Reduction.MEAN.reduce(terms).item(), 0);
    assertEquals(10.0 / 2, Reduction.BATCH_MEAN.reduce(terms).item(), 0);
  }

  @Test
  void a_scalar_term_is_one_element_and_one_example() {
    for (Reduction r : Reduction.values()) {
      assertEquals(7.0, r.reduce(Tensor.scalar(7)).item(), 0, r.name());
    }
  }

  @Test
  void binary_cross_entropy_on_a_2_by_3_block_is_the_mean_over_its_six_elements_as_in_pytorch() {
    // PyTorch: BCEWithLogitsLoss(reduction="mean")(z, y) = (1/6) Σᵢⱼ −[yᵢⱼ log σ(zᵢⱼ) + (1 − yᵢⱼ) log(1 − σ(zᵢⱼ))]
    double[][] z = {{0.5, -1.0, 2.0}, {0.0, 3.0, -0.25}};
    double[][] y = {{1, 0, 1}, {0, 0, 1}};
    double sum = 0;
    double[][] grad = new double[2][3];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        double p = 1 / (1 + Math.exp(-z[i][j]));
        sum += -(y[i][j] * Math.log(p) + (1 - y[i][j]) * Math.log(1 - p));
        grad[i][j] = (p - y[i][j]) / 6;   // d mean / d z
      }
    }
    Tensor logits = Tensor.param(new double[] {0.5, -1.0, 2.0, 0.0, 3.0, -0.25}, 2, 3);
    Tensor labels = Tensor.matrix(y);
    Tensor mean = Losses.binaryCrossEntropy().apply(logits, labels);
    assertEquals(sum / 6, mean.item(), 1e-12);
    assertEquals(sum / 2, Losses.binaryCrossEntropy(Reduction.BATCH_MEAN).apply(logits, labels).item(), 1e-12);
    assertEquals(sum, Losses.binaryCrossEntropy(Reduction.SUM).apply(logits, labels).item(), 1e-12);
    double[] g = Autograd.gradients(mean, logits).get(0).toArray();
    for (int k = 0; k < 6; k++) {
      assertEquals(grad[k / 3][k % 3], g[k], 1e-12, "element " + k);
    }
  }

  @Test
  void squared_error_on_multiple_outputs_follows_the_same_rule() {
    Tensor h = Tensor.matrix(new double[][] {{1, 2, 3}, {0, 0, 0}});
    Tensor y = Tensor.matrix(new double[][] {{0, 0, 0}, {1, 1, 1}});
    double sum = 0.5 * (1 + 4 + 9 + 1 + 1 + 1);
    assertEquals(sum / 6, Losses.squaredError().apply(h, y).item(), 1e-15);
    assertEquals(sum / 2, Losses.squaredError(Reduction.BATCH_MEAN).apply(h, y).item(), 1e-15);
  }

  @Test
  void a_null_reduction_is_refused_naming_the_loss() {
    var e = assertThrows(IllegalArgumentException.class, () -> Losses.squaredError(null));
    assertTrue(e.getMessage().contains("squaredError"), e.getMessage());
    var f = assertThrows(IllegalArgumentException.class, () -> Reduction.MEAN.reduce(null));
    assertTrue(f.getMessage().contains("reduce"), f.getMessage());
  }
}
