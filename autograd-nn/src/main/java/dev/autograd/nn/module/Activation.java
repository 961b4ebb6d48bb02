package dev.autograd.nn.module;

import dev.autograd.Tensor;

/** Elementwise activation functions as parameter-free modules. */
public enum Activation implements Module {
  /** {@code σ(x) = 1 / (1 + e⁻ˣ)}. */
  SIGMOID {
    @Override
    public Tensor forward(Tensor x) {
      return x.sigmoid();
    }
  },
  /** {@code tanh(x)}. */
  TANH {
    @Override
    public Tensor forward(Tensor x) {
      return x.tanh();
    }
  },
  /** {@code max(x, 0)}. */
  RELU {
    @Override
    public Tensor forward(Tensor x) {
      return x.relu();
    }
  },
  /** {@code x} unchanged (a linear output). */
  IDENTITY {
    @Override
    public Tensor forward(Tensor x) {
      return x;
    }
  };

  /**
   * The initialisation suited to a layer followed by this activation: He for ReLU, Xavier otherwise.
   *
   * @return {@link Init#HE} for {@link #RELU}, {@link Init#XAVIER} otherwise
   */
  public Init suitedInit() {
    return this == RELU ? Init.HE : Init.XAVIER;
  }
}
