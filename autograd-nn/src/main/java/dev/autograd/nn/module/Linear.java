package dev.autograd.nn.module;

import dev.autograd.DType;
import dev.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * An affine layer {@code y = x·W + b} with {@code W ∈ ℝ^{in×out}} and {@code b ∈ ℝ^{out}}.
 *
 * <p>A batch {@code x ∈ ℝ^{n×in}} goes through one matrix product and gives {@code y ∈ ℝ^{n×out}};
 * a single example {@code x ∈ ℝ^{in}} gives {@code y ∈ ℝ^{out}}. The weight is initialised by an
 * {@link Init} scheme from a seeded generator, the bias with zeros. Parameters are named
 * {@code "weight"} and {@code "bias"}.
 *
 * <p>The input is converted to the weight's precision first ({@link #to(DType)}), so a float32 layer
 * computes in float32 on a float64 batch.
 */
public final class Linear implements Module {
  private Tensor weight;
  private Tensor bias;

  /**
   * A layer with Xavier initialisation and a bias, seeded.
   *
   * @param in the number of input features, {@code ≥ 1}
   * @param out the number of outputs, {@code ≥ 1}
   * @param seed the seed of the weight's initial values
   */
  public Linear(int in, int out, long seed) {
    this(in, out, Init.XAVIER, new SplittableRandom(seed), true);
  }

  /**
   * A layer with the given initialisation and a bias, seeded.
   *
   * @param in the number of input features, {@code ≥ 1}
   * @param out the number of outputs, {@code ≥ 1}
   * @param init how the weight {@code [in, out]} is drawn
   * @param seed the seed of the weight's initial values
   */
  public Linear(int in, int out, Init init, long seed) {
    this(in, out, init, new SplittableRandom(seed), true);
  }

  /**
   * A layer whose weight is drawn from {@code rng} by {@code init}; without a bias when {@code bias}
   * is false ({@code y = x·W}).
   *
   * @param in the number of input features, {@code ≥ 1}
   * @param out the number of outputs, {@code ≥ 1}
   * @param init how the weight {@code [in, out]} is drawn
   * @param rng the source of the weight's initial values
   * @param bias true for a bias {@code [out]} (initially zero), false for none
   */
  public Linear(int in, int out, Init init, RandomGenerator rng, boolean bias) {
    if (in < 1 || out < 1) {
      throw new IllegalArgumentException(
          "Linear: needs at least one input and one output; got in = " + in + ", out = " + out);
    }
    this.weight = init.weight(rng, in, out).requiresGrad(true).label("weight");
    this.bias = bias ? Tensor.zeros(out).requiresGrad(true).label("bias") : null;
  }

  private Linear(Tensor weight, Tensor bias) {
    this.weight = weight;
    this.bias = bias;
  }

  /**
   * A layer with given values: {@code weight} has one row per input and one column per output, and
   * {@code bias} (null for none) one value per output. The arrays are copied.
   *
   * @param weight {@code in} rows of {@code out} values each
   * @param bias {@code out} values, or null for no bias
   * @return a layer whose parameters are copies of the values
   */
  public static Linear of(double[][] weight, double[] bias) {
    Tensor w = Tensor.matrix(weight).requiresGrad(true).label("weight");
    Tensor b = null;
    if (bias != null) {
      if (bias.length != w.dim(1)) {
        throw new IllegalArgumentException(
            "Linear.of: the bias needs one value per output (" + w.dim(1) + "); got " + bias.length);
      }
      b = Tensor.vector(bias).requiresGrad(true).label("bias");
    }
    return new Linear(w, b);
  }

  /**
   * A layer that uses the given tensors themselves (not copies) as its weight {@code [in, out]} and
   * bias {@code [out]} (null for none). For hand-set or shared weights, and for checking a layer's
   * gradient with respect to tensors the caller owns. {@link #parameters()} requires them to be
   * leaves that require a gradient; {@link #forward} works with any tensors.
   *
   * @param weight the weight {@code [in, out]}, used as is
   * @param bias the bias {@code [out]}, used as is, or null for no bias
   * @return a layer sharing the given tensors
   */
  public static Linear of(Tensor weight, Tensor bias) {
    if (weight == null || weight.rank() != 2) {
      throw new IllegalArgumentException(
          "Linear.of: the weight must be a matrix [in, out]; got " + (weight == null ? "null" : Arrays.toString(weight.shape())));
    }
    if (bias != null && (bias.rank() != 1 || bias.dim(0) != weight.dim(1))) {
      throw new IllegalArgumentException(
          "Linear.of: the bias must be a vector [" + weight.dim(1) + "] for weight " + Arrays.toString(weight.shape())
              + "; got " + Arrays.toString(bias.shape()));
    }
    return new Linear(weight, bias);
  }

  /**
   * Number of input features.
   *
   * @return {@code in ≥ 1}, the last dimension {@link #forward} expects
   */
  public int inputs() {
    return weight.dim(0);
  }

  /**
   * Number of outputs.
   *
   * @return {@code out ≥ 1}, the last dimension of {@link #forward}'s result
   */
  public int outputs() {
    return weight.dim(1);
  }

  /**
   * The live weight matrix {@code [in, out]}.
   *
   * @return the tensor {@code W} itself, not a copy
   */
  public Tensor weight() {
    return weight;
  }

  /**
   * The live bias vector {@code [out]}, or null for a layer without bias.
   *
   * @return the tensor {@code b} itself, not a copy, or null
   */
  public Tensor bias() {
    return bias;
  }

  /**
   * True when the layer adds a bias.
   *
   * @return whether {@link #bias()} is not null
   */
  public boolean hasBias() {
    return bias != null;
  }

  /**
   * {@code x·W + b}, with {@code x} converted (recorded) to the weight's precision.
   *
   * @throws IllegalArgumentException when {@code x} is not {@code [n, in]} or {@code [in]}
   */
  @Override
  public Tensor forward(Tensor x) {
    if ((x.rank() != 1 && x.rank() != 2) || x.dim(-1) != inputs()) {
      throw new IllegalArgumentException(
          "Linear(" + inputs() + " -> " + outputs() + "): expects input of shape [n, " + inputs() + "] or ["
              + inputs() + "]; got " + Arrays.toString(x.shape()));
    }
    Tensor in = x.to(weight.dtype());
    if (bias == null) {
      return in.matmul(weight);
    }
    return in.matmulAdd(weight, bias);   // x·W + b as one fused op
  }

  /**
   * Converts the layer to {@code dtype} in place (see {@link Module#to(DType)}).
   *
   * @param dtype the precision of the parameters
   * @return this layer
   */
  @Override
  public Linear to(DType dtype) {
    weight = Layers.converted(weight, dtype);
    bias = Layers.converted(bias, dtype);
    return this;
  }

  @Override
  public List<Parameter> parameters() {
    List<Parameter> ps = new ArrayList<>(2);
    ps.add(new Parameter("weight", weight));
    if (bias != null) {
      ps.add(new Parameter("bias", bias));
    }
    return List.copyOf(ps);
  }

  @Override
  public String toString() {
    return "Linear(" + inputs() + " -> " + outputs() + (bias == null ? ", no bias)" : ")");
  }
}
