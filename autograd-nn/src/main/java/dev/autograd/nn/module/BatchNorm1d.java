package dev.autograd.nn.module;

/**
 * Batch normalisation of rows {@code [N, C]} or sequences {@code [N, C, L]} per feature (PyTorch's
 * {@code nn.BatchNorm1d}), by {@link dev.autograd.NN#batchNorm}:
 * {@code y = (x − μ) / √(σ² + eps)·weight + bias}.
 *
 * <p>In training mode (the default) μ and σ² are the batch's mean and biased variance over
 * {@code N} (and {@code L}), and the running statistics are updated: {@code running = (1 −
 * momentum)·running + momentum·batch} (with the unbiased variance). In evaluation mode
 * ({@link #eval()}) μ and σ² are the running statistics, which stay unchanged. Parameters
 * {@code "weight"} (ones) and {@code "bias"} (zeros); buffers {@code "running_mean"} (zeros) and
 * {@code "running_var"} (ones), saved and loaded by the parameter files.
 */
public final class BatchNorm1d extends BatchNorm {

  /**
   * PyTorch's defaults: eps 1e-5, momentum 0.1, with weight and bias.
   *
   * @param features the number of features C
   */
  public BatchNorm1d(int features) {
    this(features, 1e-5, 0.1, true);
  }

  /**
   * A layer with every option.
   *
   * @param features the number of features C
   * @param eps added to the variance, positive
   * @param momentum the weight of a batch's statistics in the running ones, in [0, 1]
   * @param affine whether to learn a scale and shift per feature
   */
  public BatchNorm1d(int features, double eps, double momentum, boolean affine) {
    super("BatchNorm1d", "[N, C] or [N, C, L]", new int[] {2, 3}, features, eps, momentum, affine);
  }
}
