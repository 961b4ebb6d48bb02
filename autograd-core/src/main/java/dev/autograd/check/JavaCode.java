package dev.autograd.check;

import dev.autograd.Tensor;

/** Java source snippets for printed test cases: number, array and tensor literals. */
final class JavaCode {
  private JavaCode() {}

  /** A double literal that reads back exactly: {@code 2}, {@code 0.5}, {@code -1.2345678901234567}. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  /** Comma-separated ints: {@code 1, 0, 2}. */
  static String ints(int... values) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      b.append(i == 0 ? "" : ", ").append(values[i]);
    }
    return b.toString();
  }

  /** {@code new int[] {1, 0}}. */
  static String intArray(int... values) {
    return "new int[] {" + ints(values) + "}";
  }

  /** Comma-separated double literals. */
  static String numbers(double... values) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      b.append(i == 0 ? "" : ", ").append(number(values[i]));
    }
    return b.toString();
  }

  /** An expression creating a tensor with these exact values: {@code Tensor.scalar(..)}, {@code Tensor.vector(..)} or {@code Tensor.of(..)}. */
  static String tensor(Tensor t) {
    double[] d = t.toArray();
    int[] s = t.shape();
    if (s.length == 0) {
      return "Tensor.scalar(" + number(d[0]) + ")";
    }
    if (s.length == 1) {
      return "Tensor.vector(" + numbers(d) + ")";
    }
    return "Tensor.of(new double[] {" + numbers(d) + "}, " + ints(s) + ")";
  }
}
