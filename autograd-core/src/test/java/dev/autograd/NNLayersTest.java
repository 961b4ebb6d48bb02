package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.check.GradCheck;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Normalisation, dropout, embedding and the losses of {@link NN}, against direct loops. */
class NNLayersTest {

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    RuntimeException e = assertThrows(RuntimeException.class, call);
    assertEquals(expected, e.getMessage());
  }

  @Test
  void layer_norm_normalises_the_trailing_axes() {
    SplittableRandom rng = new SplittableRandom(1);
    Tensor x = Tensor.normal(rng, 3, 2, 2, 3, 4);
    Tensor w = Tensor.normal(rng, 1, 0.5, 3, 4);
    Tensor b = Tensor.normal(rng, 0, 0.5, 3, 4);
    double eps = 1e-5;
    Tensor y = NN.layerNorm(x, new int[] {3, 4}, w, b, eps);
    double[] xs = x.toArray();
    for (int n = 0; n < 2; n++) {
      double mean = 0;
      for (int i = 0; i < 12; i++) {
        mean += xs[n * 12 + i];
      }
      mean /= 12;
      double var = 0;
      for (int i = 0; i < 12; i++) {
        var += (xs[n * 12 + i] - mean) * (xs[n * 12 + i] - mean);
      }
      var /= 12;
      for (int i = 0; i < 12; i++) {
        double expected = (xs[n * 12 + i] - mean) / Math.sqrt(var + eps) * w.storage()[i] + b.storage()[i];
        assertEquals(expected, y.storage()[n * 12 + i], 1e-12);
      }
    }
    GradCheck.assertGradients(xs2 -> NN.layerNorm(xs2[0], new int[] {3, 4}, xs2[1], xs2[2], eps).square(), x, w, b);
    GradCheck.assertSecondOrderGradients(xs2 -> NN.layerNorm(xs2[0], new int[] {4}, 1e-3).tanh(), x);
    assertMessage("layerNorm: normalizedShape [4, 3] must be the trailing dimensions of the input [2, 3, 4]",
        () -> NN.layerNorm(x, new int[] {4, 3}, eps));
    assertMessage("layerNorm: weight of shape [4] must have the normalized shape [3, 4]",
        () -> NN.layerNorm(x, new int[] {3, 4}, Tensor.ones(4), b, eps));
  }

  @Test
  void batch_norm_uses_batch_statistics_when_training_and_updates_the_running_ones() {
    SplittableRandom rng = new SplittableRandom(2);
    Tensor x = Tensor.normal(rng, 1, 2, 3, 2, 2, 2);   // N 3, C 2, H 2, W 2: 12 values per channel
    Tensor w = Tensor.normal(rng, 1, 0.5, 2);
    Tensor b = Tensor.normal(rng, 0, 0.5, 2);
    Tensor rm = Tensor.vector(0.5, -0.5);
    Tensor rv = Tensor.vector(2, 3);
    double momentum = 0.1;
    double eps = 1e-5;
    Tensor y = NN.batchNorm(x, rm, rv, w, b, true, momentum, eps);
    for (int c = 0; c < 2; c++) {
      double mean = 0;
      int count = 0;
      for (int n = 0; n < 3; n++) {
        for (int i = 0; i < 4; i++) {
          mean += x.get(n, c, i / 2, i % 2);
          count++;
        }
      }
      mean /= count;
      double ss = 0;
      for (int n = 0; n < 3; n++) {
        for (int i = 0; i < 4; i++) {
          double d = x.get(n, c, i / 2, i % 2) - mean;
          ss += d * d;
        }
      }
      double biased = ss / count;
      for (int n = 0; n < 3; n++) {
        for (int i = 0; i < 4; i++) {
          double expected = (x.get(n, c, i / 2, i % 2) - mean) / Math.sqrt(biased + eps) * w.get(c) + b.get(c);
          assertEquals(expected, y.get(n, c, i / 2, i % 2), 1e-12);
        }
      }
      assertEquals(0.9 * (c == 0 ? 0.5 : -0.5) + 0.1 * mean, rm.get(c), 1e-12);
      assertEquals(0.9 * (c == 0 ? 2 : 3) + 0.1 * ss / (count - 1), rv.get(c), 1e-12);
    }
    // Eval: the running statistics.
    Tensor e = NN.batchNorm(x, rm, rv, w, b, false, momentum, eps);
    assertEquals((x.get(1, 1, 0, 1) - rm.get(1)) / Math.sqrt(rv.get(1) + eps) * w.get(1) + b.get(1),
        e.get(1, 1, 0, 1), 1e-12);
    Tensor rm0 = rm.copy();
    GradCheck.assertGradients(xs -> NN.batchNorm(xs[0], rm0.copy(), rv.copy(), xs[1], xs[2], true, 0.1, eps).square(),
        x, w, b);
    GradCheck.assertGradients(xs -> NN.batchNorm(xs[0], rm0, rv, false, 0.1, eps).square(), x);
    assertMessage("batchNorm: expected more than 1 value per channel when training; got input of shape [1, 2]",
        () -> NN.batchNorm(Tensor.zeros(1, 2), rm, rv, true, 0.1, eps));
    assertMessage("batchNorm: weight of shape [3] does not fit the input [3, 2, 2, 2]; expected [2]",
        () -> NN.batchNorm(x, rm, rv, Tensor.ones(3), b, true, 0.1, eps));
  }

  @Test
  void dropout_saves_its_scaled_mask_and_is_the_identity_outside_training() {
    Tensor x = Tensor.normal(new SplittableRandom(3), 0, 1, 40, 50).requiresGrad(true);
    Tensor y = NN.dropout(x, 0.3, true, 42);
    double kept = 0;
    for (int i = 0; i < x.size(); i++) {
      double r = y.storage()[i] / x.storage()[i];
      assertTrue(r == 0 || Math.abs(r - 1 / 0.7) < 1e-12, "ratio " + r);
      kept += r == 0 ? 0 : 1;
    }
    assertEquals(0.7, kept / x.size(), 0.05);
    assertArrayEquals(y.toArray(), NN.dropout(x, 0.3, true, 42).toArray(), 0, "one seed, one mask");
    assertNotEquals(java.util.Arrays.toString(y.toArray()),
        java.util.Arrays.toString(NN.dropout(x, 0.3, true, 43).toArray()));
    double[] mask = ((Tensor) y.node().saved(0)).toArray();
    y.sum().backward();
    assertArrayEquals(mask, x.grad().toArray(), 0);
    assertSame(x, NN.dropout(x, 0.3, false, 1));
    assertSame(x, NN.dropout(x, 0, true, 1));
    assertArrayEquals(new double[x.size()], NN.dropout(x, 1, true, 1).toArray(), 0);
    GradCheck.assertGradients(xs -> NN.dropout(xs[0], 0.5, true, 7).square(), Tensor.normal(new SplittableRandom(4), 0, 1, 3, 4));
    assertMessage("dropout: p must be in [0, 1]; got 1.5", () -> NN.dropout(x, 1.5, true, 1));
  }

  @Test
  void embedding_looks_up_rows_and_sums_their_gradients() {
    Tensor w = Tensor.normal(new SplittableRandom(5), 0, 1, 5, 3).requiresGrad(true);
    Tensor e = NN.embedding(new int[] {4, 0, 4, 2, 1, 4}, new int[] {2, 3}, w);
    assertArrayEquals(new int[] {2, 3, 3}, e.shape());
    assertEquals(w.get(2, 1), e.get(1, 0, 1), 0);
    e.sum().backward();
    assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 3, 3, 3}, w.grad().toArray(), 0);
    assertArrayEquals(new int[] {2, 3}, NN.embedding(new int[] {1, 2}, w).shape());
    assertMessage("embedding: index 5 at position 1 is out of range for a weight of 5 rows (expected 0 .. 4)",
        () -> NN.embedding(new int[] {0, 5}, w));
    assertMessage("embedding: 3 indices do not fill the shape [2, 2] (4 elements)",
        () -> NN.embedding(new int[] {0, 1, 2}, new int[] {2, 2}, w));
  }

  @Test
  void losses_match_their_definitions() {
    SplittableRandom rng = new SplittableRandom(6);
    Tensor in = Tensor.normal(rng, 0, 2, 4, 5);
    Tensor t = Tensor.normal(rng, 0, 2, 4, 5);
    double delta = 1.3;
    double beta = 0.7;
    double huber = 0;
    double smooth = 0;
    double l1 = 0;
    for (int i = 0; i < in.size(); i++) {
      double d = in.storage()[i] - t.storage()[i];
      double a = Math.abs(d);
      huber += a < delta ? 0.5 * d * d : delta * (a - 0.5 * delta);
      smooth += a < beta ? 0.5 * d * d / beta : a - 0.5 * beta;
      l1 += a;
    }
    assertEquals(huber / 20, NN.huberLoss(in, t, delta).item(), 1e-12);
    assertEquals(smooth / 20, NN.smoothL1Loss(in, t, beta).item(), 1e-12);
    assertEquals(l1 / 20, NN.smoothL1Loss(in, t, 0).item(), 1e-12);
    GradCheck.assertGradients(xs -> NN.huberLoss(xs[0], xs[1], delta), in, t);
    GradCheck.assertGradients(xs -> NN.smoothL1Loss(xs[0], xs[1], beta), in, t);

    Tensor logits = Tensor.normal(rng, 0, 1, 3, 4);
    int[] targets = {2, 0, 3};
    Tensor lp = logits.logSoftmax(1);
    double nll = -(lp.get(0, 2) + lp.get(1, 0) + lp.get(2, 3)) / 3;
    assertEquals(nll, NN.nllLoss(lp, targets).item(), 1e-12);
    GradCheck.assertGradients(xs -> NN.nllLoss(xs[0].logSoftmax(1), targets), logits);
    assertMessage("nllLoss: target 4 at position 1 is out of range for 4 classes (expected 0 .. 3)",
        () -> NN.nllLoss(lp, new int[] {0, 4, 1}));
    assertMessage("huberLoss: input of shape [4, 5] and target of shape [5] must have the same shape",
        () -> NN.huberLoss(in, Tensor.zeros(5), 1));
    assertMessage("huberLoss: delta must be positive; got 0.0", () -> NN.huberLoss(in, t, 0));
  }

  @Test
  void binary_cross_entropy_with_logits_is_the_mean_of_softplus_minus_y_z_in_one_pass_each_way() {
    SplittableRandom rng = new SplittableRandom(11);
    Tensor z = Tensor.normal(rng, 0, 3, 6, 5);
    Tensor y = Tensor.uniform(rng, 0, 1, 6, 5);
    double sum = 0;
    for (int i = 0; i < z.size(); i++) {
      double v = z.storage()[i];
      double p = 1 / (1 + Math.exp(-v));
      sum += -(y.storage()[i] * Math.log(p) + (1 - y.storage()[i]) * Math.log(1 - p));
    }
    assertEquals(sum / 30, NN.binaryCrossEntropyWithLogits(z, y).item(), 1e-13);
    // the same values and gradients as the composed form, and differentiable twice (both inputs)
    Tensor zg = z.requiresGrad(true);
    Tensor yg = y.requiresGrad(true);
    Tensor[] fused = Autograd.gradients(NN.binaryCrossEntropyWithLogits(zg, yg), zg, yg).toArray();
    Tensor[] composed = Autograd.gradients(zg.softplus().sub(yg.mul(zg)).mean(), zg, yg).toArray();
    for (int i = 0; i < 2; i++) {
      assertArrayEquals(composed[i].toArray(), fused[i].toArray(), 1e-15);
    }
    GradCheck.assertGradients(xs -> NN.binaryCrossEntropyWithLogits(xs[0], xs[1]), z, y);
    GradCheck.assertSecondOrderGradients(xs -> NN.binaryCrossEntropyWithLogits(xs[0], xs[1]), z, y);
    // finite far out, with the limiting gradients (σ − y)/n: 0 − y and 1 − y
    Tensor far = Tensor.vector(-1000, 1000).requiresGrad(true);
    Tensor labels = Tensor.vector(1, 1);
    Tensor loss = NN.binaryCrossEntropyWithLogits(far, labels);
    assertEquals(500, loss.item(), 1e-12);   // (softplus(−1000) + 1000 + softplus(1000) − 1000) / 2
    loss.backward();
    assertArrayEquals(new double[] {-0.5, 0}, far.grad().toArray(), 0);
    assertMessage("binaryCrossEntropyWithLogits: logits of shape [6, 5] and targets of shape [5] must have the "
        + "same shape", () -> NN.binaryCrossEntropyWithLogits(z, Tensor.zeros(5)));
  }

  @Test
  void the_readme_example_runs() {
    SplittableRandom rng = new SplittableRandom(7);
    Tensor x = Tensor.normal(rng, 0, 1, 2, 3, 8, 8);
    Tensor w = Tensor.normal(rng, 0, 0.3, 4, 3, 3, 3).requiresGrad(true);
    Tensor b = Tensor.zeros(4).requiresGrad(true);
    long seed = 1;
    Tensor y = NN.conv2d(x, w, b, 2, 1, 1);
    Tensor z = NN.conv2d(x, w, new int[] {2, 1}, new int[] {1, 0}, new int[] {1, 1});
    Tensor p = NN.maxPool2d(NN.conv2d(x, w, b).relu(), 2);
    Tensor h = NN.dropout(NN.layerNorm(p, new int[] {p.dim(3)}, 1e-5), 0.1, true, seed);
    Tensor logits = h.reshape(2, -1);
    int[] labels = {1, 5};
    Tensor loss = NN.nllLoss(logits.logSoftmax(1), labels);
    loss.backward();
    assertArrayEquals(new int[] {2, 4, 4, 4}, y.shape());
    assertArrayEquals(new int[] {2, 4, 4, 6}, z.shape());
    assertArrayEquals(new int[] {2, 4, 3, 3}, p.shape());
    assertArrayEquals(new int[] {4, 3, 3, 3}, w.grad().shape());
  }
}
