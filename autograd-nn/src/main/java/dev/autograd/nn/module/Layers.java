package dev.autograd.nn.module;

import dev.autograd.Args;
import dev.autograd.DType;
import dev.autograd.GradMode;
import dev.autograd.Tensor;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/** What the layers share: PyTorch's default initialisation and argument checks. */
final class Layers {
  private Layers() {}

  /**
   * PyTorch's default for convolution and linear layers, {@code kaiming_uniform_(a = √5)}:
   * {@code U(−1/√fanIn, 1/√fanIn)}, as a trainable leaf.
   */
  static Tensor uniformFanIn(RandomGenerator rng, int fanIn, String name, int... shape) {
    double bound = 1 / Math.sqrt(fanIn);
    return Tensor.uniform(rng, -bound, bound, shape).requiresGrad(true).label(name);
  }

  /**
   * {@code t} in {@code dtype} for {@link Module#to(DType)}: {@code t} itself (null for null) when it
   * already is, else a new leaf of the converted values with {@code t}'s requiresGrad flag and label
   * (and no gradient).
   */
  @SuppressWarnings("try") // the scope is used only for its effect
  static Tensor converted(Tensor t, DType dtype) {
    Args.notNull(dtype, "to", "dtype");
    if (t == null || t.dtype() == dtype) {
      return t;
    }
    Tensor c;
    try (var off = GradMode.noGrad()) {
      c = t.detach().to(dtype);
    }
    c.requiresGrad(t.requiresGrad());
    return t.label() == null ? c : c.label(t.label());
  }

  /** A copy of a one- or two-element window argument as a pair; {@code what} names it in errors. */
  static int[] pair(String layer, String what, int[] v, int min) {
    if (v == null || v.length != 2) {
      throw new IllegalArgumentException(
          layer + ": " + what + " needs 2 values (height, width); got " + Arrays.toString(v));
    }
    for (int x : v) {
      if (x < min) {
        throw new IllegalArgumentException(
            layer + ": " + what + " must be at least " + min + "; got " + Arrays.toString(v));
      }
    }
    return v.clone();
  }

  /** Checks a single window argument. */
  static int atLeast(String layer, String what, int v, int min) {
    if (v < min) {
      throw new IllegalArgumentException(layer + ": " + what + " must be at least " + min + "; got " + v);
    }
    return v;
  }

  /** Checks the rank of a layer's input. */
  static void rank(String layer, Tensor x, String layout, int... ranks) {
    for (int r : ranks) {
      if (x.rank() == r) {
        return;
      }
    }
    throw new IllegalArgumentException(
        layer + ": expects input of shape " + layout + "; got " + Arrays.toString(x.shape()));
  }

  /** "3" or "3×5" for a pair. */
  static String show(int[] pair) {
    return pair[0] == pair[1] ? Integer.toString(pair[0]) : pair[0] + "×" + pair[1];
  }
}
