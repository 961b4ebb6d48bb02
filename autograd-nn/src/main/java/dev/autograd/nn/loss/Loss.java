package dev.autograd.nn.loss;

import dev.autograd.Tensor;

/**
 * A training objective: {@code L(prediction, target)}, a scalar tensor written with differentiable
 * tensor operations. Any lambda of that shape is a loss, for example
 *
 * <pre>{@code
 * Loss absolute = (h, y) -> h.sub(y).abs().mean();
 * }</pre>
 *
 * <p>The prediction is what the model's {@code forward} returns (for classifiers in this module,
 * logits); the target is the batch's targets, usually a vector with one value per example.
 */
@FunctionalInterface
public interface Loss {

  /** The loss of {@code prediction} against {@code target}; must be a one-element tensor. */
  Tensor apply(Tensor prediction, Tensor target);

  /** This loss multiplied by a constant: {@code c · L}. */
  default Loss times(double c) {
    return (h, y) -> apply(h, y).mul(c);
  }

  /** The sum of this loss and another: {@code L + M}. */
  default Loss plus(Loss other) {
    return (h, y) -> apply(h, y).add(other.apply(h, y));
  }
}
