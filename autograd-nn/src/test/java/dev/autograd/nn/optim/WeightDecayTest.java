package dev.autograd.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import dev.autograd.nn.module.Linear;
import dev.autograd.nn.module.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightDecayTest {
  private static final double[] C = {3, -0.5};   // L(w) = c·w: gradient c at every w

  private static Tensor loss(Tensor w) {
    return w.mul(Tensor.vector(C)).sum();
  }

  @Test
  void sgd_with_l2_decay_steps_along_the_gradient_plus_lambda_times_the_weights() {
    Tensor w = Tensor.param(new double[] {1, -2}, 2);
    double lr = 0.1;
    double lambda = 0.3;
    SGD sgd = new SGD(List.of(new Parameter("w", w)), lr, lambda);
    double[] expected = {1, -2};
    for (int step = 0; step < 3; step++) {
      sgd.step(loss(w));
      for (int j = 0; j < 2; j++) {
        expected[j] = expected[j] - lr * (C[j] + lambda * expected[j]);
      }
      assertArrayEquals(expected, w.toArray(), 1e-15, "step " + step);
    }
    assertEquals(lambda, sgd.weightDecay(), 0);
  }

  @Test
  void l2_decay_in_sgd_equals_adding_half_lambda_times_the_squared_norm_to_the_loss() {
    Linear a = new Linear(3, 2, 5L);
    Linear b = new Linear(3, 2, 5L);
    Tensor x = Tensor.randn(2, 4, 3);
    double lambda = 0.05;
    SGD decayed = new SGD(a, 0.2, lambda);
    SGD plain = new SGD(b, 0.2);
    for (int i = 0; i < 4; i++) {
      decayed.step(a.forward(x).tanh().sum());
      Tensor penalty = b.weight().square().sum().add(b.bias().square().sum()).mul(lambda / 2);
      plain.step(b.forward(x).tanh().sum().add(penalty));
    }
    assertEquals(0, a.weight().maxAbsDiff(b.weight()), 1e-13);
    assertEquals(0, a.bias().maxAbsDiff(b.bias()), 1e-13);
  }

  @Test
  void momentum_with_l2_decay_feeds_the_decayed_gradient_through_the_velocity() {
    Tensor w = Tensor.param(new double[] {1, -2}, 2);
    double lr = 0.1;
    double mu = 0.5;
    double lambda = 0.2;
    Momentum opt = new Momentum(List.of(new Parameter("w", w)), lr, mu, lambda);
    double[] p = {1, -2};
    double[] v = {0, 0};
    for (int step = 0; step < 3; step++) {
      opt.step(loss(w));
      for (int j = 0; j < 2; j++) {
        v[j] = mu * v[j] + (C[j] + lambda * p[j]);
        p[j] -= lr * v[j];
      }
      assertArrayEquals(p, w.toArray(), 1e-15, "step " + step);
    }
  }

  @Test
  void adamw_shrinks_the_weights_before_an_adam_step_on_the_plain_gradient() {
    Tensor w = Tensor.param(new double[] {1, -2}, 2);
    double lr = 0.01;
    double lambda = 0.5;
    double b1 = 0.9;
    double b2 = 0.999;
    double eps = 1e-8;
    AdamW opt = new AdamW(List.of(new Parameter("w", w)), lr, b1, b2, eps, lambda);
    double[] p = {1, -2};
    double[] m = {0, 0};
    double[] s = {0, 0};
    for (int t = 1; t <= 3; t++) {
      // the gradient of w² + c·w at the current weights: the moments see only this
      double[] g = {2 * p[0] + C[0], 2 * p[1] + C[1]};
      opt.step(w.square().sum().add(loss(w)));
      for (int j = 0; j < 2; j++) {
        p[j] *= 1 - lr * lambda;
        m[j] = b1 * m[j] + (1 - b1) * g[j];
        s[j] = b2 * s[j] + (1 - b2) * g[j] * g[j];
        double mHat = m[j] / (1 - Math.pow(b1, t));
        double sHat = s[j] / (1 - Math.pow(b2, t));
        p[j] -= lr * mHat / (Math.sqrt(sHat) + eps);
      }
      assertArrayEquals(p, w.toArray(), 1e-15, "step " + t);
    }
  }

  @Test
  void adamw_without_decay_is_adam_and_its_decay_is_not_l2_regularisation() {
    Linear a = new Linear(3, 2, 9L);
    Linear b = new Linear(3, 2, 9L);
    Linear c = new Linear(3, 2, 9L);
    Tensor x = Tensor.randn(4, 5, 3);
    AdamW noDecay = new AdamW(a, 0.05, 0.0);
    Adam adam = new Adam(b, 0.05);
    AdamW decayed = new AdamW(c, 0.05, 0.1);
    for (int i = 0; i < 5; i++) {
      noDecay.step(a.forward(x).tanh().sum());
      adam.step(b.forward(x).tanh().sum());
      decayed.step(c.forward(x).tanh().sum());
    }
    assertEquals(0, a.weight().maxAbsDiff(b.weight()));
    assertTrue(c.weight().maxAbsDiff(b.weight()) > 1e-4, "the decay changes the result");
    assertEquals(AdamW.DEFAULT_WEIGHT_DECAY, new AdamW(a, 0.1).weightDecay(), 0);
  }

  @Test
  void negative_or_non_finite_decay_is_refused_naming_the_optimizer() {
    Linear l = new Linear(2, 1, 1L);
    var e = assertThrows(IllegalArgumentException.class, () -> new SGD(l, 0.1, -1));
    assertTrue(e.getMessage().contains("SGD") && e.getMessage().contains("-1"), e.getMessage());
    var f = assertThrows(IllegalArgumentException.class, () -> new Momentum(l, 0.1, 0.9, Double.NaN));
    assertTrue(f.getMessage().contains("Momentum") && f.getMessage().contains("weight decay"), f.getMessage());
    var g = assertThrows(IllegalArgumentException.class, () -> new AdamW(l, 0.1, Double.POSITIVE_INFINITY));
    assertTrue(g.getMessage().contains("AdamW"), g.getMessage());
  }
}
