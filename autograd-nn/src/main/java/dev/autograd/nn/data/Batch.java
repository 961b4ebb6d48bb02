package dev.autograd.nn.data;

import dev.autograd.Tensor;

/**
 * A minibatch: constant tensors of features {@code [b, d]} and targets {@code [b]}, and the row
 * indices in the data set they came from.
 */
public record Batch(Tensor features, Tensor targets, int[] indices) {

  /**
   * Number of examples in the batch.
   *
   * @return {@code b}, the length of {@link #indices()} (in a batch from {@link Dataset}, at least 1)
   */
  public int size() {
    return indices.length;
  }
}
