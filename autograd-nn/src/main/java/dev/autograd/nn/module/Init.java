package dev.autograd.nn.module;

import dev.autograd.Tensor;
import java.util.random.RandomGenerator;

/** How a {@link Linear} layer's weight matrix {@code W ∈ ℝ^{in×out}} is initialised. */
public enum Init {
  /**
   * Glorot/Xavier uniform: {@code W ~ U(-a, a)} with {@code a = √(6 / (in + out))}, which keeps the
   * variance of activations roughly constant through sigmoid and tanh layers.
   */
  XAVIER {
    @Override
    Tensor weight(RandomGenerator rng, int in, int out) {
      double a = Math.sqrt(6.0 / (in + out));
      return Tensor.uniform(rng, -a, a, in, out);
    }
  },
  /** He/Kaiming normal: {@code W ~ N(0, 2 / in)}, suited to ReLU layers. */
  HE {
    @Override
    Tensor weight(RandomGenerator rng, int in, int out) {
      return Tensor.normal(rng, 0, Math.sqrt(2.0 / in), in, out);
    }
  },
  /** All zeros: fine for convex models such as logistic regression, useless for hidden layers. */
  ZEROS {
    @Override
    Tensor weight(RandomGenerator rng, int in, int out) {
      return Tensor.zeros(in, out);
    }
  };

  /** A fresh constant weight matrix of shape {@code [in, out]}. */
  abstract Tensor weight(RandomGenerator rng, int in, int out);
}
