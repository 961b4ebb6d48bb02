package dev.autograd.nn.optim;

import dev.autograd.nn.module.Module;
import dev.autograd.nn.module.Parameter;
import java.util.List;

/**
 * Adam (Kingma and Ba, 2015). At step {@code t = 1, 2, …}:
 * <pre>
 *   m ← β₁·m + (1 − β₁)·g          v ← β₂·v + (1 − β₂)·g²
 *   m̂ = m / (1 − β₁ᵗ)              v̂ = v / (1 − β₂ᵗ)
 *   θ ← θ − η·m̂ / (√v̂ + ε)
 * </pre>
 * with {@code m} and {@code v} starting at zero. Defaults: {@code β₁ = 0.9, β₂ = 0.999, ε = 1e-8}.
 */
public final class Adam extends Optimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double[][] m;
  private final double[][] v;

  /** Adam on the given parameters with the default β₁, β₂, ε. */
  public Adam(List<Parameter> parameters, double learningRate) {
    this(parameters, learningRate, 0.9, 0.999, 1e-8);
  }

  /** Adam on all of {@code model}'s parameters with the default β₁, β₂, ε. */
  public Adam(Module model, double learningRate) {
    this(model.parameters(), learningRate, 0.9, 0.999, 1e-8);
  }

  /**
   * @throws IllegalArgumentException unless {@code 0 ≤ β₁, β₂ < 1} and {@code ε > 0}
   */
  public Adam(List<Parameter> parameters, double learningRate, double beta1, double beta2, double epsilon) {
    super(parameters, learningRate);
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
      throw new IllegalArgumentException(
          "Adam: needs 0 <= beta1, beta2 < 1 and epsilon > 0; got beta1 " + beta1 + ", beta2 " + beta2
              + ", epsilon " + epsilon);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.m = new double[parameters.size()][];
    this.v = new double[parameters.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = new double[parameters.get(i).value().size()];
      v[i] = new double[m[i].length];
    }
  }

  @Override
  protected void update(int index, double[] value, double[] grad) {
    long t = steps();
    double c1 = 1 - Math.pow(beta1, t);
    double c2 = 1 - Math.pow(beta2, t);
    double lr = learningRate();
    double[] mi = m[index];
    double[] vi = v[index];
    for (int j = 0; j < value.length; j++) {
      double g = grad[j];
      mi[j] = beta1 * mi[j] + (1 - beta1) * g;
      vi[j] = beta2 * vi[j] + (1 - beta2) * g * g;
      value[j] -= lr * (mi[j] / c1) / (Math.sqrt(vi[j] / c2) + epsilon);
    }
  }
}
