package dev.autograd.nn.module;

import dev.autograd.NN;
import dev.autograd.DType;
import dev.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A 1-D convolution layer (PyTorch's {@code nn.Conv1d}, groups = 1): {@code [N, C, L] → [N, O, L']}
 * by {@link NN#conv1d(Tensor, Tensor, Tensor, int, int, int)}.
 *
 * <p>The weight is {@code [O, C, k]} (PyTorch's layout) and the bias {@code [O]}, named
 * {@code "weight"} and {@code "bias"}, both uniform in {@code ±1/√fanIn} with {@code fanIn = C·k}
 * (PyTorch's default), drawn from a seeded generator, weight first. The input is converted to the
 * weight's precision first.
 */
public final class Conv1d implements Module {
  private Tensor weight;
  private Tensor bias;
  private final int stride;
  private final int padding;
  private final int dilation;

  /**
   * A layer with stride 1, no padding, and a bias.
   *
   * @param in input channels C
   * @param out output channels O
   * @param kernel the kernel size k
   * @param seed the seed of the initialisation
   */
  public Conv1d(int in, int out, int kernel, long seed) {
    this(in, out, kernel, 1, 0, 1, true, new SplittableRandom(seed));
  }

  /**
   * A layer with every option.
   *
   * @param in input channels C
   * @param out output channels O
   * @param kernel the kernel size k
   * @param stride the stride
   * @param padding the zeros added on each side
   * @param dilation the spacing of the kernel's taps
   * @param bias whether the layer adds a bias
   * @param rng the generator the initial weight (then bias) is drawn from
   */
  public Conv1d(int in, int out, int kernel, int stride, int padding, int dilation, boolean bias,
      RandomGenerator rng) {
    if (in < 1 || out < 1) {
      throw new IllegalArgumentException(
          "Conv1d: needs at least one input and one output channel; got in = " + in + ", out = " + out);
    }
    Layers.atLeast("Conv1d", "kernel", kernel, 1);
    this.stride = Layers.atLeast("Conv1d", "stride", stride, 1);
    this.padding = Layers.atLeast("Conv1d", "padding", padding, 0);
    this.dilation = Layers.atLeast("Conv1d", "dilation", dilation, 1);
    if (rng == null) {
      throw new IllegalArgumentException("Conv1d: rng is null");
    }
    int fanIn = in * kernel;
    this.weight = Layers.uniformFanIn(rng, fanIn, "weight", out, in, kernel);
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
   * The live weight {@code [O, C, k]}.
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
   * The convolution of a batch of sequences {@code [N, C, L]}, or of one sequence {@code [C, L]}
   * (giving {@code [O, L']}), converted (recorded) to the weight's precision.
   *
   * @param x the sequences
   * @return the feature sequences
   */
  @Override
  public Tensor forward(Tensor x) {
    Layers.rank(toString(), x, "[N, " + inChannels() + ", L] or [" + inChannels() + ", L]", 2, 3);
    if (x.rank() == 2) {
      Tensor y = forward(x.reshape(1, x.dim(0), x.dim(1)));
      return y.reshape(y.dim(1), y.dim(2));
    }
    Tensor in = x.to(weight.dtype());
    return bias == null
        ? NN.conv1d(in, weight, stride, padding, dilation)
        : NN.conv1d(in, weight, bias, stride, padding, dilation);
  }

  /**
   * Converts the layer to {@code dtype} in place (see {@link Module#to(DType)}).
   *
   * @param dtype the precision of the parameters
   * @return this layer
   */
  @Override
  public Conv1d to(DType dtype) {
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
    StringBuilder b = new StringBuilder("Conv1d(").append(inChannels()).append(" -> ").append(outChannels())
        .append(", kernel ").append(weight.dim(2));
    if (stride != 1) {
      b.append(", stride ").append(stride);
    }
    if (padding != 0) {
      b.append(", padding ").append(padding);
    }
    if (dilation != 1) {
      b.append(", dilation ").append(dilation);
    }
    return b.append(bias == null ? ", no bias)" : ")").toString();
  }
}
