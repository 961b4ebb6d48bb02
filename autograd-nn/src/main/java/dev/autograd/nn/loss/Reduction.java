package dev.autograd.nn.loss;

import dev.autograd.Tensor;

/** How a loss combines per-example terms {@code ℓᵢ} into one number. */
public enum Reduction {
  /** {@code Σᵢ ℓᵢ}: the formulas as written in the lecture. */
  SUM,
  /**
   * {@code (1/n) Σᵢ ℓᵢ} over the {@code n} examples of the batch, so that a learning rate means the
   * same for every batch size. Terms of a multi-output example count as one example.
   */
  MEAN;

  /**
   * Sums {@code terms} (any shape whose first axis runs over examples; a scalar is one example) and
   * divides by the number of examples for {@link #MEAN}.
   */
  public Tensor reduce(Tensor terms) {
    Tensor s = terms.sum();
    if (this == SUM || terms.rank() == 0) {
      return s;
    }
    return s.div(terms.dim(0));
  }
}
