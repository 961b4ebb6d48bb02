package dev.autograd.nn.module;

import dev.autograd.NN;
import dev.autograd.Tensor;

/**
 * 2-D average pooling (PyTorch's {@code nn.AvgPool2d}, with {@code count_include_pad=True}) by {@link NN#avgPool2d(Tensor, int[], int[], int[])};
 * no parameters.
 */
public final class AvgPool2d implements Module {
  private final int[] kernel;
  private final int[] stride;
  private final int[] padding;

  /**
   * Pooling over {@code kernel × kernel} windows with stride equal to the kernel (PyTorch's default),
   * no padding.
   *
   * @param kernel the window size for both axes
   */
  public AvgPool2d(int kernel) {
    this(kernel, kernel, 0);
  }

  /**
   * Pooling with one value for both axes of each argument.
   *
   * @param kernel the window size
   * @param stride the stride
   * @param padding the padding on each side (zeros, included in the count), at most half the kernel
   */
  public AvgPool2d(int kernel, int stride, int padding) {
    this(new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {padding, padding});
  }

  /**
   * Pooling with every option.
   *
   * @param kernel {@code {kh, kw}}
   * @param stride {@code {sh, sw}}
   * @param padding {@code {ph, pw}}, at most half the kernel
   */
  public AvgPool2d(int[] kernel, int[] stride, int[] padding) {
    this.kernel = Layers.pair("AvgPool2d", "kernel", kernel, 1);
    this.stride = Layers.pair("AvgPool2d", "stride", stride, 1);
    this.padding = Layers.pair("AvgPool2d", "padding", padding, 0);
  }

  /**
   * The means of the windows of a batch {@code [N, C, H, W]}.
   *
   * @param x the images
   * @return {@code [N, C, H', W']}
   */
  @Override
  public Tensor forward(Tensor x) {
    return NN.avgPool2d(x, kernel, stride, padding);
  }

  @Override
  public String toString() {
    return "AvgPool2d(" + Layers.show(kernel)
        + (stride[0] == kernel[0] && stride[1] == kernel[1] ? "" : ", stride " + Layers.show(stride))
        + (padding[0] == 0 && padding[1] == 0 ? "" : ", padding " + Layers.show(padding)) + ")";
  }
}
