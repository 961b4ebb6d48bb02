package dev.autograd.nn.optim;

import dev.autograd.nn.module.Module;
import dev.autograd.nn.module.Parameter;
import java.util.List;

/**
 * SGD with (heavy-ball) momentum: {@code v ← μ·v + g}, {@code θ ← θ − η·v}, with {@code v} starting
 * at zero. {@code μ = 0} is plain SGD.
 *
 * <p>With L2 weight decay {@code λ > 0} (PyTorch's {@code weight_decay} for SGD with momentum) the
 * gradient is first replaced by {@code g + λ·θ}, so the decay passes through the velocity.
 *
 * <p>State for checkpoints: the velocity of every parameter, in order.
 */
public final class Momentum extends Optimizer {
  private final double momentum;
  private final double weightDecay;
  private final Values[] velocity;

  /**
   * Momentum 0.9.
   *
   * @param parameters the parameters to update, at least one
   * @param learningRate the learning rate {@code η}, positive and finite
   */
  public Momentum(List<Parameter> parameters, double learningRate) {
    this(parameters, learningRate, 0.9);
  }

  /**
   * Momentum 0.9 on all of {@code model}'s parameters.
   *
   * @param model the model whose parameters are updated
   * @param learningRate the learning rate {@code η}, positive and finite
   */
  public Momentum(Module model, double learningRate) {
    this(model.parameters(), learningRate, 0.9);
  }

  /**
   * Momentum {@code μ} on all of {@code model}'s parameters.
   *
   * @param model the model whose parameters are updated
   * @param learningRate the learning rate {@code η}, positive and finite
   * @param momentum the coefficient {@code μ}, in {@code [0, 1)}
   */
  public Momentum(Module model, double learningRate, double momentum) {
    this(model.parameters(), learningRate, momentum);
  }

  /**
   * Momentum {@code μ} with L2 weight decay {@code λ} on all of {@code model}'s parameters.
   *
   * @param model the model whose parameters are updated
   * @param learningRate the learning rate {@code η}, positive and finite
   * @param momentum the coefficient {@code μ}, in {@code [0, 1)}
   * @param weightDecay the coefficient {@code λ}, finite and {@code ≥ 0}; 0 for none
   */
  public Momentum(Module model, double learningRate, double momentum, double weightDecay) {
    this(model.parameters(), learningRate, momentum, weightDecay);
  }

  /**
   * Momentum {@code μ}, without weight decay.
   *
   * @param parameters the parameters to update, at least one
   * @param learningRate the learning rate {@code η}, positive and finite
   * @param momentum the coefficient {@code μ}, in {@code [0, 1)}
   * @throws IllegalArgumentException unless {@code 0 ≤ momentum < 1}
   */
  public Momentum(List<Parameter> parameters, double learningRate, double momentum) {
    this(parameters, learningRate, momentum, 0.0);
  }

  /**
   * Momentum {@code μ} with L2 weight decay {@code λ}.
   *
   * @param parameters the parameters to update, at least one
   * @param learningRate the learning rate {@code η}, positive and finite
   * @param momentum the coefficient {@code μ}, in {@code [0, 1)}
   * @param weightDecay the coefficient {@code λ}, finite and {@code ≥ 0}; 0 for none
   * @throws IllegalArgumentException unless {@code 0 ≤ momentum < 1} and {@code weightDecay} is finite
   *     and {@code ≥ 0}
   */
  public Momentum(List<Parameter> parameters, double learningRate, double momentum, double weightDecay) {
    super(parameters, learningRate);
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("Momentum: momentum must be in [0, 1); got " + momentum);
    }
    this.momentum = momentum;
    this.weightDecay = WeightDecay.check("Momentum", weightDecay);
    this.velocity = Values.zerosLike(parameterTensors());
  }

  /**
   * The momentum coefficient {@code μ}.
   *
   * @return {@code μ ∈ [0, 1)}
   */
  public double momentum() {
    return momentum;
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
    Values v = velocity[index];
    for (int j = 0, n = value.length(); j < n; j++) {
      double w = value.get(j);
      double g = wd == 0 ? grad.get(j) : grad.get(j) + wd * w;
      double vj = momentum * v.get(j) + g;
      v.set(j, vj);
      value.set(j, w - lr * vj);
    }
  }

  @Override
  Values[] stateValues() {
    return velocity.clone();
  }
}
