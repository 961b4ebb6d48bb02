package dev.autograd.nn.module;

import dev.autograd.DType;
import dev.autograd.GradMode;
import dev.autograd.ops.Precision;
import dev.autograd.Tensor;
import dev.autograd.nn.eval.Decision;
import java.util.Arrays;
import java.util.List;

/**
 * Logistic regression, binary or multinomial, as a module that outputs logits.
 *
 * <p><b>Binary.</b> For features {@code x ∈ ℝ^d} the logit is {@code h = x·w + b} and the model's
 * probability of class 1 is {@code σ(h)}. {@link #forward} returns {@code h} for every row of a batch
 * as a vector {@code [n]} (a scalar for a single example); train it with
 * {@link dev.autograd.nn.loss.Losses#binaryCrossEntropy()}, which is the negative log-likelihood
 * {@code −Σᵢ [yᵢ log σ(hᵢ) + (1 − yᵢ) log(1 − σ(hᵢ))]} written stably. The engine's gradient of that loss
 * with respect to {@code w} is the lecture's {@code Σᵢ (σ(hᵢ) − yᵢ)·xᵢ}. With the hinge loss the same
 * model is the perceptron.
 *
 * <p><b>Multinomial.</b> For {@code k} classes the logits are {@code h = x·W + b ∈ ℝ^k} and the class
 * probabilities {@code softmax(h)}; {@link #forward} returns {@code [n, k]}. Train it with
 * {@link dev.autograd.nn.loss.Losses#softmaxCrossEntropy()}.
 *
 * <p>Parameters are named {@code "weight"} ({@code [d, 1]} binary, {@code [d, k]} multinomial) and
 * {@code "bias"}.
 */
public final class LogisticRegression implements Module {
  private final Linear linear;
  private final boolean binary;

  private LogisticRegression(Linear linear, boolean binary) {
    this.linear = linear;
    this.binary = binary;
  }

  /**
   * Binary logistic regression on {@code features} inputs, starting from zero weights.
   *
   * @param features the number of input features {@code d ≥ 1}
   * @return a model with weight {@code [d, 1]} and bias {@code [1]}, all zero
   */
  public static LogisticRegression binary(int features) {
    return new LogisticRegression(new Linear(features, 1, Init.ZEROS, 0L), true);
  }

  /**
   * Binary logistic regression starting from small random (Xavier) weights drawn with {@code seed}.
   * The perceptron needs this: its loss {@code max(0, −y·h)} has zero gradient at zero weights.
   *
   * @param features the number of input features {@code d ≥ 1}
   * @param seed the seed of the initial weights
   * @return a model with weight {@code [d, 1]} and a zero bias {@code [1]}
   */
  public static LogisticRegression binary(int features, long seed) {
    return new LogisticRegression(new Linear(features, 1, Init.XAVIER, seed), true);
  }

  /**
   * Multinomial (softmax) logistic regression with {@code classes ≥ 2}, starting from zero weights.
   *
   * @param features the number of input features {@code d ≥ 1}
   * @param classes the number of classes {@code k ≥ 2}
   * @return a model with weight {@code [d, k]} and bias {@code [k]}, all zero
   */
  public static LogisticRegression multinomial(int features, int classes) {
    if (classes < 2) {
      throw new IllegalArgumentException(
          "LogisticRegression.multinomial: needs at least 2 classes; got " + classes);
    }
    return new LogisticRegression(new Linear(features, classes, Init.ZEROS, 0L), false);
  }

  /**
   * Logistic regression on an existing linear layer: binary when the layer has one output,
   * multinomial otherwise. The layer's tensors are used, not copied.
   *
   * @param linear the layer giving the logits, {@code d} inputs to 1 or {@code k} outputs
   * @return a model sharing the layer's parameters
   */
  public static LogisticRegression of(Linear linear) {
    return new LogisticRegression(linear, linear.outputs() == 1);
  }

  /**
   * True for the binary model (one logit per example).
   *
   * @return whether the model has one logit per example
   */
  public boolean isBinary() {
    return binary;
  }

  /**
   * Number of input features {@code d}.
   *
   * @return {@code d ≥ 1}
   */
  public int features() {
    return linear.inputs();
  }

  /**
   * Number of classes (2 for the binary model).
   *
   * @return {@code k ≥ 2}
   */
  public int classes() {
    return binary ? 2 : linear.outputs();
  }

  /**
   * The live weight matrix: {@code [d, 1]} (binary) or {@code [d, k]}.
   *
   * @return the tensor itself, not a copy
   */
  public Tensor weight() {
    return linear.weight();
  }

  /**
   * The live bias: {@code [1]} (binary) or {@code [k]}.
   *
   * @return the tensor itself, not a copy, or null for a layer without bias
   */
  public Tensor bias() {
    return linear.bias();
  }

  /** Logits: {@code [n]} (binary; a scalar for a single example) or {@code [n, k]}. */
  @Override
  public Tensor forward(Tensor x) {
    Tensor z = linear.forward(x);
    if (!binary) {
      return z;
    }
    return x.rank() == 2 ? z.reshape(x.dim(0)) : z.reshape();
  }

  /**
   * Probabilities: {@code σ(h)} of class 1 (binary) or {@code softmax(h)} per row. Differentiable.
   *
   * @param x the features {@code [n, d]} or {@code [d]}
   * @return {@code [n]} (binary; a scalar for a single example) or {@code [n, k]}, values in
   *     {@code [0, 1]}
   */
  public Tensor probabilities(Tensor x) {
    Tensor z = forward(x);
    return binary ? z.sigmoid() : z.softmax(-1);
  }

  /**
   * The most probable class of every row of {@code x ∈ ℝ^{n×d}}: {@code h > 0} (binary) or the arg-max
   * of the logits. Computed without recording a graph.
   *
   * @param x the features {@code [n, d]}
   * @return {@code n} labels in {@code [0, k)}
   */
  @SuppressWarnings("try") // the scope is used only for its effect
  public int[] classify(Tensor x) {
    if (x.rank() != 2) {
      throw new IllegalArgumentException(
          "LogisticRegression.classify: expects a batch [n, " + features() + "]; got " + Arrays.toString(x.shape()));
    }
    try (var off = GradMode.noGrad()) {
      Tensor z = forward(x);
      if (!binary) {
        return Decision.argmaxRows(z);
      }
      double[] h = Precision.values(z);
      int[] out = new int[h.length];
      for (int i = 0; i < h.length; i++) {
        out[i] = h[i] > 0 ? 1 : 0;
      }
      return out;
    }
  }

  /**
   * Converts the model to {@code dtype} in place (see {@link Module#to(DType)}).
   *
   * @param dtype the precision of the parameters
   * @return this model
   */
  @Override
  public LogisticRegression to(DType dtype) {
    linear.to(dtype);
    return this;
  }

  @Override
  public List<Parameter> parameters() {
    return linear.parameters();
  }

  @Override
  public String toString() {
    return binary
        ? "LogisticRegression(binary, " + features() + " features)"
        : "LogisticRegression(" + features() + " features, " + classes() + " classes)";
  }
}
