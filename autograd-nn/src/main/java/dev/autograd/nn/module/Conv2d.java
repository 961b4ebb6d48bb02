package dev.autograd.nn.module;

import dev.autograd.NN;
import dev.autograd.DType;
import dev.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A 2-D convolution layer (PyTorch's {@code nn.Conv2d}, groups = 1): {@code [N, C, H, W] → [N, O, H',
 * W']} by {@link NN#conv2d(Tensor, Tensor, Tensor, int[], int[], int[])}.
 *
 * <p>The weight is {@code [O, C, kh, kw]} (PyTorch's layout) and the bias {@code [O]}, named
 * {@code "weight"} and {@code "bias"}. Both start as PyTorch's do ({@code kaiming_uniform_} with
 * {@code a = √5}): uniform in {@code ±1/√fanIn} with {@code fanIn = C·kh·kw}, drawn from a seeded
 * generator, weight first. The input is converted to the weight's precision first.
 */
public final class Conv2d implements Module {
  private Tensor weight;
  private Tensor bias;
  private final int[] stride;
  private final int[] padding;
  private final int[] dilation;

  /**
   * A layer with a square kernel, stride 1, no padding, and a bias.
   *
   * @param in input channels C
   * @param out output channels O
   * @param kernel the kernel size for both axes
   * @param seed the seed of the initialisation
   */
  public Conv2d(int in, int out, int kernel, long seed) {
    this(in, out, kernel, 1, 0, seed);
  }

  /**
   * A layer with a square kernel and a bias.
   *
   * @param in input channels C
   * @param out output channels O
   * @param kernel the kernel size for both axes
   * @param stride the stride for both axes
   * @param padding the zero padding added on each side, for both axes
   * @param seed the seed of the initialisation
   */
  public Conv2d(int in, int out, int kernel, int stride, int padding, long seed) {
    this(in, out, new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {padding, padding},
        new int[] {1, 1}, true, new SplittableRandom(seed));
  }

  /**
   * A layer with every option.
   *
   * @param in input channels C
   * @param out output channels O
   * @param kernel {@code {kh, kw}}
   * @param stride {@code {sh, sw}}
   * @param padding {@code {ph, pw}}, zeros added on each side
   * @param dilation {@code {dh, dw}}
   * @param bias whether the layer adds a bias
   * @param rng the generator the initial weight (then bias) is drawn from
   */
  public Conv2d(int in, int out, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean bias,
      RandomGenerator rng) {
    if (in < 1 || out < 1) {
      throw new IllegalArgumentException(
          "Conv2d: needs at least one input and one output channel; got in = " + in + ", out = " + out);
    }
    int[] k = Layers.pair("Conv2d", "kernel", kernel, 1);
    this.stride = Layers.pair("Conv2d", "stride", stride, 1);
    this.padding = Layers.pair("Conv2d", "padding", padding, 0);
    this.dilation = Layers.pair("Conv2d", "dilation", dilation, 1);
    if (rng == null) {
      throw new IllegalArgumentException("Conv2d: rng is null");
    }
    int fanIn = in * k[0] * k[1];
    this.weight = Layers.uniformFanIn(rng, fanIn, "weight", out, in, k[0], k[1]);
    this.bias = bias ? Layers.uniformFanIn(rng, fanIn, "bias", out) : null;
  }

  /**
   * Input channels C.
   *
   * @return the number of input channels
   */
  public int inChannels() {
    return weight.dim(1);
  }

  /**
   * Output channels O.
   *
   * @return the number of output channels
   */
  public int outChannels() {
    return weight.dim(0);
  }

  /**
   * The live weight {@code [O, C, kh, kw]}.
   *
   * @return the weight tensor
   */
  public Tensor weight() {
    return weight;
  }

  /**
   * The live bias {@code [O]}, or null for a layer without bias.
   *
   * @return the bias tensor or null
   */
  public Tensor bias() {
    return bias;
  }

  /**
   * The convolution of a batch of images {@code [N, C, H, W]}, or of one image {@code [C, H, W]}
   * (giving {@code [O, H', W']}), converted (recorded) to the weight's precision.
   *
   * @param x the images
   * @return the feature maps
   */
  @Override
  public Tensor forward(Tensor x) {
    Layers.rank(toString(), x, "[N, " + inChannels() + ", H, W] or [" + inChannels() + ", H, W]", 3, 4);
    if (x.rank() == 3) {
      Tensor y = forward(x.reshape(1, x.dim(0), x.dim(1), x.dim(2)));
      return y.reshape(y.dim(1), y.dim(2), y.dim(3));
    }
    Tensor in = x.to(weight.dtype());
    return bias == null
        ? NN.conv2d(in, weight, stride, padding, dilation)
        : NN.conv2d(in, weight, bias, stride, padding, dilation);
  }

  /**
   * Converts the layer to {@code dtype} in place (see {@link Module#to(DType)}).
   *
   * @param dtype the precision of the parameters
   * @return this layer
   */
  @Override
  public Conv2d to(DType dtype) {
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
    StringBuilder b = new StringBuilder("Conv2d(").append(inChannels()).append(" -> ").append(outChannels())
        .append(", kernel ").append(Layers.show(new int[] {weight.dim(2), weight.dim(3)}));
    if (stride[0] != 1 || stride[1] != 1) {
      b.append(", stride ").append(Layers.show(stride));
    }
    if (padding[0] != 0 || padding[1] != 0) {
      b.append(", padding ").append(Layers.show(padding));
    }
    if (dilation[0] != 1 || dilation[1] != 1) {
      b.append(", dilation ").append(Layers.show(dilation));
    }
    return b.append(bias == null ? ", no bias)" : ")").toString();
  }
}
