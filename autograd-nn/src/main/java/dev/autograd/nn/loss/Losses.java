package dev.autograd.nn.loss;

import dev.autograd.NN;
import dev.autograd.Tensor;
import dev.autograd.ops.Precision;
import java.util.Arrays;

/**
 * The standard losses, each a tensor expression (no derivative is written here). Binary targets are
 * class labels 0 and 1; multi-class targets are integer labels {@code 0 … k−1} stored as doubles.
 * Unless a {@link Reduction} is given, the elementwise terms are averaged over all their elements
 * ({@link Reduction#MEAN}, PyTorch's default); for losses with one term per example that is the mean
 * over the batch. {@link Reduction#BATCH_MEAN} gives the loss per example of multi-output terms.
 *
 * <p>Where a prediction has the same number of elements as its target but another shape (a column
 * {@code [n, 1]} against labels {@code [n]}), it is reshaped to the target's shape; any other shape
 * difference is an error rather than a silent broadcast.
 */
public final class Losses {
  private Losses() {}

  // ---------------------------------------------------------------- binary

  /**
   * {@link #binaryCrossEntropy(Reduction)} with {@link Reduction#MEAN}.
   *
   * @return a loss of logits and targets in {@code [0, 1]}, averaged over the elements
   */
  public static Loss binaryCrossEntropy() {
    return binaryCrossEntropy(Reduction.MEAN);
  }

  /**
   * Binary cross-entropy from logits {@code z}: the negative log-likelihood of labels {@code y ∈
   * [0, 1]} under {@code p = σ(z)},
   * <pre>
   *   ℓ(z, y) = −[y log σ(z) + (1 − y) log(1 − σ(z))] = softplus(z) − y·z,
   * </pre>
   * using {@code log σ(z) = −softplus(−z)} and {@code log(1 − σ(z)) = −softplus(z)}. Written with
   * {@code softplus = log(1 + eᶻ)} evaluated without overflow, it is finite at logits of ±1000 where
   * {@code log(σ(z))} would be {@code log(0)}. The mean is {@link NN#binaryCrossEntropyWithLogits}.
   *
   * @param reduction how the elementwise terms become one scalar
   * @return a loss of logits and targets in {@code [0, 1]}, both of one shape (e.g. {@code [n]})
   */
  public static Loss binaryCrossEntropy(Reduction reduction) {
    checkReduction("binaryCrossEntropy", reduction);
    return (z, y) -> {
      Tensor h = aligned("binaryCrossEntropy", z, y);
      checkRange("binaryCrossEntropy", y, 0, 1, false, "probabilities or class labels 0 and 1");
      Tensor t = y.to(h.dtype());
      // the mean as one fused primitive (no intermediate arrays); other reductions from its terms
      return reduction == Reduction.MEAN ? NN.binaryCrossEntropyWithLogits(h, t)
          : reduction.reduce(h.softplus().sub(t.mul(h)));
    };
  }

  /**
   * {@link #hinge(double, Reduction)} with margin 0 (the perceptron criterion) and {@link Reduction#MEAN}.
   *
   * @return a loss of logits and labels 0 and 1, averaged over the elements
   */
  public static Loss hinge() {
    return hinge(0.0, Reduction.MEAN);
  }

  /**
   * {@link #hinge(double, Reduction)} with {@link Reduction#MEAN}.
   *
   * @param margin the margin, {@code 0} for the perceptron, {@code 1} for the SVM
   * @return a loss of logits and labels 0 and 1, averaged over the elements
   */
  public static Loss hinge(double margin) {
    return hinge(margin, Reduction.MEAN);
  }

  /**
   * Hinge loss on logits {@code z} for labels {@code y ∈ {0, 1}}, mapped to signs {@code s = 2y − 1}:
   * <pre>
   *   ℓ(z, y) = max(0, margin − s·z).
   * </pre>
   * With margin 0 this is the perceptron criterion: no loss for a correctly classified example, and
   * {@code −s·z} for a wrong one, so one SGD step with learning rate 1 is the perceptron's update
   * {@code w ← w + s·x}. (At {@code z = 0} the gradient is taken as 0, so start a perceptron from
   * random, not zero, weights.) With margin 1 it is the support-vector machine's hinge.
   *
   * @param margin the margin, {@code 0} for the perceptron, {@code 1} for the SVM
   * @param reduction how the elementwise terms become one scalar
   * @return a loss of logits and labels 0 and 1, both of one shape (e.g. {@code [n]})
   */
  public static Loss hinge(double margin, Reduction reduction) {
    checkReduction("hinge", reduction);
    return (z, y) -> {
      Tensor h = aligned("hinge", z, y);
      checkRange("hinge", y, 0, 1, true, "class labels 0 and 1");
      Tensor sign = y.to(h.dtype()).mul(2.0).sub(1.0);
      return reduction.reduce(sign.mul(h).rsub(margin).relu());
    };
  }

  // ---------------------------------------------------------------- regression

  /**
   * {@link #squaredError(Reduction)} with {@link Reduction#MEAN}.
   *
   * @return a loss of predictions and targets, averaged over the elements
   */
  public static Loss squaredError() {
    return squaredError(Reduction.MEAN);
  }

  /**
   * The lecture's squared error {@code ½·Σᵢ (yᵢ − hᵢ)²} (with {@link Reduction#SUM}). For
   * multi-output predictions {@code [n, k]}, {@link Reduction#MEAN} divides the sum by all {@code n·k}
   * elements (half of PyTorch's {@code MSELoss}), {@link Reduction#BATCH_MEAN} by the {@code n}
   * examples, adding the squares of an example's outputs.
   *
   * @param reduction how the squared differences become one scalar
   * @return a loss of predictions and targets of one shape ({@code [n]} or {@code [n, k]})
   */
  public static Loss squaredError(Reduction reduction) {
    checkReduction("squaredError", reduction);
    return (h, y) -> {
      Tensor p = aligned("squaredError", h, y);
      return reduction.reduce(y.to(p.dtype()).sub(p).square()).mul(0.5);
    };
  }

  // ---------------------------------------------------------------- multi-class

  /**
   * {@link #softmaxCrossEntropy(Reduction)} with {@link Reduction#MEAN}.
   *
   * @return a loss of logits {@code [n, k]} and labels {@code [n]}, averaged over the examples
   */
  public static Loss softmaxCrossEntropy() {
    return softmaxCrossEntropy(Reduction.MEAN);
  }

  /**
   * Softmax cross-entropy from logits {@code Z ∈ ℝ^{n×k}} and integer labels {@code y ∈ {0…k−1}ⁿ}:
   * the negative log-likelihood under {@code softmax(Zᵢ)},
   * <pre>
   *   ℓᵢ = −log softmax(Zᵢ)[yᵢ] = logΣⱼ exp(Zᵢⱼ) − Zᵢ,yᵢ,
   * </pre>
   * computed as {@code −logSoftmax(Z).pick(y)}, finite for any finite logits.
   *
   * @param reduction how the {@code n} terms become one scalar
   * @return a loss of logits {@code [n, k]} and labels {@code [n]}
   */
  public static Loss softmaxCrossEntropy(Reduction reduction) {
    checkReduction("softmaxCrossEntropy", reduction);
    return (z, y) -> {
      if (z.rank() != 2 || y.rank() != 1 || y.dim(0) != z.dim(0)) {
        throw new IllegalArgumentException(
            "softmaxCrossEntropy: expects logits [n, k] and labels [n]; got logits " + Arrays.toString(z.shape())
                + " and labels " + Arrays.toString(y.shape()));
      }
      int[] labels = labels("softmaxCrossEntropy", y, z.dim(1));
      return reduction.reduce(z.logSoftmax(1).pick(labels).neg());
    };
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Integer class labels from a target vector, checked to be whole numbers in {@code [0, classes)}.
   *
   * @param op the name of the caller, for the message
   * @param target the labels, any shape
   * @param classes the number of classes {@code k}
   * @return the labels in storage order, each in {@code [0, k)}
   * @throws IllegalArgumentException naming the first bad value and its index
   */
  public static int[] labels(String op, Tensor target, int classes) {
    double[] v = Precision.values(target);
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      double t = v[i];
      if (t != Math.rint(t) || t < 0 || t >= classes) {
        throw new IllegalArgumentException(
            op + ": labels must be whole numbers 0 to " + (classes - 1) + " (one per logit column); got " + t
                + " at index " + i);
      }
      out[i] = (int) t;
    }
    return out;
  }

  private static void checkReduction(String op, Reduction reduction) {
    if (reduction == null) {
      throw new IllegalArgumentException(op + ": reduction must not be null (SUM, MEAN or BATCH_MEAN)");
    }
  }

  private static Tensor aligned(String op, Tensor prediction, Tensor target) {
    if (Arrays.equals(prediction.shape(), target.shape())) {
      return prediction;
    }
    if (prediction.size() == target.size()) {
      return prediction.reshape(target.shape());
    }
    throw new IllegalArgumentException(
        op + ": prediction of shape " + Arrays.toString(prediction.shape()) + " does not match target of shape "
            + Arrays.toString(target.shape()) + " (expected one prediction per target)");
  }

  private static void checkRange(String op, Tensor target, double lo, double hi, boolean endpointsOnly, String what) {
    double[] v = Precision.values(target);
    for (int i = 0; i < v.length; i++) {
      double t = v[i];
      boolean ok = endpointsOnly ? (t == lo || t == hi) : (t >= lo && t <= hi);
      if (!ok) {
        throw new IllegalArgumentException(
            op + ": targets must be " + what + "; got " + t + " at index " + i);
      }
    }
  }
}
