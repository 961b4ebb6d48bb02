package dev.autograd.nn.module;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds multi-layer perceptrons: alternating {@link Linear} layers and activations, as a
 * {@link Sequential}.
 *
 * <pre>{@code
 * // 2 inputs, hidden layers of 8 and 8 tanh units, 1 output logit
 * Sequential net = MLP.of(42L, Activation.TANH, 2, 8, 8, 1);
 *
 * // the same, spelled out, with a different activation per layer
 * Sequential net2 = MLP.builder(2).hidden(8, Activation.TANH).hidden(8, Activation.RELU).output(1).seed(42L).build();
 * }</pre>
 *
 * <p>The output layer has no activation unless one is given, so a classifier's outputs are logits
 * (what the losses in {@link dev.autograd.nn.loss.Losses} expect). Each layer's weight is drawn by
 * the {@link Init} suited to the activation that follows it (He for ReLU, Xavier otherwise) unless an
 * initialisation is set, from one generator seeded once, so the same seed gives the same network.
 */
public final class MLP {
  private MLP() {}

  /**
   * A network with layer sizes {@code sizes[0] → sizes[1] → … → sizes[k]}: {@code sizes[0]} inputs,
   * {@code activation} after every hidden layer, and {@code sizes[k]} linear outputs.
   *
   * @param seed the seed of every layer's initial weights
   * @param activation the activation after each hidden layer
   * @param sizes the layer widths, input first, output last; at least two, each {@code ≥ 1}
   * @return {@code sizes.length − 1} {@code Linear} layers with {@code activation} between them
   * @throws IllegalArgumentException with fewer than two sizes or a size below 1
   */
  public static Sequential of(long seed, Activation activation, int... sizes) {
    if (sizes == null || sizes.length < 2) {
      throw new IllegalArgumentException(
          "MLP: needs at least an input size and an output size; got " + Arrays.toString(sizes));
    }
    Builder b = builder(sizes[0]).seed(seed);
    for (int i = 1; i < sizes.length - 1; i++) {
      b.hidden(sizes[i], activation);
    }
    return b.output(sizes[sizes.length - 1]).build();
  }

  /**
   * A builder for a network with {@code inputs} input features.
   *
   * @param inputs the number of input features, {@code ≥ 1}
   * @return a builder without layers, seed 0, with biases
   */
  public static Builder builder(int inputs) {
    return new Builder(inputs);
  }

  /** Collects layer sizes and activations; {@link #build()} makes the network. */
  public static final class Builder {
    private final int inputs;
    private final List<Integer> sizes = new ArrayList<>();
    private final List<Activation> activations = new ArrayList<>();
    private boolean hasOutput;
    private Init init;
    private long seed;
    private boolean bias = true;

    private Builder(int inputs) {
      if (inputs < 1) {
        throw new IllegalArgumentException("MLP: needs at least one input; got " + inputs);
      }
      this.inputs = inputs;
    }

    /**
     * Adds a hidden layer of {@code units} followed by {@code activation}.
     *
     * @param units the layer's width, {@code ≥ 1}
     * @param activation the activation after the layer; {@link Activation#IDENTITY} for none
     * @return this builder
     */
    public Builder hidden(int units, Activation activation) {
      if (hasOutput) {
        throw new IllegalStateException("MLP: cannot add a hidden layer after the output layer");
      }
      add(units, activation);
      return this;
    }

    /**
     * Sets the output layer: {@code units} linear outputs (logits).
     *
     * @param units the number of outputs, {@code ≥ 1}
     * @return this builder
     */
    public Builder output(int units) {
      return output(units, Activation.IDENTITY);
    }

    /**
     * Sets the output layer: {@code units} outputs followed by {@code activation}.
     *
     * @param units the number of outputs, {@code ≥ 1}
     * @param activation the activation after the output layer
     * @return this builder
     */
    public Builder output(int units, Activation activation) {
      if (hasOutput) {
        throw new IllegalStateException("MLP: the output layer is already set");
      }
      add(units, activation);
      hasOutput = true;
      return this;
    }

    /**
     * Uses {@code init} for every layer instead of the per-activation default.
     *
     * @param init the initialisation of every weight, or null for the per-activation default
     * @return this builder
     */
    public Builder init(Init init) {
      this.init = init;
      return this;
    }

    /**
     * The seed of the weight initialisation (default 0).
     *
     * @param seed the seed of the one generator all weights are drawn from
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Whether layers add a bias (default true).
     *
     * @param bias true for a bias in every {@link Linear} layer, false for none
     * @return this builder
     */
    public Builder bias(boolean bias) {
      this.bias = bias;
      return this;
    }

    private void add(int units, Activation activation) {
      if (units < 1) {
        throw new IllegalArgumentException("MLP: a layer needs at least one unit; got " + units);
      }
      if (activation == null) {
        throw new IllegalArgumentException("MLP: activation is null (use Activation.IDENTITY for none)");
      }
      sizes.add(units);
      activations.add(activation);
    }

    /**
     * The network: {@code Linear, activation, Linear, activation, …, Linear[, output activation]}.
     *
     * @return a new network with fresh parameters
     * @throws IllegalStateException when no output layer was set
     */
    public Sequential build() {
      if (!hasOutput) {
        throw new IllegalStateException("MLP: set the output layer with output(units) before build()");
      }
      SplittableRandom rng = new SplittableRandom(seed);
      List<Module> layers = new ArrayList<>();
      int in = inputs;
      for (int i = 0; i < sizes.size(); i++) {
        int out = sizes.get(i);
        Activation a = activations.get(i);
        layers.add(new Linear(in, out, init != null ? init : a.suitedInit(), rng, bias));
        if (a != Activation.IDENTITY) {
          layers.add(a);
        }
        in = out;
      }
      return new Sequential(layers);
    }
  }
}
