package dev.autograd.nn.optim;

import dev.autograd.nn.module.Module;
import dev.autograd.nn.module.Parameter;
import java.util.List;

/**
 * Stochastic gradient descent: {@code θ ← θ − η·g}. With batches of one example this is the
 * lecture's per-example SGD; with larger batches, minibatch SGD.
 *
 * <p>With L2 weight decay {@code λ > 0} (PyTorch's {@code weight_decay} for SGD) the gradient is
 * first replaced by {@code g + λ·θ}, the gradient of the loss plus {@code (λ/2)·‖θ‖²}:
 * {@code θ ← θ − η·(g + λ·θ)}. The decay applies to every parameter given, biases included.
 */
public final class SGD extends Optimizer {
  private final double weightDecay;

  /**
   * SGD on the given parameters with learning rate {@code η}.
   *
   * @param parameters the parameters to update, at least one
   * @param learningRate the learning rate {@code η}, positive and finite
   */
  public SGD(List<Parameter> parameters, double learningRate) {
    this(parameters, learningRate, 0.0);
  }

  /**
   * SGD on all of {@code model}'s parameters with learning rate {@code η}.
   *
   * @param model the model whose parameters are updated
   * @param learningRate the learning rate {@code η}, positive and finite
   */
  public SGD(Module model, double learningRate) {
    this(model.parameters(), learningRate, 0.0);
  }

  /**
   * SGD with L2 weight decay {@code λ} on all of {@code model}'s parameters.
   *
   * @param model the model whose parameters are updated
   * @param learningRate the learning rate {@code η}, positive and finite
   * @param weightDecay the coefficient {@code λ}, finite and {@code ≥ 0}; 0 for none
   */
  public SGD(Module model, double learningRate, double weightDecay) {
    this(model.parameters(), learningRate, weightDecay);
  }

  /**
   * SGD with L2 weight decay {@code λ}.
   *
   * @param parameters the parameters to update, at least one
   * @param learningRate the learning rate {@code η}, positive and finite
   * @param weightDecay the coefficient {@code λ}, finite and {@code ≥ 0}; 0 for none
   * @throws IllegalArgumentException unless {@code weightDecay} is finite and {@code ≥ 0}
   */
  public SGD(List<Parameter> parameters, double learningRate, double weightDecay) {
    super(parameters, learningRate);
    this.weightDecay = WeightDecay.check(getClass().getSimpleName(), weightDecay);
  }

  /**
   * The L2 weight decay {@code λ} (0 for none).
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
    double wd = weightDecay;
    for (int j = 0, n = value.length(); j < n; j++) {
      double w = value.get(j);
      double g = wd == 0 ? grad.get(j) : grad.get(j) + wd * w;
      value.set(j, w - lr * g);
    }
  }
}
