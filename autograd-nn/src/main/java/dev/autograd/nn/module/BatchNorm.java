package dev.autograd.nn.module;

import dev.autograd.DType;
import dev.autograd.NN;
import dev.autograd.Tensor;
import java.util.List;

/**
 * What {@link BatchNorm1d} and {@link BatchNorm2d} share: the learnable scale and shift, the running
 * statistics, the mode, and the call of {@link NN#batchNorm}. The subclasses only say which input
 * ranks they accept.
 */
abstract class BatchNorm implements Module {
  private final String kind;
  private final String layout;
  private final int[] ranks;
  private Tensor weight;
  private Tensor bias;
  private Tensor runningMean;
  private Tensor runningVar;
  private final double eps;
  private final double momentum;
  private boolean training = true;

  BatchNorm(String kind, String layout, int[] ranks, int features, double eps, double momentum, boolean affine) {
    if (features < 1) {
      throw new IllegalArgumentException(kind + ": needs at least one feature (channel); got " + features);
    }
    if (!(eps > 0) || Double.isInfinite(eps)) {
      throw new IllegalArgumentException(kind + ": eps must be positive and finite; got " + eps);
    }
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException(kind + ": momentum must be in [0, 1]; got " + momentum);
    }
    this.kind = kind;
    this.layout = layout;
    this.ranks = ranks;
    this.eps = eps;
    this.momentum = momentum;
    this.weight = affine ? Tensor.ones(features).requiresGrad(true).label("weight") : null;
    this.bias = affine ? Tensor.zeros(features).requiresGrad(true).label("bias") : null;
    this.runningMean = Tensor.zeros(features).label("running_mean");
    this.runningVar = Tensor.ones(features).label("running_var");
  }

  /**
   * Number of features (channels) C.
   *
   * @return the number of features
   */
  public int features() {
    return runningMean.dim(0);
  }

  /**
   * The live scale {@code [C]} (starts at ones), or null without an affine part.
   *
   * @return the weight tensor or null
   */
  public Tensor weight() {
    return weight;
  }

  /**
   * The live shift {@code [C]} (starts at zeros), or null without an affine part.
   *
   * @return the bias tensor or null
   */
  public Tensor bias() {
    return bias;
  }

  /**
   * The live running means {@code [C]} (start at zeros), updated by every forward pass in training
   * mode.
   *
   * @return the running-mean tensor
   */
  public Tensor runningMean() {
    return runningMean;
  }

  /**
   * The live running (unbiased) variances {@code [C]} (start at ones), updated by every forward pass
   * in training mode.
   *
   * @return the running-variance tensor
   */
  public Tensor runningVar() {
    return runningVar;
  }

  /**
   * The value added to the variance.
   *
   * @return eps
   */
  public double eps() {
    return eps;
  }

  /**
   * The weight of a batch's statistics in the running ones.
   *
   * @return the momentum
   */
  public double momentum() {
    return momentum;
  }

  /**
   * In training mode, normalises with the batch's statistics and updates the running ones; in
   * evaluation mode, normalises with the running statistics. The input is first converted (recorded)
   * to the precision of the running statistics (that of the parameters).
   *
   * @param x the input, channels on axis 1
   * @return the normalised input, of its shape
   */
  @Override
  public Tensor forward(Tensor x) {
    Layers.rank(toString(), x, layout, ranks);
    if (x.dim(1) != features()) {
      throw new IllegalArgumentException(
          toString() + ": input of shape " + java.util.Arrays.toString(x.shape()) + " has " + x.dim(1)
              + " channels on axis 1; expected " + features());
    }
    Tensor in = x.to(runningMean.dtype());
    return weight == null
        ? NN.batchNorm(in, runningMean, runningVar, training, momentum, eps)
        : NN.batchNorm(in, runningMean, runningVar, weight, bias, training, momentum, eps);
  }

  /**
   * Converts the layer to {@code dtype} in place (see {@link Module#to(DType)}).
   *
   * @param dtype the precision of the parameters and of the running statistics
   * @return this layer
   */
  @Override
  public Module to(DType dtype) {
    weight = Layers.converted(weight, dtype);
    bias = Layers.converted(bias, dtype);
    runningMean = Layers.converted(runningMean, dtype);
    runningVar = Layers.converted(runningVar, dtype);
    return this;
  }

  /**
   * {@code "weight"} and {@code "bias"}, or nothing without an affine part.
   *
   * @return the named parameters
   */
  @Override
  public List<Parameter> parameters() {
    return weight == null ? List.of() : List.of(new Parameter("weight", weight), new Parameter("bias", bias));
  }

  /**
   * {@code "running_mean"} and {@code "running_var"}.
   *
   * @return the named buffers
   */
  @Override
  public List<Buffer> buffers() {
    return List.of(new Buffer("running_mean", runningMean), new Buffer("running_var", runningVar));
  }

  /**
   * Sets the mode: batch statistics (and updates of the running ones) in training, running statistics
   * in evaluation.
   *
   * @param on true for training mode, false for evaluation mode
   * @return this layer
   */
  @Override
  public Module train(boolean on) {
    training = on;
    return this;
  }

  @Override
  public boolean isTraining() {
    return training;
  }

  @Override
  public String toString() {
    return kind + "(" + features() + (weight == null ? ", no affine" : "") + ")";
  }
}
