package dev.autograd.nn.optim;

import dev.autograd.nn.module.Module;
import dev.autograd.nn.module.Parameter;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, "Decoupled Weight Decay Regularization",
 * 2019), as PyTorch's {@code AdamW}. At step {@code t = 1, 2, …}, first the decay, then {@link Adam}'s
 * step on the unchanged gradient:
 * <pre>
 *   θ ← θ·(1 − η·λ)
 *   m ← β₁·m + (1 − β₁)·g          v ← β₂·v + (1 − β₂)·g²
 *   θ ← θ − η·m̂ / (√v̂ + ε)         (m̂, v̂ bias-corrected as in Adam)
 * </pre>
 * The decay does not pass through the moments (unlike L2 regularisation added to the loss, which
 * Adam would rescale per coordinate). The decay follows the learning rate, so a schedule shrinks both.
 * Defaults: {@code β₁ = 0.9, β₂ = 0.999, ε = 1e-8, λ = 0.01} (PyTorch's).
 *
 * <p>State for checkpoints: as {@link Adam}'s.
 */
public final class AdamW extends Optimizer {
  /** PyTorch's default weight decay for AdamW. */
  public static final double DEFAULT_WEIGHT_DECAY = 0.01;

  private final Moments moments;
  private final double weightDecay;

  /**
   * AdamW on all of {@code model}'s parameters with the default β₁, β₂, ε and λ = 0.01.
   *
   * @param model the model whose parameters are updated
   * @param learningRate the learning rate {@code η}, positive and finite
   */
  public AdamW(Module model, double learningRate) {
    this(model.parameters(), learningRate, DEFAULT_WEIGHT_DECAY);
  }

  /**
   * AdamW on all of {@code model}'s parameters with weight decay {@code λ} and the default β₁, β₂, ε.
   *
   * @param model the model whose parameters are updated
   * @param learningRate the learning rate {@code η}, positive and finite
   * @param weightDecay the decoupled decay {@code λ}, finite and {@code ≥ 0}; 0 for plain Adam
   */
  public AdamW(Module model, double learningRate, double weightDecay) {
    this(model.parameters(), learningRate, weightDecay);
  }

  /**
   * AdamW with weight decay {@code λ} and the default β₁, β₂, ε.
   *
   * @param parameters the parameters to update, at least one
   * @param learningRate the learning rate {@code η}, positive and finite
   * @param weightDecay the decoupled decay {@code λ}, finite and {@code ≥ 0}; 0 for plain Adam
   */
  public AdamW(List<Parameter> parameters, double learningRate, double weightDecay) {
    this(parameters, learningRate, 0.9, 0.999, 1e-8, weightDecay);
  }

  /**
   * AdamW with every hyperparameter given.
   *
   * @param parameters the parameters to update, at least one
   * @param learningRate the learning rate {@code η}, positive and finite
   * @param beta1 the first moment's decay {@code β₁}, in {@code [0, 1)}
   * @param beta2 the second moment's decay {@code β₂}, in {@code [0, 1)}
   * @param epsilon the term {@code ε > 0} added to {@code √v̂}
   * @param weightDecay the decoupled decay {@code λ}, finite and {@code ≥ 0}; 0 for plain Adam
   * @throws IllegalArgumentException unless {@code 0 ≤ β₁, β₂ < 1}, {@code ε > 0} and {@code λ ≥ 0},
   *     finite
   */
  public AdamW(List<Parameter> parameters, double learningRate, double beta1, double beta2, double epsilon,
      double weightDecay) {
    super(parameters, learningRate);
    this.moments = new Moments("AdamW", parameterTensors(), beta1, beta2, epsilon);
    this.weightDecay = WeightDecay.check("AdamW", weightDecay);
  }

  /**
   * The decoupled weight decay {@code λ}.
   *
   * @return {@code λ ≥ 0}
   */
  public double weightDecay() {
    return weightDecay;
  }

  @Override
  protected void update(int index, double[] value, double[] grad) {
    step(index, Values.of(value), Values.of(grad));
  }

  @Override
  protected void update(int index, float[] value, float[] grad) {
    step(index, Values.of(value), Values.of(grad));
  }

  private void step(int index, Values value, Values grad) {
    double lr = learningRate();
    double keep = 1 - lr * weightDecay;
    if (keep != 1) {
      for (int j = 0, n = value.length(); j < n; j++) {
        value.set(j, value.get(j) * keep);
      }
    }
    moments.step(index, value, grad, lr, steps());
  }

  @Override
  Values[] stateValues() {
    return moments.state();
  }
}
