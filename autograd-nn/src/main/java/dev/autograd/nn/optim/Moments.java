package dev.autograd.nn.optim;

import dev.autograd.Tensor;

/** Adam's moment estimates and update, shared by {@link Adam} and {@link AdamW}. */
final class Moments {
  final double beta1;
  final double beta2;
  final double epsilon;
  private final Values[] m;
  private final Values[] v;

  Moments(String optimizer, Tensor[] parameters, double beta1, double beta2, double epsilon) {
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException(
          optimizer + ": needs 0 <= beta1, beta2 < 1 and a finite epsilon > 0; got beta1 " + beta1 + ", beta2 "
              + beta2 + ", epsilon " + epsilon);
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.m = Values.zerosLike(parameters);
    this.v = Values.zerosLike(parameters);
  }

  /** The bias-corrected Adam step number {@code t ≥ 1} on parameter {@code index}. */
  void step(int index, Values value, Values grad, double lr, long t) {
    double c1 = 1 - Math.pow(beta1, t);
    double c2 = 1 - Math.pow(beta2, t);
    Values mi = m[index];
    Values vi = v[index];
    for (int j = 0, n = value.length(); j < n; j++) {
      double g = grad.get(j);
      double mj = beta1 * mi.get(j) + (1 - beta1) * g;
      double vj = beta2 * vi.get(j) + (1 - beta2) * g * g;
      mi.set(j, mj);
      vi.set(j, vj);
      value.set(j, value.get(j) - lr * (mj / c1) / (Math.sqrt(vj / c2) + epsilon));
    }
  }

  /** The first moments of every parameter, then the second moments (live arrays, in their parameters' precision). */
  Values[] state() {
    Values[] out = new Values[2 * m.length];
    System.arraycopy(m, 0, out, 0, m.length);
    System.arraycopy(v, 0, out, m.length, v.length);
    return out;
  }
}
