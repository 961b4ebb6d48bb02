package dev.autograd.spark;

import dev.autograd.Tensor;
import java.io.Serializable;

/**
 * A model and its loss on a batch of rows, as one expression: the loss <em>summed</em> over the
 * rows of {@code batch}, a function of the parameter tensors. It runs on the executors, once per
 * batch of each partition, with our engine; only the function itself (a serializable lambda) and
 * the parameters' values travel there, never a graph.
 *
 * <pre>{@code
 * // logistic regression: columns 0..d-1 are features, column d the label
 * BatchLoss logistic = (p, batch) -> {
 *   Tensor z = batch.slice(1, 0, d).matmul(p[0]).add(p[1]);          // p[0]: [d, 1], p[1]: [1]
 *   return z.softplus().sub(z.mul(batch.slice(1, d, d + 1))).sum();
 * };
 * }</pre>
 *
 * <p>Summing (not averaging) makes the total over all batches and partitions the loss of the whole
 * data set; the fitters divide by the row count.
 */
@FunctionalInterface
public interface BatchLoss extends Serializable {
  /**
   * The loss summed over the rows of {@code batch}.
   *
   * @param parameters the parameter tensors, in the order and shapes given to the objective
   * @param batch the rows, {@code [n, width]}, {@code n ≥ 1}
   * @return a scalar
   */
  Tensor apply(Tensor[] parameters, Tensor batch);
}
