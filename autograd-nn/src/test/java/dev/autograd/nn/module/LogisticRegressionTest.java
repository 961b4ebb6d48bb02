package dev.autograd.nn.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Autograd;
import dev.autograd.Gradients;
import dev.autograd.Tensor;
import dev.autograd.check.GradCheck;
import dev.autograd.nn.data.Dataset;
import dev.autograd.nn.data.Datasets;
import dev.autograd.nn.data.Split;
import dev.autograd.nn.eval.CrossValidation;
import dev.autograd.nn.eval.Metrics;
import dev.autograd.nn.loss.Losses;
import dev.autograd.nn.loss.Reduction;
import dev.autograd.nn.optim.SGD;
import dev.autograd.nn.train.Trainer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {

  @Test
  void engine_gradient_equals_the_lecture_closed_form() {
    SplittableRandom rng = new SplittableRandom(11);
    int n = 60;
    int d = 5;
    double[][] x = new double[n][d];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        x[i][j] = rng.nextGaussian();
      }
      y[i] = rng.nextInt(2);
    }
    LogisticRegression model = LogisticRegression.binary(d, 3L);
    for (int j = 0; j < d; j++) {
      model.weight().storage()[j] = rng.nextGaussian();
    }
    model.bias().storage()[0] = 0.3;

    Tensor loss = Losses.binaryCrossEntropy(Reduction.SUM).apply(model.forward(Tensor.matrix(x)), Tensor.vector(y));
    Gradients g = Autograd.gradients(loss, model.weight(), model.bias());

    // the lecture: dL/dw = Σᵢ (σ(hᵢ) − yᵢ)·xᵢ, dL/db = Σᵢ (σ(hᵢ) − yᵢ), with hᵢ = w·xᵢ + b (plain loops)
    double[] w = model.weight().toArray();
    double b = model.bias().item();
    double[] expectedW = new double[d];
    double expectedB = 0;
    for (int i = 0; i < n; i++) {
      double h = b;
      for (int j = 0; j < d; j++) {
        h += w[j] * x[i][j];
      }
      double r = 1 / (1 + Math.exp(-h)) - y[i];
      for (int j = 0; j < d; j++) {
        expectedW[j] += r * x[i][j];
      }
      expectedB += r;
    }
    assertArrayEquals(expectedW, g.get(0).toArray(), 1e-12);
    assertEquals(expectedB, g.get(1).item(), 1e-12);
  }

  @Test
  void binary_model_passes_the_gradient_check_in_input_weight_and_bias() {
    Tensor y = Tensor.vector(1, 0, 0, 1, 1, 0);
    GradCheck.assertGradients(
        xs -> Losses.binaryCrossEntropy().apply(LogisticRegression.of(Linear.of(xs[1], xs[2])).forward(xs[0]), y),
        Tensor.randn(1, 6, 3), Tensor.randn(2, 3, 1), Tensor.randn(3, 1));
  }

  @Test
  void multinomial_model_passes_the_gradient_check_in_input_weight_and_bias() {
    Tensor y = Tensor.vector(2, 0, 1, 1, 2);
    GradCheck.assertGradients(
        xs -> Losses.softmaxCrossEntropy().apply(LogisticRegression.of(Linear.of(xs[1], xs[2])).forward(xs[0]), y),
        Tensor.randn(4, 5, 4), Tensor.randn(5, 4, 3), Tensor.randn(6, 3));
  }

  @Test
  void binary_logits_are_a_vector_per_batch_and_a_scalar_per_example() {
    LogisticRegression m = LogisticRegression.binary(3);
    assertArrayEquals(new int[] {4}, m.forward(Tensor.zeros(4, 3)).shape());
    assertArrayEquals(new int[] {}, m.forward(Tensor.zeros(3)).shape());
    assertEquals(2, m.classes());
    assertEquals(0.5, m.probabilities(Tensor.ones(3)).item(), 0);
  }

  @Test
  void multinomial_probabilities_sum_to_one_per_row() {
    LogisticRegression m = LogisticRegression.of(Linear.of(Tensor.randn(1, 4, 3).requiresGrad(true), null));
    Tensor p = m.probabilities(Tensor.randn(2, 5, 4));
    double[] rowSums = p.sum(1).toArray();
    for (double s : rowSums) {
      assertEquals(1.0, s, 1e-12);
    }
    assertEquals(3, m.classes());
  }

  @Test
  void classify_thresholds_logits_at_zero() {
    LogisticRegression m = LogisticRegression.of(Linear.of(new double[][] {{1}, {-1}}, new double[] {0}));
    assertArrayEquals(new int[] {1, 0, 0}, m.classify(Tensor.matrix(new double[][] {{2, 1}, {1, 2}, {1, 1}})));
  }

  @Test
  void multinomial_rejects_fewer_than_two_classes() {
    var e = assertThrows(IllegalArgumentException.class, () -> LogisticRegression.multinomial(3, 1));
    assertTrue(e.getMessage().contains("at least 2 classes"), e.getMessage());
  }

  @Test
  void sgd_reaches_97_percent_in_stratified_5_fold_cross_validation_on_breast_cancer() {
    Dataset data = Datasets.breastCancer();
    CrossValidation.Result r = CrossValidation.run(Split.stratifiedKFold(data, 5, 0L), (fold, i) -> {
      Split s = fold.standardised();
      LogisticRegression model = LogisticRegression.binary(s.train().featureCount());
      new Trainer(model, Losses.binaryCrossEntropy(), new SGD(model, 0.01)).batchSize(1).seed(i).fit(s.train(), 10);
      return Metrics.accuracy(model, s.test());
    });
    System.out.println("breast cancer, logistic regression, per-example SGD: " + r);
    assertTrue(r.mean() >= 0.97, r.toString());
  }
}
