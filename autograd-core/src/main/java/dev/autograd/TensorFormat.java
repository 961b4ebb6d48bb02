package dev.autograd;

import java.util.Locale;

/** The text of {@link Tensor#toString()}: values in nested brackets, then shape, graph role and label. */
final class TensorFormat {
  private TensorFormat() {}

  /** Tensors with more elements than this show their shape and first values only. */
  static final int MAX_SHOWN = 1000;

  /** How many values a large tensor shows. */
  private static final int HEAD = 6;

  static String format(Tensor t) {
    double[] data = t.data != null ? t.data : t.toArray();
    int[] shape = t.shape;
    StringBuilder b = new StringBuilder("tensor(");
    if (data.length > MAX_SHOWN) {
      b.append("shape ").append(Shape.str(shape)).append(", first values ");
      appendFlat(b, data, HEAD);
    } else {
      appendNested(b, data, shape, 0, 0);
    }
    if (shape.length > 0 && data.length <= MAX_SHOWN) {
      b.append(", shape ").append(Shape.str(shape));
    }
    if (t.fdata != null) {
      b.append(", dtype float32");
    }
    if (t.node != null) {
      b.append(", op: ").append(t.node.op().name());
    } else if (t.requiresGrad) {
      b.append(", requiresGrad");
    }
    if (t.label() != null) {
      b.append(", '").append(t.label()).append('\'');
    }
    return b.append(')').toString();
  }

  private static void appendFlat(StringBuilder b, double[] data, int n) {
    b.append('[');
    for (int i = 0; i < Math.min(n, data.length); i++) {
      b.append(i == 0 ? "" : ", ").append(number(data[i]));
    }
    b.append(", ...]");
  }

  /** Appends the block of {@code axis} that starts at flat offset {@code off}; returns the offset after it. */
  private static int appendNested(StringBuilder b, double[] data, int[] shape, int axis, int off) {
    if (axis == shape.length) {
      b.append(number(data[off]));
      return off + 1;
    }
    b.append('[');
    for (int i = 0; i < shape[axis]; i++) {
      if (i > 0) {
        b.append(", ");
      }
      off = appendNested(b, data, shape, axis + 1, off);
    }
    b.append(']');
    return off;
  }

  /** An integer without a decimal point, anything else with six significant digits and no trailing zeros. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    String s = String.format(Locale.ROOT, "%.6g", v);
    int e = s.indexOf('e');
    String mantissa = e < 0 ? s : s.substring(0, e);
    String exponent = e < 0 ? "" : s.substring(e);
    if (mantissa.indexOf('.') >= 0) {
      mantissa = mantissa.replaceAll("0+$", "");
      if (mantissa.endsWith(".")) {
        mantissa = mantissa.substring(0, mantissa.length() - 1);
      }
    }
    return mantissa + exponent;
  }
}
