package dev.autograd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autograd.DType;
import dev.autograd.Tensor;
import org.junit.jupiter.api.Test;

/** The hand-written baselines compute the same training steps as the engine, so ratios compare like with like. */
class ModelsTest {
  private static final DType F32 = DType.FLOAT32;

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

  // Float32: the engine's float32 step against the hand-written float32 step (to float rounding: the
  // two sum in different orders) and against the float64 step (the same model, to float precision).

  @Test
  void float32_relu_mlp_follows_the_hand_written_float32_and_the_float64_steps() {
    Tensor x = Tensor.rand(1, 16, 12);
    int[] labels = {0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3};
    Models.AutogradMlp auto = new Models.AutogradMlp(F32, 3, 12, 8, 6, 4);
    Models.HandMlpF32 hand = new Models.HandMlpF32(3, 12, 8, 6, 4);
    Models.AutogradMlp auto64 = new Models.AutogradMlp(3, 12, 8, 6, 4);
    Tensor x32 = x.to(F32);
    for (int step = 0; step < 5; step++) {
      double a = auto.step(x32, labels, 0.1);
      assertEquals(F32, auto.w[0].dtype());
      assertEquals(a, hand.step(Models.floats(x), 16, labels, 0.1), 1e-5, "step " + step);
      assertEquals(auto64.step(x, labels, 0.1), a, 1e-5, "step " + step);
    }
  }

  @Test
  void float32_sigmoid_mlp_follows_the_hand_written_float32_and_the_float64_steps() {
    Tensor x = Tensor.randn(4, 32, 2);
    Tensor y = Tensor.rand(5, 32, 1).gt(0.5);
    Models.AutogradSigmoidMlp auto = new Models.AutogradSigmoidMlp(F32, 5, 2, 16, 16, 1);
    Models.HandSigmoidMlpF32 hand = new Models.HandSigmoidMlpF32(5, 2, 16, 16, 1);
    Models.AutogradSigmoidMlp auto64 = new Models.AutogradSigmoidMlp(5, 2, 16, 16, 1);
    for (int step = 0; step < 5; step++) {
      double a = auto.step(x.to(F32), y.to(F32), 0.5);
      assertEquals(a, hand.step(Models.floats(x), 32, Models.floats(y), 0.5), 1e-5, "step " + step);
      assertEquals(auto64.step(x, y, 0.5), a, 1e-4, "step " + step);
    }
  }

  @Test
  void float32_logistic_follows_the_hand_written_float32_and_the_float64_steps() {
    Tensor x = Tensor.randn(6, 50, 10);
    Tensor y = Tensor.rand(7, 50, 1).gt(0.5);
    Models.AutogradLogistic auto = new Models.AutogradLogistic(F32, 8, 10);
    Models.HandLogisticF32 hand = new Models.HandLogisticF32(8, 10);
    Models.AutogradLogistic auto64 = new Models.AutogradLogistic(8, 10);
    for (int step = 0; step < 5; step++) {
      double a = auto.step(x.to(F32), y.to(F32), 0.5);
      assertEquals(F32, auto.w.dtype());
      assertEquals(a, hand.step(Models.floats(x), 50, Models.floats(y), 0.5), 1e-5, "step " + step);
      assertEquals(auto64.step(x, y, 0.5), a, 1e-5, "step " + step);
    }
  }
}
