package dev.autograd.ops;

import static dev.autograd.ops.Elementwise.grads;
import static dev.autograd.ops.Elementwise.map;
import static dev.autograd.ops.Elementwise.zip;

import dev.autograd.Node;
import dev.autograd.Primitive;
import dev.autograd.Tensor;

/**
 * The error function, exponential and logarithmic variants, and the smooth activations built on
 * them: the forward formula and its derivative rule, side by side, in the notation of
 * {@link Elementwise} ({@code x} the input, {@code r} the result, {@code g} the incoming gradient).
 * Every rule is written in differentiable tensor ops, so it can be differentiated again.
 *
 * <p>The activations (logSigmoid, gelu, silu, softsign) and logAddExp are primitives for
 * stability: each is finite for every finite input, with the exact limiting derivatives far out
 * (at ±1000, say), where a composition of exp and log would overflow or give {@code 0·∞}.
 */
public final class SpecialFunctions {
  private SpecialFunctions() {}

  /** The shared instance of {@link Erf}. */
  public static final Primitive ERF = new Erf();
  /** The shared instance of {@link Erfc}. */
  public static final Primitive ERFC = new Erfc();
  /** The shared instance of {@link Expm1}. */
  public static final Primitive EXPM1 = new Expm1();
  /** The shared instance of {@link Log2}. */
  public static final Primitive LOG2 = new Log2();
  /** The shared instance of {@link Log10}. */
  public static final Primitive LOG10 = new Log10();
  /** The shared instance of {@link Rsqrt}. */
  public static final Primitive RSQRT = new Rsqrt();
  /** The shared instance of {@link Reciprocal}. */
  public static final Primitive RECIPROCAL = new Reciprocal();
  /** The shared instance of {@link LogSigmoid}. */
  public static final Primitive LOG_SIGMOID = new LogSigmoid();
  /** The shared instance of {@link Gelu}. */
  public static final Primitive GELU = new Gelu();
  /** The shared instance of {@link Silu}. */
  public static final Primitive SILU = new Silu();
  /** The shared instance of {@link Softsign}. */
  public static final Primitive SOFTSIGN = new Softsign();
  /** The shared instance of {@link LogAddExp}. */
  public static final Primitive LOG_ADD_EXP = new LogAddExp();

  private static final double LN2 = Math.log(2);
  private static final double LN10 = Math.log(10);
  private static final double SQRT2 = Math.sqrt(2);
  /** {@code 2/√π}, the derivative of erf at 0. */
  private static final double TWO_OVER_SQRT_PI = 1.1283791670955125739;
  /** {@code 1/√2}. */
  private static final double SQRT_HALF = 0.70710678118654752440;
  /** {@code 1/√(2π)}, the standard normal density at 0. */
  private static final double INV_SQRT_2PI = 0.39894228040143267794;

  // ================================================================ error function

  /** {@code r = erf x = 2/√π ∫₀ˣ e^(-t²) dt};  {@code dx = g·2/√π·e^(-x²)}. */
  public static final class Erf extends BuiltIn {
    @Override public String name() { return "erf"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], SpecialFunctions::erf); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.mul(erfDerivative(node.input(0)))); }
  }

  /** {@code r = erfc x = 1 - erf x} (accurate where it is tiny);  {@code dx = -g·2/√π·e^(-x²)}. */
  public static final class Erfc extends BuiltIn {
    @Override public String name() { return "erfc"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], SpecialFunctions::erfc); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.mul(erfDerivative(node.input(0))).neg()); }
  }

  /** {@code 2/√π·e^(-x²)}, differentiably. */
  private static Tensor erfDerivative(Tensor x) {
    return x.square().neg().exp().mul(TWO_OVER_SQRT_PI);
  }

  // erf and erfc of one number: W. J. Cody, "Rational Chebyshev approximations for the error
  // function", Math. Comp. 23 (1969), 631-638, with the coefficients and interval split of his
  // SPECFUN routine CALERF (netlib.org/specfun/erf, 1990). Three intervals of |x|:
  //   [0, 0.46875]: erf x = x·P(x²)/Q(x²)           (degree 4/4 in x²)
  //   (0.46875, 4]: erfc x = e^(-x²)·P(x)/Q(x)       (degree 8/8)
  //   (4, ∞):       erfc x = e^(-x²)/x·(1/√π + z·P(z)/Q(z)), z = 1/x²   (degree 5/5)
  // Each is near-minimax to about 18 significant digits; in doubles the results are within a few
  // ulps. e^(-x²) is formed as e^(-s²)·e^(-(x-s)(x+s)) with s = x rounded down to 1/16, so that the
  // rounding of x² is not magnified by the exponential.

  private static final double[] A = {
      3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02, 3.20937758913846947e03,
      1.85777706184603153e-1};
  private static final double[] B = {
      2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03};
  private static final double[] C = {
      5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01, 2.98635138197400131e02,
      8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03,
      2.15311535474403846e-8};
  private static final double[] D = {
      1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02, 1.62138957456669019e03,
      3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03};
  private static final double[] P = {
      3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2,
      6.58749161529837803e-4, 1.63153871373020978e-2};
  private static final double[] Q = {
      2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1, 6.05183413124413191e-2,
      2.33520497626869185e-3};
  private static final double ONE_OVER_SQRT_PI = 5.6418958354775628695e-1;
  /** Where the first interval ends. */
  private static final double SMALL = 0.46875;
  /** Beyond this, erfc x underflows to 0 (in doubles). */
  private static final double ERFC_UNDERFLOW = 26.543;

  /**
   * erf of one number (odd; ±1 far out; NaN for NaN).
   *
   * @param x any number
   * @return erf x, in [-1, 1]
   */
  public static double erf(double x) {
    double a = Math.abs(x);
    if (a <= SMALL) {
      return x * smallRatio(a);
    }
    double r = 0.5 - erfcOfPositive(a) + 0.5;
    return x < 0 ? -r : r;
  }

  /**
   * erfc of one number, {@code 1 - erf x}, with full relative accuracy where it is tiny (NaN for NaN).
   *
   * @param x any number
   * @return erfc x, in [0, 2]
   */
  public static double erfc(double x) {
    double a = Math.abs(x);
    if (a <= SMALL) {
      return 1 - x * smallRatio(a);
    }
    double r = erfcOfPositive(a);
    return x < 0 ? 2 - r : r;
  }

  /** {@code erf(a)/a} for {@code 0 ≤ a ≤ 0.46875}. */
  private static double smallRatio(double a) {
    double z = a * a;
    double num = A[4] * z;
    double den = z;
    for (int i = 0; i < 3; i++) {
      num = (num + A[i]) * z;
      den = (den + B[i]) * z;
    }
    return (num + A[3]) / (den + B[3]);
  }

  /** erfc of {@code a > 0.46875} (or NaN). */
  private static double erfcOfPositive(double a) {
    double ratio;
    if (a <= 4) {
      double num = C[8] * a;
      double den = a;
      for (int i = 0; i < 7; i++) {
        num = (num + C[i]) * a;
        den = (den + D[i]) * a;
      }
      ratio = (num + C[7]) / (den + D[7]);
    } else if (a >= ERFC_UNDERFLOW) {
      return 0;
    } else {
      double z = 1 / (a * a);
      double num = P[5] * z;
      double den = z;
      for (int i = 0; i < 4; i++) {
        num = (num + P[i]) * z;
        den = (den + Q[i]) * z;
      }
      ratio = (ONE_OVER_SQRT_PI - z * (num + P[4]) / (den + Q[4])) / a;
    }
    double s = Math.floor(a * 16) / 16;
    return Math.exp(-s * s) * Math.exp(-(a - s) * (a + s)) * ratio;
  }

  // ================================================================ exponentials and logarithms

  /** {@code r = eˣ - 1} (accurate for small x);  {@code dx = g·(r + 1)}. */
  public static final class Expm1 extends BuiltIn {
    @Override public String name() { return "expm1"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], Math::expm1); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.mul(node.result().add(1))); }
  }

  /** {@code r = log₂ x} (exact at powers of two);  {@code dx = g / (x·ln 2)}. */
  public static final class Log2 extends BuiltIn {
    @Override public String name() { return "log2"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], SpecialFunctions::log2); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.div(node.input(0).mul(LN2))); }
  }

  /**
   * The base-2 logarithm of one number; exact at powers of two.
   *
   * @param x any number
   * @return {@code log₂ x}: NaN below 0 and for NaN, -∞ at 0
   */
  public static double log2(double x) {
    if (x >= Double.MIN_NORMAL && x < Double.POSITIVE_INFINITY) {
      int e = Math.getExponent(x);
      double m = Math.scalb(x, -e);   // in [1, 2), exactly
      if (m > SQRT2) {
        m /= 2;   // in (√2/2, √2], so that e + log₂ m does not cancel (and x near 1 has e = 0)
        e++;
      }
      return m == 1 ? e : e + Math.log(m) / LN2;
    }
    return Math.log(x) / LN2;   // subnormal, 0, negative, ∞, NaN
  }

  /** {@code r = log₁₀ x};  {@code dx = g / (x·ln 10)}. */
  public static final class Log10 extends BuiltIn {
    @Override public String name() { return "log10"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], Math::log10); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.div(node.input(0).mul(LN10))); }
  }

  /** {@code r = 1/√x};  {@code dx = -½·g·r³}. */
  public static final class Rsqrt extends BuiltIn {
    @Override public String name() { return "rsqrt"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], v -> 1 / Math.sqrt(v)); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.mul(node.result().pow(3)).mul(-0.5)); }
  }

  /** {@code r = 1/x};  {@code dx = -g·r²}. */
  public static final class Reciprocal extends BuiltIn {
    @Override public String name() { return "reciprocal"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], v -> 1 / v); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.mul(node.result().square()).neg()); }
  }

  // ================================================================ smooth activations

  /**
   * {@code r = log σ(x) = -softplus(-x)};  {@code dx = g·σ(-x)}. Evaluated as
   * {@code min(x, 0) - log1p(e^-|x|)}: {@code logSigmoid(-1000) = -1000} with derivative 1, and
   * {@code logSigmoid(1000) = 0} with derivative 0.
   */
  public static final class LogSigmoid extends BuiltIn {
    @Override public String name() { return "logSigmoid"; }
    @Override protected Tensor forward(Tensor... in) {
      return map(in[0], v -> Math.min(v, 0.0) - Math.log1p(Math.exp(-Math.abs(v))));
    }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.mul(node.input(0).neg().sigmoid())); }
  }

  /**
   * {@code r = x·Φ(x)} (GELU, erf form), Φ the standard normal distribution function
   * {@code ½·erfc(-x/√2)};  {@code dx = g·(Φ(x) + x·φ(x))}, φ the density {@code e^(-x²/2)/√(2π)}.
   * Φ is evaluated through erfc, accurate in the far left tail: {@code gelu(-1000) = 0} with
   * derivative 0, and {@code gelu(1000) = 1000} with derivative 1.
   */
  public static final class Gelu extends BuiltIn {
    @Override public String name() { return "gelu"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], v -> v * 0.5 * erfc(-v * SQRT_HALF)); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor x = node.input(0);
      Tensor cdf = x.mul(-SQRT_HALF).erfc().mul(0.5);
      Tensor density = x.square().mul(-0.5).exp().mul(INV_SQRT_2PI);
      return grads(g.mul(cdf.add(x.mul(density))));
    }
  }

  /**
   * {@code r = x·σ(x)} (SiLU, swish);  {@code dx = g·σ(x)·(1 + x·(1 - σ(x)))}. With the stable
   * sigmoid: {@code silu(-1000) = 0} with derivative 0, {@code silu(1000) = 1000} with derivative 1.
   */
  public static final class Silu extends BuiltIn {
    @Override public String name() { return "silu"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], v -> v * Elementwise.sigmoid(v)); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor x = node.input(0);
      Tensor s = x.sigmoid();
      return grads(g.mul(s).mul(x.mul(s.rsub(1)).add(1)));
    }
  }

  /** {@code r = x / (1 + |x|)};  {@code dx = g / (1 + |x|)²}. */
  public static final class Softsign extends BuiltIn {
    @Override public String name() { return "softsign"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], v -> v / (1 + Math.abs(v))); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.div(node.input(0).abs().add(1).square())); }
  }

  // ================================================================ binary (broadcasting)

  /**
   * {@code r = log(eˣ + eʸ)};  {@code dx = g·σ(x - y)},  {@code dy = g·σ(y - x)}. Evaluated as
   * {@code max(x, y) + log1p(e^-|x-y|)}, finite for all finite inputs, with the exact limiting
   * derivatives 1 and 0 when one input is far larger; {@code logAddExp(-∞, -∞) = -∞} as in PyTorch.
   */
  public static final class LogAddExp extends BuiltIn {
    @Override public String name() { return "logAddExp"; }
    @Override protected Tensor forward(Tensor... in) { return zip("logAddExp", in[0], in[1], SpecialFunctions::logAddExp); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor d = node.input(0).sub(node.input(1));
      return grads(
          node.needsGrad(0) ? g.mul(d.sigmoid()) : null,
          node.needsGrad(1) ? g.mul(d.neg().sigmoid()) : null);
    }
  }

  /**
   * {@code log(eᵃ + eᵇ)} of two numbers, without overflow.
   *
   * @param a the first exponent
   * @param b the second exponent
   * @return {@code log(eᵃ + eᵇ)}, at least {@code max(a, b)}; NaN if either is NaN
   */
  public static double logAddExp(double a, double b) {
    if (a == b && Double.isInfinite(a)) {
      return a;
    }
    return Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
  }
}
