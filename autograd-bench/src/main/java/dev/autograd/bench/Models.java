package dev.autograd.bench;

import dev.autograd.DType;
import dev.autograd.GradMode;
import dev.autograd.NN;
import dev.autograd.Tensor;
// The one use of the engine's internals outside autograd-core: the hand-written baselines call the
// very kernel the engine's matmul uses, so that a ratio measures the engine's overhead and not a
// difference between kernels. Only the kernel's name is public (dev.autograd.Runtime.blas()).
import dev.autograd.internal.Gemm;
import java.util.SplittableRandom;

/**
 * The benchmarked workloads, each twice: as a graph expression differentiated by the engine, and
 * by hand (gradients derived on paper, written as plain loops around the same {@link Gemm} kernel),
 * so that the engine's overhead is a ratio measured in one run. The graph-expression models take a
 * {@link DType}; the hand-written ones come in float64 ({@code double[]}) and float32 ({@code
 * float[]}, the {@code F32} classes, around Gemm's {@code sgemm}), with the same initial weights
 * (drawn in float64 and rounded) so that each precision's ratio compares the same arithmetic.
 */
final class Models {
  private Models() {}

  /** Xavier-style random weights as a leaf parameter. */
  static Tensor weights(long seed, int in, int out) {
    double scale = Math.sqrt(2.0 / (in + out));
    return Tensor.normal(new SplittableRandom(seed), 0, scale, in, out).requiresGrad(true);
  }

  /** {@link #weights(long, int, int)} in {@code dtype}: the same draw, rounded for float32. */
  static Tensor weights(DType dtype, long seed, int in, int out) {
    try (var off = GradMode.noGrad()) {
      return weights(seed, in, out).detach().to(dtype).detach().requiresGrad(true);
    }
  }

  /**
   * {@code p -= lr · grad} for every parameter, outside the graph, in the parameter's precision (a
   * float32 parameter's gradient is float32; the step {@code lr} is rounded to float, as PyTorch's SGD
   * does); then forgets the gradients.
   */
  static void sgd(double lr, Tensor... params) {
    for (Tensor p : params) {
      if (p.dtype() == DType.FLOAT32) {
        float[] w = p.floatStorage();
        float[] g = p.grad().floatStorage();
        float step = (float) lr;
        for (int i = 0; i < w.length; i++) {
          w[i] -= step * g[i];
        }
      } else {
        double[] w = p.storage();
        double[] g = p.grad().storage();
        for (int i = 0; i < w.length; i++) {
          w[i] -= lr * g[i];
        }
      }
      p.zeroGrad();
    }
  }

  /** A copy of a tensor's values rounded to float (what a float32 tensor of them stores). */
  static float[] floats(Tensor t) {
    double[] d = t.toArray();
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  // ================================================================ MLPs

  /** The parameters of an MLP as leaf tensors, for the graph-expression models. */
  abstract static class AutogradNet {
    final Tensor[] w;
    final Tensor[] b;

    AutogradNet(DType dtype, long seed, int... sizes) {
      w = new Tensor[sizes.length - 1];
      b = new Tensor[sizes.length - 1];
      for (int l = 0; l < w.length; l++) {
        w[l] = weights(dtype, seed + l, sizes[l], sizes[l + 1]);
        b[l] = Tensor.zeros(dtype, sizes[l + 1]).requiresGrad(true);
      }
    }

    /** Differentiates the loss, takes one SGD step and returns the loss value. */
    double update(Tensor loss, double lr) {
      loss.backward();
      sgd(lr, w);
      sgd(lr, b);
      return loss.item();
    }
  }

  /** An MLP with relu hidden layers and a softmax cross-entropy loss, as a graph expression. */
  static final class AutogradMlp extends AutogradNet {
    AutogradMlp(long seed, int... sizes) {
      this(DType.FLOAT64, seed, sizes);
    }

    AutogradMlp(DType dtype, long seed, int... sizes) {
      super(dtype, seed, sizes);
    }

    double step(Tensor x, int[] labels, double lr) {
      Tensor h = x;
      for (int l = 0; l < w.length; l++) {
        h = h.matmulAdd(w[l], b[l]);
        if (l < w.length - 1) {
          h = h.relu();
        }
      }
      return update(h.logSoftmax(1).pick(labels).mean().neg(), lr);
    }
  }

  /** A sigmoid MLP with the lecture's squared error ½·Σ(y − h)², as a graph expression. */
  static final class AutogradSigmoidMlp extends AutogradNet {
    AutogradSigmoidMlp(long seed, int... sizes) {
      this(DType.FLOAT64, seed, sizes);
    }

    AutogradSigmoidMlp(DType dtype, long seed, int... sizes) {
      super(dtype, seed, sizes);
    }

    double step(Tensor x, Tensor y, double lr) {
      Tensor h = x;
      for (int l = 0; l < w.length; l++) {
        h = h.matmulAdd(w[l], b[l]).sigmoid();
      }
      return update(y.sub(h).square().sum().mul(0.5), lr);
    }
  }

  /**
   * An MLP with gradients derived by hand: plain loops around {@link Gemm}. Hidden units are relu
   * (with a linear output layer) or sigmoid (every layer); the loss supplies the output delta.
   */
  abstract static class HandNet {
    final double[][] w;
    final double[][] b;
    final int[] sizes;
    final boolean sigmoid;

    HandNet(long seed, boolean sigmoid, int... sizes) {
      this.sizes = sizes;
      this.sigmoid = sigmoid;
      w = new double[sizes.length - 1][];
      b = new double[sizes.length - 1][];
      for (int l = 0; l < w.length; l++) {
        try (var off = GradMode.noGrad()) {
          w[l] = weights(seed + l, sizes[l], sizes[l + 1]).toArray();
        }
        b[l] = new double[sizes[l + 1]];
      }
    }

    /** The activations of every layer, input first. */
    double[][] forward(double[] x, int batch) {
      int layers = w.length;
      double[][] act = new double[layers + 1][];
      act[0] = x;
      for (int l = 0; l < layers; l++) {
        int in = sizes[l];
        int out = sizes[l + 1];
        double[] z = new double[batch * out];
        Gemm.gemm(false, false, batch, out, in, act[l], w[l], z);
        boolean last = l == layers - 1;
        for (int i = 0; i < batch; i++) {
          for (int j = 0; j < out; j++) {
            double v = z[i * out + j] + b[l][j];
            z[i * out + j] = sigmoid ? 1 / (1 + Math.exp(-v)) : !last && v < 0 ? 0 : v;
          }
        }
        act[l + 1] = z;
      }
      return act;
    }

    /** Backpropagates the output delta (dLoss/d pre-activation of the last layer) and updates. */
    void backward(double[][] act, double[] delta, int batch, double lr) {
      for (int l = w.length - 1; l >= 0; l--) {
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
            prev[i] = sigmoid ? prev[i] * a[i] * (1 - a[i]) : a[i] <= 0 ? 0 : prev[i];
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
    }
  }

  /** The relu MLP with softmax cross-entropy, gradients by hand. */
  static final class HandMlp extends HandNet {
    HandMlp(long seed, int... sizes) {
      super(seed, false, sizes);
    }

    double step(double[] x, int batch, int[] labels, double lr) {
      double[][] act = forward(x, batch);
      int k = sizes[sizes.length - 1];
      double[] logits = act[act.length - 1];
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
      backward(act, delta, batch, lr);
      return loss / batch;
    }
  }

  /** The sigmoid MLP with the squared error, gradients by hand. */
  static final class HandSigmoidMlp extends HandNet {
    HandSigmoidMlp(long seed, int... sizes) {
      super(seed, true, sizes);
    }

    double step(double[] x, int batch, double[] y, double lr) {
      double[][] act = forward(x, batch);
      double[] h = act[act.length - 1];
      double[] delta = new double[h.length];
      double loss = 0;
      for (int i = 0; i < h.length; i++) {
        double e = h[i] - y[i];
        loss += 0.5 * e * e;
        delta[i] = e * h[i] * (1 - h[i]);
      }
      backward(act, delta, batch, lr);
      return loss;
    }
  }

  /**
   * {@link HandNet} in single precision: float arrays and Gemm's float product (BLAS {@code sgemm}),
   * sums in float; the logistic function is computed in double and rounded, as the engine's float
   * kernels do.
   */
  abstract static class HandNetF32 {
    final float[][] w;
    final float[][] b;
    final int[] sizes;
    final boolean sigmoid;

    HandNetF32(long seed, boolean sigmoid, int... sizes) {
      this.sizes = sizes;
      this.sigmoid = sigmoid;
      w = new float[sizes.length - 1][];
      b = new float[sizes.length - 1][];
      for (int l = 0; l < w.length; l++) {
        try (var off = GradMode.noGrad()) {
          w[l] = floats(weights(seed + l, sizes[l], sizes[l + 1]));
        }
        b[l] = new float[sizes[l + 1]];
      }
    }

    /** The activations of every layer, input first. */
    float[][] forward(float[] x, int batch) {
      int layers = w.length;
      float[][] act = new float[layers + 1][];
      act[0] = x;
      for (int l = 0; l < layers; l++) {
        int in = sizes[l];
        int out = sizes[l + 1];
        float[] z = new float[batch * out];
        Gemm.gemm(false, false, batch, out, in, act[l], w[l], z);
        boolean last = l == layers - 1;
        for (int i = 0; i < batch; i++) {
          for (int j = 0; j < out; j++) {
            float v = z[i * out + j] + b[l][j];
            z[i * out + j] = sigmoid ? (float) (1 / (1 + Math.exp(-v))) : !last && v < 0 ? 0 : v;
          }
        }
        act[l + 1] = z;
      }
      return act;
    }

    /** Backpropagates the output delta (dLoss/d pre-activation of the last layer) and updates. */
    void backward(float[][] act, float[] delta, int batch, double lr) {
      float step = (float) lr;
      for (int l = w.length - 1; l >= 0; l--) {
        int in = sizes[l];
        int out = sizes[l + 1];
        float[] dw = new float[in * out];
        Gemm.gemm(true, false, in, out, batch, act[l], delta, dw);
        float[] db = new float[out];
        for (int i = 0; i < batch; i++) {
          for (int j = 0; j < out; j++) {
            db[j] += delta[i * out + j];
          }
        }
        if (l > 0) {
          float[] prev = new float[batch * in];
          Gemm.gemm(false, true, batch, in, out, delta, w[l], prev);
          float[] a = act[l];
          for (int i = 0; i < prev.length; i++) {
            prev[i] = sigmoid ? prev[i] * a[i] * (1 - a[i]) : a[i] <= 0 ? 0 : prev[i];
          }
          delta = prev;
        }
        for (int i = 0; i < dw.length; i++) {
          w[l][i] -= step * dw[i];
        }
        for (int j = 0; j < out; j++) {
          b[l][j] -= step * db[j];
        }
      }
    }
  }

  /** {@link HandMlp} in single precision (the row's log-sum-exp in double, each delta rounded). */
  static final class HandMlpF32 extends HandNetF32 {
    HandMlpF32(long seed, int... sizes) {
      super(seed, false, sizes);
    }

    double step(float[] x, int batch, int[] labels, double lr) {
      float[][] act = forward(x, batch);
      int k = sizes[sizes.length - 1];
      float[] logits = act[act.length - 1];
      float[] delta = new float[batch * k];
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
          delta[i * k + j] = (float) ((Math.exp(logits[i * k + j] - lse) - (j == labels[i] ? 1 : 0)) / batch);
        }
      }
      backward(act, delta, batch, lr);
      return loss / batch;
    }
  }

  /** {@link HandSigmoidMlp} in single precision. */
  static final class HandSigmoidMlpF32 extends HandNetF32 {
    HandSigmoidMlpF32(long seed, int... sizes) {
      super(seed, true, sizes);
    }

    double step(float[] x, int batch, float[] y, double lr) {
      float[][] act = forward(x, batch);
      float[] h = act[act.length - 1];
      float[] delta = new float[h.length];
      double loss = 0;
      for (int i = 0; i < h.length; i++) {
        float e = h[i] - y[i];
        loss += 0.5 * e * e;
        delta[i] = e * h[i] * (1 - h[i]);
      }
      backward(act, delta, batch, lr);
      return loss;
    }
  }

  // ================================================================ logistic regression

  /** Logistic regression with the mean binary cross-entropy from logits, as a graph expression. */
  static final class AutogradLogistic {
    final Tensor w;
    final Tensor b;

    AutogradLogistic(long seed, int features) {
      this(DType.FLOAT64, seed, features);
    }

    AutogradLogistic(DType dtype, long seed, int features) {
      w = weights(dtype, seed, features, 1);
      b = Tensor.zeros(dtype, 1).requiresGrad(true);
    }

    double step(Tensor x, Tensor y, double lr) {
      Tensor z = x.matmulAdd(w, b);
      Tensor loss = NN.binaryCrossEntropyWithLogits(z, y);   // mean(softplus(z) − y·z), fused
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

  /** {@link HandLogistic} in single precision (softplus and σ in double, rounded). */
  static final class HandLogisticF32 {
    final float[] w;
    float b;
    final int features;

    HandLogisticF32(long seed, int features) {
      this.features = features;
      try (var off = GradMode.noGrad()) {
        w = floats(weights(seed, features, 1));
      }
    }

    double step(float[] x, int n, float[] y, double lr) {
      float[] z = new float[n];
      Gemm.gemm(false, false, n, 1, features, x, w, z);
      float[] r = new float[n];
      double loss = 0;
      float db = 0;
      for (int i = 0; i < n; i++) {
        float zi = z[i] + b;
        loss += Math.max(zi, 0) + Math.log1p(Math.exp(-Math.abs(zi))) - y[i] * zi;
        r[i] = (float) ((1 / (1 + Math.exp(-zi)) - y[i]) / n);
        db += r[i];
      }
      float[] dw = new float[features];
      Gemm.gemm(true, false, features, 1, n, x, r, dw);
      float step = (float) lr;
      for (int j = 0; j < features; j++) {
        w[j] -= step * dw[j];
      }
      b -= step * db;
      return loss / n;
    }
  }
}
