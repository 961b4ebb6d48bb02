package dev.autograd.nn.module;

import dev.autograd.DType;
import dev.autograd.NN;
import dev.autograd.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Layer normalisation over the trailing axes (PyTorch's {@code nn.LayerNorm}) by
 * {@link NN#layerNorm(Tensor, int[], Tensor, Tensor, double)}: {@code y = (x − mean) / √(var + eps)·weight
 * + bias}, with the mean and biased variance over the last {@code normalizedShape.length} axes. The
 * same in training and evaluation. Parameters {@code "weight"} (ones) and {@code "bias"} (zeros), of
 * the normalised shape.
 */
public final class LayerNorm implements Module {
  private final int[] normalizedShape;
  private final double eps;
  private Tensor weight;
  private Tensor bias;

  /**
   * PyTorch's defaults: eps 1e-5, with weight and bias.
   *
   * @param normalizedShape the shape of the trailing axes normalised, such as {@code {features}}
   */
  public LayerNorm(int... normalizedShape) {
    this(normalizedShape, 1e-5, true);
  }

  /**
   * A layer with every option.
   *
   * @param normalizedShape the shape of the trailing axes normalised
   * @param eps added to the variance, positive
   * @param affine whether to learn an elementwise scale and shift
   */
  public LayerNorm(int[] normalizedShape, double eps, boolean affine) {
    if (normalizedShape == null || normalizedShape.length == 0
        || Arrays.stream(normalizedShape).anyMatch(d -> d < 1)) {
      throw new IllegalArgumentException(
          "LayerNorm: normalizedShape needs at least one dimension, each at least 1; got "
              + Arrays.toString(normalizedShape));
    }
    if (!(eps > 0) || Double.isInfinite(eps)) {
      throw new IllegalArgumentException("LayerNorm: eps must be positive and finite; got " + eps);
    }
    this.normalizedShape = normalizedShape.clone();
    this.eps = eps;
    this.weight = affine ? Tensor.ones(normalizedShape).requiresGrad(true).label("weight") : null;
    this.bias = affine ? Tensor.zeros(normalizedShape).requiresGrad(true).label("bias") : null;
  }

  /**
   * The shape of the normalised trailing axes.
   *
   * @return a copy of the shape
   */
  public int[] normalizedShape() {
    return normalizedShape.clone();
  }

  /**
   * The live scale (starts at ones), or null without an affine part.
   *
   * @return the weight tensor or null
   */
  public Tensor weight() {
    return weight;
  }

  /**
   * The live shift (starts at zeros), or null without an affine part.
   *
   * @return the bias tensor or null
   */
  public Tensor bias() {
    return bias;
  }

  /**
   * The input normalised over its trailing axes; with an affine part, the input is first converted
   * (recorded) to the parameters' precision.
   *
   * @param x the input, whose trailing dimensions are the normalised shape
   * @return the normalised input, of its shape
   */
  @Override
  public Tensor forward(Tensor x) {
    return weight == null
        ? NN.layerNorm(x, normalizedShape, eps)
        : NN.layerNorm(x.to(weight.dtype()), normalizedShape, weight, bias, eps);
  }

  /**
   * Converts the layer to {@code dtype} in place (see {@link Module#to(DType)}).
   *
   * @param dtype the precision of the parameters
   * @return this layer
   */
  @Override
  public LayerNorm to(DType dtype) {
    weight = Layers.converted(weight, dtype);
    bias = Layers.converted(bias, dtype);
    return this;
  }

  @Override
  public List<Parameter> parameters() {
    return weight == null ? List.of() : List.of(new Parameter("weight", weight), new Parameter("bias", bias));
  }

  @Override
  public String toString() {
    return "LayerNorm(" + Arrays.toString(normalizedShape) + (weight == null ? ", no affine" : "") + ")";
  }
}
