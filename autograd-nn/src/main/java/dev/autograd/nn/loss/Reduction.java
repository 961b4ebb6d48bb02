package dev.autograd.nn.loss;

import dev.autograd.Tensor;

/**
 * How a loss combines its elementwise terms {@code ℓ} into one number. The terms have any shape whose
 * first axis runs over the examples of the batch ({@code n} rows); a scalar counts as one element and
 * one example.
 *
 * <ul>
 *   <li>{@link #SUM}: {@code Σ ℓ}.
 *   <li>{@link #MEAN}: {@code Σ ℓ / N} with {@code N} the number of elements, PyTorch's {@code
 *       reduction="mean"}: a {@code [2, 3]} block of terms is divided by 6.
 *   <li>{@link #BATCH_MEAN}: {@code Σ ℓ / n} with {@code n} the number of rows (examples), PyTorch's
 *       {@code "batchmean"}: the loss per example, where the terms of one example's outputs are added.
 * </ul>
 *
 * For one term per example (binary losses on labels {@code [n]}, softmax cross-entropy) {@code MEAN}
 * and {@code BATCH_MEAN} agree; they differ by the factor {@code N / n} on multi-output terms.
 */
public enum Reduction {
  /** {@code Σ ℓ}: the formulas as written in the lecture. */
  SUM,
  /**
   * {@code (1/N) Σ ℓ} over all {@code N} elements of the terms, as PyTorch's {@code "mean"}, so that a
   * learning rate means the same for every batch size and every number of outputs.
   */
  MEAN,
  /**
   * {@code (1/n) Σ ℓ} over the {@code n} rows (examples) of the terms, as PyTorch's {@code
   * "batchmean"}: the terms of a multi-output example add up to that example's loss.
   */
  BATCH_MEAN;

  /**
   * Sums {@code terms} and divides by the number of elements ({@link #MEAN}) or of rows ({@link
   * #BATCH_MEAN}).
   *
   * @param terms the elementwise terms, first axis over the examples
   * @return a scalar tensor, differentiable where {@code terms} is
   * @throws IllegalArgumentException when {@code terms} is null
   */
  public Tensor reduce(Tensor terms) {
    if (terms == null) {
      throw new IllegalArgumentException("Reduction." + name() + ".reduce: terms must not be null");
    }
    Tensor s = terms.sum();
    switch (this) {
      case SUM:
        return s;
      case MEAN:
        return s.div(terms.size());
      default:
        return terms.rank() == 0 ? s : s.div(terms.dim(0));
    }
  }
}
