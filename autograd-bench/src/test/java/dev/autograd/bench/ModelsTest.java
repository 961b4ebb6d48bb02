package dev.autograd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autograd.Tensor;
import org.junit.jupiter.api.Test;

/** The hand-written baselines compute the same training steps as the engine, so ratios compare like with like. */
class ModelsTest {

  @Test
  void relu_mlp_baseline_follows_the_engine_step_for_step() {
    Tensor x = Tensor.rand(1, 16, 12);
    int[] labels = {0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3};
    Models.AutogradMlp auto = new Models.AutogradMlp(3, 12, 8, 6, 4);
    Models.HandMlp hand = new Models.HandMlp(3, 12, 8, 6, 4);
    for (int step = 0; step < 5; step++) {
      assertEquals(auto.step(x, labels, 0.1), hand.step(x.toArray(), 16, labels, 0.1), 1e-12, "step " + step);
    }
  }

  @Test
  void sigmoid_mlp_baseline_follows_the_engine_step_for_step() {
    Tensor x = Tensor.randn(4, 32, 2);
    Tensor y = Tensor.rand(5, 32, 1).gt(0.5);
    Models.AutogradSigmoidMlp auto = new Models.AutogradSigmoidMlp(5, 2, 16, 16, 1);
    Models.HandSigmoidMlp hand = new Models.HandSigmoidMlp(5, 2, 16, 16, 1);
    for (int step = 0; step < 5; step++) {
      assertEquals(auto.step(x, y, 0.5), hand.step(x.toArray(), 32, y.toArray(), 0.5), 1e-12, "step " + step);
    }
  }

  @Test
  void logistic_baseline_follows_the_engine_step_for_step() {
    Tensor x = Tensor.randn(6, 50, 10);
    Tensor y = Tensor.rand(7, 50, 1).gt(0.5);
    Models.AutogradLogistic auto = new Models.AutogradLogistic(8, 10);
    Models.HandLogistic hand = new Models.HandLogistic(8, 10);
    for (int step = 0; step < 5; step++) {
      assertEquals(auto.step(x, y, 0.5), hand.step(x.toArray(), 50, y.toArray(), 0.5), 1e-12, "step " + step);
    }
  }
}
