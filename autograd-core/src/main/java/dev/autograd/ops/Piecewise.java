package dev.autograd.ops;

import static dev.autograd.ops.Elementwise.grads;
import static dev.autograd.ops.Elementwise.map;
import static dev.autograd.ops.Elementwise.zip;

import dev.autograd.Node;
import dev.autograd.Primitive;
import dev.autograd.Tensor;

/**
 * Step functions (sign, floor, ceil, round), whose derivative is zero wherever it exists, and the
 * elementwise selections minimum and maximum, whose derivative routes the gradient to the chosen
 * input: the forward formula and its derivative rule, side by side, in the notation of
 * {@link Elementwise}.
 *
 * <p>As in PyTorch, a step function's gradient is 0 everywhere (also at its jumps), and a tie of
 * minimum or maximum splits the gradient half and half.
 */
public final class Piecewise {
  private Piecewise() {}

  /** The shared instance of {@link Sign}. */
  public static final Primitive SIGN = new Sign();
  /** The shared instance of {@link Floor}. */
  public static final Primitive FLOOR = new Floor();
  /** The shared instance of {@link Ceil}. */
  public static final Primitive CEIL = new Ceil();
  /** The shared instance of {@link Round}. */
  public static final Primitive ROUND = new Round();
  /** The shared instance of {@link Minimum}. */
  public static final Primitive MINIMUM = new Minimum();
  /** The shared instance of {@link Maximum}. */
  public static final Primitive MAXIMUM = new Maximum();

  // ================================================================ steps

  /** {@code r = sign x} (-1, 0 or 1; NaN for NaN);  {@code dx = 0}. */
  public static final class Sign extends BuiltIn {
    @Override public String name() { return "sign"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], Math::signum); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(Tensor.zerosLike(node.input(0))); }
  }

  /** {@code r = ⌊x⌋};  {@code dx = 0}. */
  public static final class Floor extends BuiltIn {
    @Override public String name() { return "floor"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], Math::floor); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(Tensor.zerosLike(node.input(0))); }
  }

  /** {@code r = ⌈x⌉};  {@code dx = 0}. */
  public static final class Ceil extends BuiltIn {
    @Override public String name() { return "ceil"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], Math::ceil); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(Tensor.zerosLike(node.input(0))); }
  }

  /** {@code r = x} rounded to the nearest integer, halves to the even one (2.5 → 2, -0.5 → -0);  {@code dx = 0}. */
  public static final class Round extends BuiltIn {
    @Override public String name() { return "round"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], Math::rint); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(Tensor.zerosLike(node.input(0))); }
  }

  // ================================================================ selections (broadcasting)

  /**
   * {@code r = min(x, y)} (NaN if either is);  {@code dx = g·[x < y]},  {@code dy = g·[y < x]}, and
   * {@code g/2} to each where {@code x = y}. Where either input is NaN both gradients are NaN
   * (PyTorch passes g there).
   */
  public static final class Minimum extends BuiltIn {
    @Override public String name() { return "minimum"; }
    @Override protected Tensor forward(Tensor... in) { return zip("minimum", in[0], in[1], Math::min); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return selection("minimum", node, g, -1);
    }
  }

  /**
   * {@code r = max(x, y)} (NaN if either is);  {@code dx = g·[x > y]},  {@code dy = g·[y > x]}, and
   * {@code g/2} to each where {@code x = y}. Where either input is NaN both gradients are NaN
   * (PyTorch passes g there).
   */
  public static final class Maximum extends BuiltIn {
    @Override public String name() { return "maximum"; }
    @Override protected Tensor forward(Tensor... in) { return zip("maximum", in[0], in[1], Math::max); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return selection("maximum", node, g, 1);
    }
  }

  /**
   * The gradients of a selection: {@code g} times a constant share per input, 1 for the chosen
   * input, 0 for the other, ½ each on a tie and NaN where either is NaN. {@code side} is 1 for
   * maximum (the larger is chosen) and -1 for minimum.
   */
  private static Tensor[] selection(String op, Node node, Tensor g, int side) {
    Tensor x = node.input(0).detach();
    Tensor y = node.input(1).detach();
    return grads(
        node.needsGrad(0) ? g.mul(zip(op, x, y, (a, b) -> share(a, b, side))) : null,
        node.needsGrad(1) ? g.mul(zip(op, y, x, (a, b) -> share(a, b, side))) : null);
  }

  /** The share of the gradient that goes to {@code a} when selecting between {@code a} and {@code b}. */
  private static double share(double a, double b, int side) {
    if (a == b) {
      return 0.5;
    }
    if (a > b) {
      return side > 0 ? 1 : 0;
    }
    if (a < b) {
      return side > 0 ? 0 : 1;
    }
    return Double.NaN;
  }
}
