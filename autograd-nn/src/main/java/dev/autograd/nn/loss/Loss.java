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

  /**
   * The loss of {@code prediction} against {@code target}; must be a one-element tensor.
   *
   * @param prediction the model's output for a batch, e.g. logits {@code [n]} or {@code [n, k]}
   * @param target the batch's targets, e.g. {@code [n]}
   * @return a one-element tensor, differentiable with respect to the model's parameters
   */
  Tensor apply(Tensor prediction, Tensor target);

  /**
   * This loss multiplied by a constant: {@code c · L}.
   *
   * @param c the factor, e.g. a regularisation weight
   * @return a new loss
   */
  default Loss times(double c) {
    return (h, y) -> apply(h, y).mul(c);
  }

  /**
   * The sum of this loss and another: {@code L + M}.
   *
   * @param other the loss to add, given the same prediction and target
   * @return a new loss
   */
  default Loss plus(Loss other) {
    return (h, y) -> apply(h, y).add(other.apply(h, y));
  }
}
