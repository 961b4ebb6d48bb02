package dev.autograd.nn.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Autograd;
import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.check.GradCheck;
import dev.autograd.nn.module.Linear;
import dev.autograd.nn.module.LogisticRegression;
import dev.autograd.nn.optim.SGD;
import org.junit.jupiter.api.Test;

class LossesTest {
  private static final Tensor LOGITS = Tensor.vector(-2.0, -0.7, 0.4, 1.3, 2.2, -1.6);
  private static final Tensor LABELS = Tensor.vector(0, 1, 0, 1, 1, 0);

  @Test
  void binary_cross_entropy_passes_the_gradient_check() {
    GradCheck.assertGradients(xs -> Losses.binaryCrossEntropy().apply(xs[0], LABELS), LOGITS);
    GradCheck.assertGradients(
        xs -> Losses.binaryCrossEntropy(Reduction.SUM).apply(xs[0], Tensor.vector(0.1, 0.9, 0.5, 0.3, 1, 0)), LOGITS);
  }

  @Test
  void binary_cross_entropy_is_the_negative_log_likelihood() {
    double[] z = LOGITS.toArray();
    double[] y = LABELS.toArray();
    double expected = 0;
    for (int i = 0; i < z.length; i++) {
      double p = 1 / (1 + Math.exp(-z[i]));
      expected -= y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p);
    }
    assertEquals(expected, Losses.binaryCrossEntropy(Reduction.SUM).apply(LOGITS, LABELS).item(), 1e-12);
    assertEquals(expected / z.length, Losses.binaryCrossEntropy().apply(LOGITS, LABELS).item(), 1e-12);
  }

  @Test
  void binary_cross_entropy_is_finite_with_exact_values_and_gradients_at_logits_of_1000() {
    Tensor z = Tensor.vector(1000, -1000, 1000, -1000).requiresGrad(true);
    Tensor y = Tensor.vector(1, 1, 0, 0);
    Tensor loss = Losses.binaryCrossEntropy(Reduction.SUM).apply(z, y);
    // right with certainty: 0; wrong with certainty: |z| each
    assertEquals(2000.0, loss.item(), 0);
    Tensor g = Autograd.gradients(loss, z).get(0);
    assertArrayEquals(new double[] {0, -1, 1, 0}, g.toArray(), 0);   // σ(z) − y
  }

  @Test
  void squared_error_is_half_the_sum_of_squares_and_passes_the_gradient_check() {
    Tensor h = Tensor.vector(0.2, 0.9, 0.4);
    Tensor y = Tensor.vector(0, 1, 1);
    assertEquals(0.5 * (0.04 + 0.01 + 0.36), Losses.squaredError(Reduction.SUM).apply(h, y).item(), 1e-15);
    assertEquals(0.5 * (0.04 + 0.01 + 0.36) / 3, Losses.squaredError().apply(h, y).item(), 1e-15);
    GradCheck.assertGradients(xs -> Losses.squaredError(Reduction.SUM).apply(xs[0], y), h);
    GradCheck.assertGradients(xs -> Losses.squaredError().apply(xs[0], xs[1]), Tensor.randn(1, 4, 3), Tensor.randn(2, 4, 3));
  }

  @Test
  void squared_error_through_a_sigmoid_has_the_lecture_gradient() {
    // L = ½ Σ (y − σ(z))², dL/dz = −(y − σ(z))·σ(z)(1 − σ(z))
    Tensor z = Tensor.vector(-1.0, 0.3, 2.0).requiresGrad(true);
    Tensor y = Tensor.vector(0, 1, 1);
    Tensor g = Autograd.gradients(Losses.squaredError(Reduction.SUM).apply(z.sigmoid(), y), z).get(0);
    double[] zs = z.toArray();
    double[] ys = y.toArray();
    for (int i = 0; i < zs.length; i++) {
      double s = 1 / (1 + Math.exp(-zs[i]));
      assertEquals(-(ys[i] - s) * s * (1 - s), g.toArray()[i], 1e-15);
    }
  }

  @Test
  void softmax_cross_entropy_passes_the_gradient_check_and_is_the_negative_log_softmax() {
    Tensor z = Tensor.randn(3, 5, 4);
    Tensor y = Tensor.vector(3, 0, 1, 1, 2);
    GradCheck.assertGradients(xs -> Losses.softmaxCrossEntropy().apply(xs[0], y), z);
    double[][] m = z.toMatrix();
    double expected = 0;
    for (int i = 0; i < m.length; i++) {
      double s = 0;
      for (double v : m[i]) {
        s += Math.exp(v);
      }
      expected -= Math.log(Math.exp(m[i][(int) y.get(i)]) / s);
    }
    assertEquals(expected, Losses.softmaxCrossEntropy(Reduction.SUM).apply(z, y).item(), 1e-12);
  }

  @Test
  void softmax_cross_entropy_is_finite_for_huge_logits() {
    Tensor z = Tensor.matrix(new double[][] {{1000, -1000, 0}, {-1000, 1000, 500}});
    // row 0: logSumExp = 1000, picked −1000 → 2000; row 1: logSumExp = 1000, picked −1000 → 2000
    assertEquals(4000.0, Losses.softmaxCrossEntropy(Reduction.SUM).apply(z, Tensor.vector(1, 0)).item(), 1e-9);
  }

  @Test
  void hinge_passes_the_gradient_check_away_from_its_kink() {
    GradCheck.assertGradients(xs -> Losses.hinge().apply(xs[0], LABELS), LOGITS);
    GradCheck.assertGradients(xs -> Losses.hinge(1.0, Reduction.SUM).apply(xs[0], LABELS), LOGITS);
  }

  @Test
  void perceptron_criterion_charges_only_wrong_signs() {
    // s = 2y − 1 = [−1, 1, −1, 1, 1, −1]; s·z = [2, −0.7, −0.4, 1.3, 2.2, 1.6]
    assertEquals(0.7 + 0.4, Losses.hinge(0.0, Reduction.SUM).apply(LOGITS, LABELS).item(), 1e-15);
    // with margin 1 the correct ones closer than 1 pay too: 1.7 + 1.4 + 0 + 0 + 0 + 0
    assertEquals(1.7 + 1.4, Losses.hinge(1.0, Reduction.SUM).apply(LOGITS, LABELS).item(), 1e-15);
  }

  @Test
  void one_sgd_step_on_the_perceptron_criterion_is_the_perceptron_update() {
    // a misclassified example moves w by s·x (learning rate 1, batch of one); a correct one leaves w alone
    LogisticRegression model = LogisticRegression.of(Linear.of(new double[][] {{1}, {-1}}, new double[] {0}));
    SGD sgd = new SGD(model, 1.0);
    Tensor x = Tensor.matrix(new double[][] {{1, 2}});    // z = −1, predicted class 0
    sgd.step(Losses.hinge().apply(model.forward(x), Tensor.vector(1)));
    assertArrayEquals(new double[] {2, 1}, model.weight().toArray(), 0);
    assertArrayEquals(new double[] {1}, model.bias().toArray(), 0);
    sgd.step(Losses.hinge().apply(model.forward(x), Tensor.vector(1)));   // now z = 5 > 0: no change
    assertArrayEquals(new double[] {2, 1}, model.weight().toArray(), 0);
  }

  @Test
  void a_column_of_predictions_is_matched_to_a_vector_of_targets() {
    Tensor column = LOGITS.reshape(6, 1);
    assertEquals(
        Losses.binaryCrossEntropy().apply(LOGITS, LABELS).item(),
        Losses.binaryCrossEntropy().apply(column, LABELS).item(), 0);
  }

  @Test
  void predictions_that_do_not_match_the_targets_are_refused_with_both_shapes() {
    var e = assertThrows(
        IllegalArgumentException.class, () -> Losses.binaryCrossEntropy().apply(Tensor.zeros(6, 2), LABELS));
    assertTrue(e.getMessage().contains("binaryCrossEntropy") && e.getMessage().contains("[6, 2]")
        && e.getMessage().contains("[6]"), e.getMessage());
  }

  @Test
  void binary_targets_outside_zero_to_one_are_refused() {
    var e = assertThrows(
        IllegalArgumentException.class, () -> Losses.binaryCrossEntropy().apply(Tensor.zeros(2), Tensor.vector(0, 2)));
    assertTrue(e.getMessage().contains("got 2.0 at index 1"), e.getMessage());
    var h = assertThrows(IllegalArgumentException.class, () -> Losses.hinge().apply(Tensor.zeros(2), Tensor.vector(-1, 1)));
    assertTrue(h.getMessage().contains("class labels 0 and 1"), h.getMessage());
  }

  @Test
  void softmax_labels_must_be_whole_numbers_below_the_class_count() {
    Tensor z = Tensor.zeros(2, 3);
    var e = assertThrows(
        IllegalArgumentException.class, () -> Losses.softmaxCrossEntropy().apply(z, Tensor.vector(0, 3)));
    assertTrue(e.getMessage().contains("0 to 2") && e.getMessage().contains("got 3.0 at index 1"), e.getMessage());
    var f = assertThrows(
        IllegalArgumentException.class, () -> Losses.softmaxCrossEntropy().apply(z, Tensor.vector(0.5, 1)));
    assertTrue(f.getMessage().contains("whole numbers"), f.getMessage());
    var g = assertThrows(
        IllegalArgumentException.class, () -> Losses.softmaxCrossEntropy().apply(z, Tensor.vector(0, 1, 2)));
    assertTrue(g.getMessage().contains("logits [2, 3]") && g.getMessage().contains("labels [3]"), g.getMessage());
  }

  @Test
  void a_float32_prediction_with_float64_targets_gives_a_float32_loss_and_gradient() {
    Tensor z = LOGITS.to(DType.FLOAT32).detach().requiresGrad(true);
    Tensor probabilities = Tensor.vector(0.1, 0.9, 0.5, 0.3, 1, 0);
    Loss[] valueLosses = {Losses.binaryCrossEntropy(), Losses.hinge(1.0), Losses.squaredError()};
    Tensor[] targets = {probabilities, LABELS, probabilities};
    for (int i = 0; i < valueLosses.length; i++) {
      Tensor l32 = valueLosses[i].apply(z, targets[i]);
      assertEquals(DType.FLOAT32, l32.dtype(), "loss " + i);
      Tensor g = Autograd.gradients(l32, z).get(0);
      assertEquals(DType.FLOAT32, g.dtype(), "loss " + i);
      double l64 = valueLosses[i].apply(z.to(DType.FLOAT64), targets[i]).item();
      assertEquals(l64, l32.item(), 1e-6 * Math.max(1, Math.abs(l64)), "loss " + i);
    }
    Tensor logits = Tensor.of(new float[] {1, 2, 0.5f, -1, 0, 3}, 2, 3);
    Tensor ce = Losses.softmaxCrossEntropy().apply(logits, Tensor.vector(2, 0));
    assertEquals(DType.FLOAT32, ce.dtype());
    assertEquals(Losses.softmaxCrossEntropy().apply(logits.to(DType.FLOAT64), Tensor.vector(2, 0)).item(), ce.item(), 1e-6);
  }
}
