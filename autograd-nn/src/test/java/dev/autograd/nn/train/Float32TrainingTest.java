package dev.autograd.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.nn.data.Datasets;
import dev.autograd.nn.data.Split;
import dev.autograd.nn.eval.Metrics;
import dev.autograd.nn.loss.Losses;
import dev.autograd.nn.module.Activation;
import dev.autograd.nn.module.MLP;
import dev.autograd.nn.module.Parameter;
import dev.autograd.nn.module.Sequential;
import dev.autograd.nn.optim.Adam;
import org.junit.jupiter.api.Test;

/**
 * Training in float32 ends where training in float64 does: the digits MLP of the lecture (part 7:
 * 64-64-10, ReLU, Adam 0.003, minibatches of 32), same seeds and settings, in both precisions.
 */
class Float32TrainingTest {

  /** The digits MLP trained in {@code dtype}. */
  private static Sequential trained(Split split, DType dtype, long seed, int epochs) {
    Sequential net = MLP.of(seed, Activation.RELU, 64, 64, 10).to(dtype);
    new Trainer(net, Losses.softmaxCrossEntropy(), new Adam(net, 0.003)).batchSize(32).seed(seed).fit(split.train(), epochs);
    for (Parameter p : net.parameters()) {
      assertEquals(dtype, p.value().dtype(), p.name());
    }
    return net;
  }

  private static double maxAbsDifference(Tensor a, Tensor b) {
    double[] x = a.toArray();
    double[] y = b.toArray();
    double m = 0;
    for (int i = 0; i < x.length; i++) {
      m = Math.max(m, Math.abs(x[i] - y[i]));
    }
    return m;
  }

  @Test
  void the_digits_mlp_trained_in_float32_reaches_the_test_accuracy_of_float64_within_half_a_point() {
    Split split = Split.stratifiedTrainTest(Datasets.digits(), 0.25, 15L).standardised();
    for (long seed = 1; seed <= 3; seed++) {
      long t0 = System.nanoTime();
      Sequential n64 = trained(split, DType.FLOAT64, seed, 40);
      long t1 = System.nanoTime();
      Sequential n32 = trained(split, DType.FLOAT32, seed, 40);
      long t2 = System.nanoTime();
      double a64 = Metrics.accuracy(n64, split.test());
      double a32 = Metrics.accuracy(n32, split.test());
      double drift = maxAbsDifference(n64.parameters().get(0).value(), n32.parameters().get(0).value());
      System.out.printf("digits MLP, seed %d, test accuracy: float64 %.4f (%.1f s), float32 %.4f (%.1f s); "
          + "first weights differ by up to %.2g%n", seed, a64, (t1 - t0) / 1e9, a32, (t2 - t1) / 1e9, drift);
      assertTrue(a64 >= 0.95, "float64 accuracy " + a64);
      assertTrue(drift > 0, "the float32 run computed exactly the float64 run's weights: not in float32?");
      assertTrue(Math.abs(a32 - a64) <= 0.005, "seed " + seed + ": float32 " + a32 + " vs float64 " + a64);
    }
  }
}
