package dev.autograd.nn.eval;

import dev.autograd.Args;
import dev.autograd.Tensor;
import dev.autograd.ops.Precision;
import java.util.Arrays;

/**
 * How a classifier's outputs become class labels. A batch's outputs are either one number per
 * example ({@code [n]} or {@code [n, 1]}: a binary classifier) or one column per class
 * ({@code [n, k]}, {@code k ≥ 2}: the arg-max wins, ties to the lowest class).
 */
public enum Decision {
  /** Outputs are logits: class 1 when {@code z > 0} (the same as {@code σ(z) > ½}). */
  LOGITS(0.0),
  /** Outputs are probabilities (such as a sigmoid output layer): class 1 when {@code p > ½}. */
  PROBABILITIES(0.5);

  private final double threshold;

  Decision(double threshold) {
    this.threshold = threshold;
  }

  /**
   * The label of every example.
   *
   * @param output a batch of outputs: {@code [n]}, {@code [n, 1]} or {@code [n, k]}
   * @return {@code n} labels: 0 or 1 for a binary output, else in {@code [0, k)}
   * @throws IllegalArgumentException for outputs that are not {@code [n]}, {@code [n, 1]} or {@code [n, k]}
   */
  public int[] labels(Tensor output) {
    double[] v = Precision.values(output);
    if (output.rank() == 1 || (output.rank() == 2 && output.dim(1) == 1)) {
      int[] out = new int[v.length];
      for (int i = 0; i < v.length; i++) {
        out[i] = v[i] > threshold ? 1 : 0;
      }
      return out;
    }
    if (output.rank() == 2) {
      return argmaxRows(output);
    }
    throw new IllegalArgumentException(
        "decision: expects outputs [n], [n, 1] or [n, classes]; got " + Arrays.toString(output.shape()));
  }

  /**
   * The column of the largest value in each row of a matrix (ties: the first), as a plain array;
   * for {@code [n, k]} class scores, each example's predicted class.
   *
   * @param scores a matrix {@code [n, k]}
   * @return {@code n} column indices in {@code [0, k)}
   * @throws IllegalArgumentException when {@code scores} is null or not a matrix
   */
  public static int[] argmaxRows(Tensor scores) {
    Args.notNull(scores, "argmaxRows", "scores");
    if (scores.rank() != 2) {
      throw new IllegalArgumentException(
          "argmaxRows: needs a matrix; got shape " + Arrays.toString(scores.shape()));
    }
    double[] v = Precision.values(scores);
    int n = scores.dim(0);
    int k = scores.dim(1);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int j = 1; j < k; j++) {
        if (v[i * k + j] > v[i * k + best]) {
          best = j;
        }
      }
      out[i] = best;
    }
    return out;
  }
}
