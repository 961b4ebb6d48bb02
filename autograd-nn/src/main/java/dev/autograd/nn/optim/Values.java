package dev.autograd.nn.optim;

import dev.autograd.DType;
import dev.autograd.Tensor;

/**
 * One array of values in either precision, read and written as doubles: what lets each optimizer
 * write its update once for float64 and float32 parameters. A float32 element is widened to read and
 * rounded to nearest when written, so an update computes every element in double and stores it in
 * its parameter's precision.
 */
final class Values {
  private final double[] d;
  private final float[] f;

  private Values(double[] d, float[] f) {
    this.d = d;
    this.f = f;
  }

  /** Over a float64 array (kept, not copied). */
  static Values of(double[] values) {
    return new Values(values, null);
  }

  /** Over a float32 array (kept, not copied). */
  static Values of(float[] values) {
    return new Values(null, values);
  }

  /** Over a tensor's live storage. */
  static Values of(Tensor t) {
    return t.dtype() == DType.FLOAT32 ? of(t.floatStorage()) : of(t.storage());
  }

  /** {@code n} zeros in {@code dtype}. */
  static Values zeros(DType dtype, int n) {
    return dtype == DType.FLOAT32 ? of(new float[n]) : of(new double[n]);
  }

  /** Zeros of the size and precision of each parameter tensor. */
  static Values[] zerosLike(Tensor[] tensors) {
    Values[] out = new Values[tensors.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = zeros(tensors[i].dtype(), tensors[i].size());
    }
    return out;
  }

  DType dtype() {
    return d != null ? DType.FLOAT64 : DType.FLOAT32;
  }

  int length() {
    return d != null ? d.length : f.length;
  }

  double get(int j) {
    return d != null ? d[j] : f[j];
  }

  void set(int j, double v) {
    if (d != null) {
      d[j] = v;
    } else {
      f[j] = (float) v;
    }
  }

  /** The float64 array (null for float32). */
  double[] doubles() {
    return d;
  }

  /** The float32 array (null for float64). */
  float[] floats() {
    return f;
  }

  /** A new array of the same precision and length, of zeros. */
  Values blank() {
    return zeros(dtype(), length());
  }

  /** A copy of the values as doubles (exact for both precisions). */
  double[] toDoubles() {
    if (d != null) {
      return d.clone();
    }
    double[] out = new double[f.length];
    for (int j = 0; j < out.length; j++) {
      out[j] = f[j];
    }
    return out;
  }

  /** Sets every value from {@code src} (of this length), rounding to float32 where this is float32. */
  void setAll(double[] src) {
    if (d != null) {
      System.arraycopy(src, 0, d, 0, d.length);
    } else {
      for (int j = 0; j < f.length; j++) {
        f[j] = (float) src[j];
      }
    }
  }
}
