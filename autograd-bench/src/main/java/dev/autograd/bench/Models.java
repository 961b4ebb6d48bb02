package dev.autograd.bench;

import dev.autograd.GradMode;
import dev.autograd.Tensor;
import dev.autograd.internal.Gemm;
import java.util.SplittableRandom;

/**
 * The benchmarked workloads, each twice: as a graph expression differentiated by the engine, and
 * by hand (gradients derived on paper, written as plain loops around the same {@link Gemm} kernel),
 * so that the engine's overhead is a ratio measured in one run.
 */
final class Models {
  private Models() {}

  /** Xavier-style random weights as a leaf parameter. */
  static Tensor weights(long seed, int in, int out) {
    double scale = Math.sqrt(2.0 / (in + out));
    return Tensor.normal(new SplittableRandom(seed), 0, scale, in, out).requiresGrad(true);
  }

  /** {@code p -= lr · grad} for every parameter, outside the graph; then forgets the gradients. */
  static void sgd(double lr, Tensor... params) {
    for (Tensor p : params) {
      double[] w = p.storage();
      double[] g = p.grad().storage();
      for (int i = 0; i < w.length; i++) {
        w[i] -= lr * g[i];
      }
      p.zeroGrad();
    }
  }

  // ================================================================ MLP with softmax cross-entropy

  /** An MLP with relu hidden layers and a softmax cross-entropy loss, as a graph expression. */
  static final class AutogradMlp {
    final Tensor[] w;
    final Tensor[] b;

    AutogradMlp(long seed, int... sizes) {
      w = new Tensor[sizes.length - 1];
      b = new Tensor[sizes.length - 1];
      for (int l = 0; l < w.length; l++) {
        w[l] = weights(seed + l, sizes[l], sizes[l + 1]);
        b[l] = Tensor.zeros(sizes[l + 1]).requiresGrad(true);
      }
    }

    double step(Tensor x, int[] labels, double lr) {
      Tensor h = x;
      for (int l = 0; l < w.length; l++) {
        h = h.matmulAdd(w[l], b[l]);
        if (l < w.length - 1) {
          h = h.relu();
        }
      }
      Tensor loss = h.logSoftmax(1).pick(labels).mean().neg();
      loss.backward();
      sgd(lr, w);
      sgd(lr, b);
      return loss.item();
    }
  }

  /** The same MLP and loss with gradients derived by hand. */
  static final class HandMlp {
    final double[][] w;
    final double[][] b;
    final int[] sizes;

    HandMlp(long seed, int... sizes) {
      this.sizes = sizes;
      w = new double[sizes.length - 1][];
      b = new double[sizes.length - 1][];
      for (int l = 0; l < w.length; l++) {
        try (var off = GradMode.noGrad()) {
          w[l] = weights(seed + l, sizes[l], sizes[l + 1]).toArray();
        }
        b[l] = new double[sizes[l + 1]];
      }
    }

    double step(double[] x, int batch, int[] labels, double lr) {
      int layers = w.length;
      double[][] act = new double[layers + 1][];
      act[0] = x;
      for (int l = 0; l < layers; l++) {
        int in = sizes[l];
        int out = sizes[l + 1];
        double[] z = new double[batch * out];
        Gemm.gemm(false, false, batch, out, in, act[l], w[l], z);
        for (int i = 0; i < batch; i++) {
          for (int j = 0; j < out; j++) {
            double v = z[i * out + j] + b[l][j];
            z[i * out + j] = l < layers - 1 && v < 0 ? 0 : v;
          }
        }
        act[l + 1] = z;
      }
      int k = sizes[layers];
      double[] logits = act[layers];
      double[] delta = new double[batch * k];
      double loss = 0;
      for (int i = 0; i < batch; i++) {
        double m = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
          m = Math.max(m, logits[i * k + j]);
        }
        double s = 0;
        for (int j = 0; j < k; j++) {
          s += Math.exp(logits[i * k + j] - m);
        }
        double lse = m + Math.log(s);
        loss -= logits[i * k + labels[i]] - lse;
        for (int j = 0; j < k; j++) {
          delta[i * k + j] = (Math.exp(logits[i * k + j] - lse) - (j == labels[i] ? 1 : 0)) / batch;
        }
      }
      for (int l = layers - 1; l >= 0; l--) {
        int in = sizes[l];
        int out = sizes[l + 1];
        double[] dw = new double[in * out];
        Gemm.gemm(true, false, in, out, batch, act[l], delta, dw);
        double[] db = new double[out];
        for (int i = 0; i < batch; i++) {
          for (int j = 0; j < out; j++) {
            db[j] += delta[i * out + j];
          }
        }
        if (l > 0) {
          double[] prev = new double[batch * in];
          Gemm.gemm(false, true, batch, in, out, delta, w[l], prev);
          double[] a = act[l];
          for (int i = 0; i < prev.length; i++) {
            if (a[i] <= 0) {
              prev[i] = 0;
            }
          }
          delta = prev;
        }
        for (int i = 0; i < dw.length; i++) {
          w[l][i] -= lr * dw[i];
        }
        for (int j = 0; j < out; j++) {
          b[l][j] -= lr * db[j];
        }
      }
      return loss / batch;
    }
  }

  // ================================================================ the lecture's scale: sigmoid MLP, squared error

  /** A sigmoid MLP with the lecture's squared error ½·Σ(y − h)², as a graph expression. */
  static final class AutogradSigmoidMlp {
    final Tensor[] w;
    final Tensor[] b;

    AutogradSigmoidMlp(long seed, int... sizes) {
      w = new Tensor[sizes.length - 1];
      b = new Tensor[sizes.length - 1];
      for (int l = 0; l < w.length; l++) {
        w[l] = weights(seed + l, sizes[l], sizes[l + 1]);
        b[l] = Tensor.zeros(sizes[l + 1]).requiresGrad(true);
      }
    }

    double step(Tensor x, Tensor y, double lr) {
      Tensor h = x;
      for (int l = 0; l < w.length; l++) {
        h = h.matmulAdd(w[l], b[l]).sigmoid();
      }
      Tensor loss = y.sub(h).square().sum().mul(0.5);
      loss.backward();
      sgd(lr, w);
      sgd(lr, b);
      return loss.item();
    }
  }

  /** The same sigmoid MLP and squared error with gradients derived by hand. */
  static final class HandSigmoidMlp {
    final double[][] w;
    final double[][] b;
    final int[] sizes;

    HandSigmoidMlp(long seed, int... sizes) {
      this.sizes = sizes;
      w = new double[sizes.length - 1][];
      b = new double[sizes.length - 1][];
      for (int l = 0; l < w.length; l++) {
        try (var off = GradMode.noGrad()) {
          w[l] = weights(seed + l, sizes[l], sizes[l + 1]).toArray();
        }
        b[l] = new double[sizes[l + 1]];
      }
    }

    double step(double[] x, int batch, double[] y, double lr) {
      int layers = w.length;
      double[][] act = new double[layers + 1][];
      act[0] = x;
      for (int l = 0; l < layers; l++) {
        int in = sizes[l];
        int out = sizes[l + 1];
        double[] z = new double[batch * out];
        Gemm.gemm(false, false, batch, out, in, act[l], w[l], z);
        for (int i = 0; i < batch; i++) {
          for (int j = 0; j < out; j++) {
            z[i * out + j] = 1 / (1 + Math.exp(-(z[i * out + j] + b[l][j])));
          }
        }
        act[l + 1] = z;
      }
      double[] h = act[layers];
      double[] delta = new double[h.length];
      double loss = 0;
      for (int i = 0; i < h.length; i++) {
        double e = h[i] - y[i];
        loss += 0.5 * e * e;
        delta[i] = e * h[i] * (1 - h[i]);
      }
      for (int l = layers - 1; l >= 0; l--) {
        int in = sizes[l];
        int out = sizes[l + 1];
        double[] dw = new double[in * out];
        Gemm.gemm(true, false, in, out, batch, act[l], delta, dw);
        double[] db = new double[out];
        for (int i = 0; i < batch; i++) {
          for (int j = 0; j < out; j++) {
            db[j] += delta[i * out + j];
          }
        }
        if (l > 0) {
          double[] prev = new double[batch * in];
          Gemm.gemm(false, true, batch, in, out, delta, w[l], prev);
          double[] a = act[l];
          for (int i = 0; i < prev.length; i++) {
            prev[i] *= a[i] * (1 - a[i]);
          }
          delta = prev;
        }
        for (int i = 0; i < dw.length; i++) {
          w[l][i] -= lr * dw[i];
        }
        for (int j = 0; j < out; j++) {
          b[l][j] -= lr * db[j];
        }
      }
      return loss;
    }
  }

  // ================================================================ logistic regression

  /** Logistic regression with the mean binary cross-entropy from logits, as a graph expression. */
  static final class AutogradLogistic {
    final Tensor w;
    final Tensor b = Tensor.zeros(1).requiresGrad(true);

    AutogradLogistic(long seed, int features) {
      w = weights(seed, features, 1);
    }

    double step(Tensor x, Tensor y, double lr) {
      Tensor z = x.matmulAdd(w, b);
      Tensor loss = z.softplus().sub(y.mul(z)).mean();
      loss.backward();
      sgd(lr, w, b);
      return loss.item();
    }
  }

  /** The same model with the lecture's closed-form gradient Σ (σ(h) − y)·x / n. */
  static final class HandLogistic {
    final double[] w;
    double b;
    final int features;

    HandLogistic(long seed, int features) {
      this.features = features;
      try (var off = GradMode.noGrad()) {
        w = weights(seed, features, 1).toArray();
      }
    }

    double step(double[] x, int n, double[] y, double lr) {
      double[] z = new double[n];
      Gemm.gemm(false, false, n, 1, features, x, w, z);
      double[] r = new double[n];
      double loss = 0;
      double db = 0;
      for (int i = 0; i < n; i++) {
        double zi = z[i] + b;
        loss += Math.max(zi, 0) + Math.log1p(Math.exp(-Math.abs(zi))) - y[i] * zi;
        r[i] = (1 / (1 + Math.exp(-zi)) - y[i]) / n;
        db += r[i];
      }
      double[] dw = new double[features];
      Gemm.gemm(true, false, features, 1, n, x, r, dw);
      for (int j = 0; j < features; j++) {
        w[j] -= lr * dw[j];
      }
      b -= lr * db;
      return loss / n;
    }
  }
}
