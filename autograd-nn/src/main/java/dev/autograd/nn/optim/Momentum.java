package dev.autograd.nn.optim;

import dev.autograd.nn.module.Module;
import dev.autograd.nn.module.Parameter;
import java.util.List;

/**
 * SGD with (heavy-ball) momentum: {@code v ← μ·v + g}, {@code θ ← θ − η·v}, with {@code v} starting
 * at zero. {@code μ = 0} is plain SGD.
 */
public final class Momentum extends Optimizer {
  private final double momentum;
  private final double[][] velocity;

  /** Momentum 0.9. */
  public Momentum(List<Parameter> parameters, double learningRate) {
    this(parameters, learningRate, 0.9);
  }

  /** Momentum 0.9 on all of {@code model}'s parameters. */
  public Momentum(Module model, double learningRate) {
    this(model.parameters(), learningRate, 0.9);
  }

  /** Momentum {@code μ} on all of {@code model}'s parameters. */
  public Momentum(Module model, double learningRate, double momentum) {
    this(model.parameters(), learningRate, momentum);
  }

  /**
   * @throws IllegalArgumentException unless {@code 0 ≤ momentum < 1}
   */
  public Momentum(List<Parameter> parameters, double learningRate, double momentum) {
    super(parameters, learningRate);
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("Momentum: momentum must be in [0, 1); got " + momentum);
    }
    this.momentum = momentum;
    this.velocity = new double[parameters.size()][];
    for (int i = 0; i < velocity.length; i++) {
      velocity[i] = new double[parameters.get(i).value().size()];
    }
  }

  /** The momentum coefficient {@code μ}. */
  public double momentum() {
    return momentum;
  }

  @Override
  protected void update(int index, double[] value, double[] grad) {
    double lr = learningRate();
    double[] v = velocity[index];
    for (int j = 0; j < value.length; j++) {
      v[j] = momentum * v[j] + grad[j];
      value[j] -= lr * v[j];
    }
  }
}
