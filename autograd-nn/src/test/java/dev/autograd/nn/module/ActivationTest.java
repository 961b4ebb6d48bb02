package dev.autograd.nn.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.autograd.Tensor;
import dev.autograd.check.GradCheck;
import org.junit.jupiter.api.Test;

class ActivationTest {

  @Test
  void every_activation_passes_the_gradient_check() {
    // away from 0, where relu has its kink
    Tensor x = Tensor.vector(-2.5, -1.1, -0.3, 0.4, 0.9, 3.0).reshape(2, 3);
    int checked = 0;
    for (Activation a : Activation.values()) {
      GradCheck.assertGradients(xs -> a.forward(xs[0]), x);
      checked++;
    }
    assertEquals(4, checked);
  }

  @Test
  void activations_compute_their_functions() {
    Tensor x = Tensor.vector(-1, 0, 2);
    assertArrayEquals(new double[] {0, 0, 2}, Activation.RELU.forward(x).toArray(), 0);
    assertArrayEquals(
        new double[] {1 / (1 + Math.E), 0.5, 1 / (1 + Math.exp(-2))}, Activation.SIGMOID.forward(x).toArray(), 1e-15);
    assertArrayEquals(new double[] {Math.tanh(-1), 0, Math.tanh(2)}, Activation.TANH.forward(x).toArray(), 1e-15);
    assertSame(x, Activation.IDENTITY.forward(x));
  }

  @Test
  void relu_layers_get_he_initialisation_and_others_xavier() {
    assertEquals(Init.HE, Activation.RELU.suitedInit());
    assertEquals(Init.XAVIER, Activation.TANH.suitedInit());
    assertEquals(Init.XAVIER, Activation.SIGMOID.suitedInit());
  }
}
