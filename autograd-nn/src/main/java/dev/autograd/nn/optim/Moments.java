package dev.autograd.nn.optim;

import dev.autograd.nn.module.Parameter;
import java.util.List;

/** Adam's moment estimates and update, shared by {@link Adam} and {@link AdamW}. */
final class Moments {
  final double beta1;
  final double beta2;
  final double epsilon;
  private final double[][] m;
  private final double[][] v;

  Moments(String optimizer, List<Parameter> parameters, double beta1, double beta2, double epsilon) {
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException(
          optimizer + ": needs 0 <= beta1, beta2 < 1 and a finite epsilon > 0; got beta1 " + beta1 + ", beta2 "
              + beta2 + ", epsilon " + epsilon);
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

  /** The bias-corrected Adam step number {@code t ≥ 1} on parameter {@code index}. */
  void step(int index, double[] value, double[] grad, double lr, long t) {
    double c1 = 1 - Math.pow(beta1, t);
    double c2 = 1 - Math.pow(beta2, t);
    double[] mi = m[index];
    double[] vi = v[index];
    for (int j = 0; j < value.length; j++) {
      double g = grad[j];
      mi[j] = beta1 * mi[j] + (1 - beta1) * g;
      vi[j] = beta2 * vi[j] + (1 - beta2) * g * g;
      value[j] -= lr * (mi[j] / c1) / (Math.sqrt(vi[j] / c2) + epsilon);
    }
  }

  /** The first moments of every parameter, then the second moments (live arrays). */
  double[][] state() {
    double[][] out = new double[2 * m.length][];
    System.arraycopy(m, 0, out, 0, m.length);
    System.arraycopy(v, 0, out, m.length, v.length);
    return out;
  }
}
