package dev.autograd.nn.module;

/**
 * Batch normalisation of images {@code [N, C, H, W]} per channel (PyTorch's {@code nn.BatchNorm2d}),
 * by {@link dev.autograd.NN#batchNorm}: {@code y = (x − μ) / √(σ² + eps)·weight + bias}.
 *
 * <p>In training mode (the default) μ and σ² are the batch's mean and biased variance over
 * {@code N, H, W}, and the running statistics are updated: {@code running = (1 − momentum)·running +
 * momentum·batch} (with the unbiased variance). In evaluation mode ({@link #eval()}) μ and σ² are
 * the running statistics, which stay unchanged. Parameters {@code "weight"} (ones) and
 * {@code "bias"} (zeros); buffers {@code "running_mean"} (zeros) and {@code "running_var"} (ones),
 * saved and loaded by the parameter files. PyTorch's {@code num_batches_tracked} is not kept (it only
 * matters for {@code momentum=None}).
 */
public final class BatchNorm2d extends BatchNorm {

  /**
   * PyTorch's defaults: eps 1e-5, momentum 0.1, with weight and bias.
   *
   * @param channels the number of channels C
   */
  public BatchNorm2d(int channels) {
    this(channels, 1e-5, 0.1, true);
  }

  /**
   * A layer with every option.
   *
   * @param channels the number of channels C
   * @param eps added to the variance, positive
   * @param momentum the weight of a batch's statistics in the running ones, in [0, 1]
   * @param affine whether to learn a scale and shift per channel
   */
  public BatchNorm2d(int channels, double eps, double momentum, boolean affine) {
    super("BatchNorm2d", "[N, C, H, W]", new int[] {4}, channels, eps, momentum, affine);
  }
}
