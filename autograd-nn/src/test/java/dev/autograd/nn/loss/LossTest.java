package dev.autograd.nn.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import dev.autograd.check.GradCheck;
import dev.autograd.nn.data.Dataset;
import dev.autograd.nn.data.Datasets;
import dev.autograd.nn.eval.Metrics;
import dev.autograd.nn.module.Activation;
import dev.autograd.nn.module.Linear;
import dev.autograd.nn.module.MLP;
import dev.autograd.nn.module.Sequential;
import dev.autograd.nn.optim.Adam;
import dev.autograd.nn.optim.SGD;
import dev.autograd.nn.train.Trainer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Losses written by a user, as lambdas, get gradients and train models like the built-in ones. */
class LossTest {

  /** Huber loss with threshold δ: ½r² for |r| ≤ δ, δ(|r| − ½δ) beyond; averaged. */
  static Loss huber(double delta) {
    return (h, y) -> {
      Tensor r = h.reshape(y.shape()).sub(y).abs();
      return Tensor.where(r.lt(delta), r.square().mul(0.5), r.sub(0.5 * delta).mul(delta)).mean();
    };
  }

  /** Focal loss from logits: −(1 − p_t)^γ log p_t with p_t = σ(s·z), s = 2y − 1; averaged. */
  static Loss focal(double gamma) {
    return (z, y) -> {
      Tensor sz = y.mul(2).sub(1).mul(z.reshape(y.shape()));
      return sz.sigmoid().rsub(1).pow(gamma).mul(sz.neg().softplus()).mean();
    };
  }

  @Test
  void huber_loss_written_by_the_user_passes_the_gradient_check() {
    Tensor y = Tensor.vector(0, 0, 0, 0);
    GradCheck.assertGradients(xs -> huber(1.0).apply(xs[0], y), Tensor.vector(-2.5, -0.4, 0.3, 1.7));
  }

  @Test
  void focal_loss_written_by_the_user_passes_the_gradient_check() {
    GradCheck.assertGradients(xs -> focal(2.0).apply(xs[0], Tensor.vector(1, 0, 1, 0)), Tensor.vector(-1.2, 0.4, 2.0, -0.3));
  }

  @Test
  void huber_loss_fits_a_line_despite_outliers_where_squared_error_is_pulled_away() {
    // y = 2x + 1 with noise, and every tenth target replaced by a wild outlier
    SplittableRandom rng = new SplittableRandom(5);
    int n = 200;
    double[][] x = new double[n][1];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = -2 + 4 * rng.nextDouble();
      y[i] = 2 * x[i][0] + 1 + 0.1 * rng.nextGaussian();
      if (i % 10 == 0) {
        y[i] = 40 + 10 * rng.nextDouble();
      }
    }
    Dataset data = Dataset.of(x, y);
    Linear robust = Linear.of(new double[][] {{0}}, new double[] {0});
    new Trainer(robust, huber(1.0), new SGD(robust, 0.05)).batchSize(20).seed(1L).fit(data, 200);
    Linear plain = Linear.of(new double[][] {{0}}, new double[] {0});
    new Trainer(plain, Losses.squaredError(), new SGD(plain, 0.05)).batchSize(20).seed(1L).fit(data, 200);

    assertEquals(2.0, robust.weight().item(), 0.15);
    assertEquals(1.0, robust.bias().item(), 0.5);
    assertTrue(plain.bias().item() > 4, "squared error's intercept " + plain.bias().item() + " is dragged by outliers");
  }

  @Test
  void focal_loss_trains_a_classifier_on_the_ring() {
    Dataset train = Datasets.ring(400, 11L);
    Sequential net = MLP.of(2L, Activation.TANH, 2, 8, 1);
    double before = Metrics.loss(net, focal(2.0), train);
    new Trainer(net, focal(2.0), new Adam(net, 0.05)).batchSize(32).seed(3L).fit(train, 100);
    assertTrue(Metrics.loss(net, focal(2.0), train) < before / 10);
    assertTrue(Metrics.accuracy(net, Datasets.ring(400, 12L)) >= 0.98);
  }

  @Test
  void losses_combine_by_sum_and_scale() {
    Loss l = Losses.squaredError(Reduction.SUM);
    Tensor h = Tensor.vector(1, 2);
    Tensor y = Tensor.vector(0, 0);
    assertEquals(2.5, l.apply(h, y).item(), 0);
    assertEquals(7.5, l.plus(l.times(2)).apply(h, y).item(), 0);
  }
}
