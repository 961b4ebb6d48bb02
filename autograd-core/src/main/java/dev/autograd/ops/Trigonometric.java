package dev.autograd.ops;

import static dev.autograd.ops.Elementwise.grads;
import static dev.autograd.ops.Elementwise.map;
import static dev.autograd.ops.Elementwise.zip;

import dev.autograd.Node;
import dev.autograd.Primitive;
import dev.autograd.Tensor;

/**
 * Trigonometric and hyperbolic primitives and their inverses, with {@code atan2}: the forward
 * formula and its derivative rule, side by side, in the notation of {@link Elementwise} ({@code x}
 * the input, {@code r} the result, {@code g} the incoming gradient). Every rule is written in
 * differentiable tensor ops, so it can be differentiated again.
 */
public final class Trigonometric {
  private Trigonometric() {}

  /** The shared instance of {@link Sin}. */
  public static final Primitive SIN = new Sin();
  /** The shared instance of {@link Cos}. */
  public static final Primitive COS = new Cos();
  /** The shared instance of {@link Tan}. */
  public static final Primitive TAN = new Tan();
  /** The shared instance of {@link Asin}. */
  public static final Primitive ASIN = new Asin();
  /** The shared instance of {@link Acos}. */
  public static final Primitive ACOS = new Acos();
  /** The shared instance of {@link Atan}. */
  public static final Primitive ATAN = new Atan();
  /** The shared instance of {@link Sinh}. */
  public static final Primitive SINH = new Sinh();
  /** The shared instance of {@link Cosh}. */
  public static final Primitive COSH = new Cosh();
  /** The shared instance of {@link Asinh}. */
  public static final Primitive ASINH = new Asinh();
  /** The shared instance of {@link Acosh}. */
  public static final Primitive ACOSH = new Acosh();
  /** The shared instance of {@link Atanh}. */
  public static final Primitive ATANH = new Atanh();
  /** The shared instance of {@link Atan2}. */
  public static final Primitive ATAN2 = new Atan2();

  // ================================================================ circular

  /** {@code r = sin x};  {@code dx = g·cos x}. */
  public static final class Sin extends BuiltIn {
    @Override public String name() { return "sin"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], Math::sin); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.mul(node.input(0).cos())); }
  }

  /** {@code r = cos x};  {@code dx = -g·sin x}. */
  public static final class Cos extends BuiltIn {
    @Override public String name() { return "cos"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], Math::cos); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.mul(node.input(0).sin()).neg()); }
  }

  /** {@code r = tan x};  {@code dx = g·(1 + r²)}. */
  public static final class Tan extends BuiltIn {
    @Override public String name() { return "tan"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], Math::tan); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.mul(node.result().square().add(1))); }
  }

  /** {@code r = asin x} (NaN outside [-1, 1]);  {@code dx = g / √(1 - x²)}. */
  public static final class Asin extends BuiltIn {
    @Override public String name() { return "asin"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], Math::asin); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return grads(g.mul(node.input(0).square().rsub(1).rsqrt()));
    }
  }

  /** {@code r = acos x} (NaN outside [-1, 1]);  {@code dx = -g / √(1 - x²)}. */
  public static final class Acos extends BuiltIn {
    @Override public String name() { return "acos"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], Math::acos); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return grads(g.mul(node.input(0).square().rsub(1).rsqrt()).neg());
    }
  }

  /** {@code r = atan x};  {@code dx = g / (1 + x²)}. */
  public static final class Atan extends BuiltIn {
    @Override public String name() { return "atan"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], Math::atan); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.div(node.input(0).square().add(1))); }
  }

  // ================================================================ hyperbolic

  /** {@code r = sinh x};  {@code dx = g·cosh x}. */
  public static final class Sinh extends BuiltIn {
    @Override public String name() { return "sinh"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], Math::sinh); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.mul(node.input(0).cosh())); }
  }

  /** {@code r = cosh x};  {@code dx = g·sinh x}. */
  public static final class Cosh extends BuiltIn {
    @Override public String name() { return "cosh"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], Math::cosh); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.mul(node.input(0).sinh())); }
  }

  /** {@code r = asinh x = log(x + √(x² + 1))};  {@code dx = g / √(x² + 1)}. */
  public static final class Asinh extends BuiltIn {
    @Override public String name() { return "asinh"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], Trigonometric::asinh); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return grads(g.mul(node.input(0).square().add(1).rsqrt()));
    }
  }

  /** {@code r = acosh x = log(x + √(x² - 1))} (NaN below 1);  {@code dx = g / √(x² - 1)}. */
  public static final class Acosh extends BuiltIn {
    @Override public String name() { return "acosh"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], Trigonometric::acosh); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return grads(g.mul(node.input(0).square().sub(1).rsqrt()));
    }
  }

  /** {@code r = atanh x = ½·log((1 + x) / (1 - x))} (NaN outside [-1, 1]);  {@code dx = g / (1 - x²)}. */
  public static final class Atanh extends BuiltIn {
    @Override public String name() { return "atanh"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], Trigonometric::atanh); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.div(node.input(0).square().rsub(1))); }
  }

  // Java's Math has no inverse hyperbolic functions. These follow the usual careful forms: log1p
  // near the origin (where log(1 + small) would lose digits) and log(2|x|) where x² would overflow.

  /** Above this, {@code x² + 1 = x²} in doubles and the functions are {@code log(2|x|)}. */
  private static final double HUGE = 0x1p28;
  private static final double LN2 = Math.log(2);

  /**
   * The inverse hyperbolic sine of one number.
   *
   * @param x any number
   * @return asinh x; NaN for NaN
   */
  public static double asinh(double x) {
    double a = Math.abs(x);
    double r;
    if (a > HUGE) {
      r = Math.log(a) + LN2;
    } else {
      // log(a + √(a² + 1)) = log1p(a + a² / (1 + √(a² + 1))), exact in the small-a limit.
      r = Math.log1p(a + a * a / (1 + Math.sqrt(a * a + 1)));
    }
    return Math.copySign(r, x);
  }

  /**
   * The inverse hyperbolic cosine of one number (NaN below 1).
   *
   * @param x any number
   * @return acosh x, at least 0; NaN below 1 and for NaN
   */
  public static double acosh(double x) {
    if (x > HUGE) {
      return Math.log(x) + LN2;
    }
    if (x >= 2) {
      return Math.log(x + Math.sqrt(x * x - 1));
    }
    double t = x - 1;   // NaN below 1 from the square root
    return Math.log1p(t + Math.sqrt(2 * t + t * t));
  }

  /**
   * The inverse hyperbolic tangent of one number (±∞ at ±1, NaN beyond).
   *
   * @param x any number
   * @return atanh x; NaN outside [-1, 1] and for NaN
   */
  public static double atanh(double x) {
    double a = Math.abs(x);
    // ½·log((1 + a) / (1 - a)) = ½·log1p(2a / (1 - a)).
    double r = 0.5 * Math.log1p((a + a) / (1 - a));
    return Math.copySign(r, x);
  }

  // ================================================================ binary (broadcasting)

  /**
   * {@code r = atan2(y, x)}, the angle of the point (x, y) in (-π, π];  {@code dy = g·x / (x² + y²)},
   * {@code dx = -g·y / (x² + y²)} (NaN at the origin, as in PyTorch).
   */
  public static final class Atan2 extends BuiltIn {
    @Override public String name() { return "atan2"; }
    @Override protected Tensor forward(Tensor... in) { return zip("atan2", in[0], in[1], Math::atan2); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor y = node.input(0);
      Tensor x = node.input(1);
      Tensor scale = g.div(x.square().add(y.square()));
      return grads(
          node.needsGrad(0) ? scale.mul(x) : null,
          node.needsGrad(1) ? scale.mul(y).neg() : null);
    }
  }
}
