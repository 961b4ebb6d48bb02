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
 * <p>The gamma family (lgamma, digamma, polygamma) is a chain of primitives, each one's rule the
 * next one: {@code lgamma' = digamma}, {@code digamma' = polygamma(1, ·)},
 * {@code polygamma(n, ·)' = polygamma(n + 1, ·)}, so derivatives of any order exist.
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
  /** The shared instance of {@link Lgamma}. */
  public static final Primitive LGAMMA = new Lgamma();
  /** The shared instance of {@link Digamma}. */
  public static final Primitive DIGAMMA = new Digamma();

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

  // ================================================================ the gamma family

  /**
   * {@code r = log|Γ(x)|};  {@code dx = g·ψ(x)} (digamma). {@code +∞} at 0 and the negative
   * integers (the poles of Γ), as in PyTorch.
   */
  public static final class Lgamma extends BuiltIn {
    @Override public String name() { return "lgamma"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], SpecialFunctions::lgamma); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.mul(node.input(0).digamma())); }
  }

  /**
   * {@code r = ψ(x) = d/dx log Γ(x)} (digamma);  {@code dx = g·ψ⁽¹⁾(x)} (trigamma, {@code polygamma(1, x)}).
   * {@code ψ(±0) = ∓∞} and NaN at the negative integers, as in PyTorch.
   */
  public static final class Digamma extends BuiltIn {
    @Override public String name() { return "digamma"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], SpecialFunctions::digamma); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.mul(node.input(0).polygamma(1))); }
  }

  /**
   * {@code r = ψ⁽ⁿ⁾(x) = dⁿ/dxⁿ ψ(x)} for a constant order {@code n ≥ 1} (n = 0 is {@link Digamma});
   * {@code dx = g·ψ⁽ⁿ⁺¹⁾(x)}. At 0 and the negative integers, the limit from the right,
   * {@code (-1)ⁿ⁺¹·∞}, as in PyTorch.
   */
  public static final class Polygamma extends BuiltIn {
    private final int n;

    /**
     * The polygamma function of a fixed order.
     *
     * @param n the order, {@code ≥ 1}
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public Polygamma(int n) {
      if (n < 1) {
        throw new IllegalArgumentException(
            "polygamma: the primitive's order n must be >= 1 (n = 0 is digamma); got " + n);
      }
      this.n = n;
    }

    @Override public String name() { return "polygamma"; }
    @Override public String toString() { return "polygamma(" + n + ")"; }

    /**
     * The order.
     *
     * @return {@code n ≥ 1}
     */
    public int order() {
      return n;
    }

    @Override protected Tensor forward(Tensor... in) { return map(in[0], v -> polygamma(n, v)); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.mul(node.input(0).polygamma(n + 1))); }
  }

  // The kernels, for x > 0, all work the same way: the recurrences
  //   log Γ(x) = log Γ(x+1) - log x,   ψ(x) = ψ(x+1) - 1/x,   ψ⁽ⁿ⁾(x) = ψ⁽ⁿ⁾(x+1) - (-1)ⁿ·n!/xⁿ⁺¹
  // shift x up until the asymptotic (Stirling) series is accurate to a few ulps,
  //   log Γ(y) ~ (y - ½) log y - y + ½ log 2π + Σₖ B₂ₖ / (2k(2k-1)·y²ᵏ⁻¹)
  //   ψ(y)     ~ log y - 1/(2y) - Σₖ B₂ₖ / (2k·y²ᵏ)
  //   ψ⁽ⁿ⁾(y)  ~ (-1)ⁿ⁺¹·[(n-1)!/yⁿ + n!/(2yⁿ⁺¹) + Σₖ B₂ₖ·(2k+n-1)!/((2k)!·y²ᵏ⁺ⁿ)]
  // (B₂ₖ the Bernoulli numbers; Abramowitz & Stegun 6.1.40, 6.3.18, 6.4.11). For x < 0 the
  // reflection formulas Γ(x)Γ(1-x) = π/sin(πx) and ψ(x) = ψ(1-x) - π·cot(πx) (differentiated n
  // times for ψ⁽ⁿ⁾) move the argument to 1 - x > 1. sin(πx) and cot(πx) are evaluated on
  // x - round(x), which is exact, so that they stay accurate near the poles. Near the functions'
  // zeros (lgamma at 1 and 2, digamma at 1.4616...) the error is a few ulps of the terms summed,
  // i.e. absolute, not relative.

  /** B₂ₖ for k = 1, ..., 10. */
  private static final double[] BERNOULLI = {
      1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730, 7.0 / 6, -3617.0 / 510, 43867.0 / 798,
      -174611.0 / 330};
  /** ½ log 2π. */
  private static final double HALF_LOG_2PI = 0.91893853320467274178;
  /** The lgamma and digamma recurrences shift x up to at least this. */
  private static final double ASYMPTOTIC_FROM = 10;

  /**
   * {@code log|Γ(x)|} of one number.
   *
   * @param x any number
   * @return {@code log|Γ(x)|}: {@code +∞} at 0, the negative integers and ±∞; NaN for NaN
   */
  public static double lgamma(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    if (Double.isInfinite(x)) {
      return Double.POSITIVE_INFINITY;
    }
    if (x <= 0) {
      if (x == Math.rint(x)) {
        return Double.POSITIVE_INFINITY;   // a pole of Γ
      }
      return Math.log(Math.PI) - Math.log(Math.abs(sinPi(x))) - lgammaPositive(1 - x);
    }
    return lgammaPositive(x);
  }

  /** {@code log Γ(x)} for {@code 0 < x < ∞}. */
  private static double lgammaPositive(double x) {
    double y = x;
    double logSmall = 0;
    if (y < 1) {
      logSmall = Math.log(y);   // apart, so that a tiny x does not make the product below subnormal
      y += 1;
    }
    double product = 1;
    while (y < ASYMPTOTIC_FROM) {
      product *= y;
      y += 1;
    }
    double z = 1 / (y * y);
    double series = 0;
    for (int k = 8; k >= 1; k--) {
      series = series * z + BERNOULLI[k - 1] / (2 * k * (2 * k - 1));
    }
    double stirling = (y - 0.5) * Math.log(y) - y + HALF_LOG_2PI + series / y;
    return stirling - logSmall - Math.log(product);
  }

  /**
   * The digamma function {@code ψ(x) = Γ'(x)/Γ(x)} of one number.
   *
   * @param x any number
   * @return {@code ψ(x)}: {@code -∞} at +0, {@code +∞} at -0 and at +∞, NaN at the negative
   *     integers, at -∞ and for NaN (PyTorch's values)
   */
  public static double digamma(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    if (x == 0) {
      return Math.copySign(Double.POSITIVE_INFINITY, -x);
    }
    if (x < 0) {
      if (x == Math.rint(x)) {
        return Double.NaN;   // a pole, approached from either side with opposite signs
      }
      return digammaPositive(1 - x) - Math.PI * cotPi(x);
    }
    if (x == Double.POSITIVE_INFINITY) {
      return x;
    }
    return digammaPositive(x);
  }

  /** {@code ψ(x)} for {@code 0 < x < ∞}. */
  private static double digammaPositive(double x) {
    double y = x;
    double shift = 0;
    while (y < ASYMPTOTIC_FROM) {
      shift += 1 / y;
      y += 1;
    }
    double z = 1 / (y * y);
    double series = 0;
    for (int k = 8; k >= 1; k--) {
      series = series * z + BERNOULLI[k - 1] / (2 * k);
    }
    return Math.log(y) - 0.5 / y - series * z - shift;
  }

  /**
   * The polygamma function {@code ψ⁽ⁿ⁾(x)}, the n-th derivative of digamma, of one number.
   *
   * @param n the order, {@code ≥ 0} (0 is {@link #digamma(double)})
   * @param x any number
   * @return {@code ψ⁽ⁿ⁾(x)}: at 0 and the negative integers the limit from the right,
   *     {@code (-1)ⁿ⁺¹·∞}; 0 at +∞; NaN at -∞ and for NaN. Beyond about n = 150 the factorials
   *     overflow and the result is infinite or NaN wherever it is large.
   * @throws IllegalArgumentException if {@code n < 0}
   */
  public static double polygamma(int n, double x) {
    if (n < 0) {
      throw new IllegalArgumentException("polygamma: the order n must be >= 0; got " + n);
    }
    if (n == 0) {
      return digamma(x);
    }
    if (Double.isNaN(x) || x == Double.NEGATIVE_INFINITY) {
      return Double.NaN;
    }
    if (x == Double.POSITIVE_INFINITY) {
      return 0;
    }
    double sign = n % 2 == 1 ? 1 : -1;   // (-1)ⁿ⁺¹
    if (x <= 0) {
      if (x == Math.rint(x)) {
        return sign * Double.POSITIVE_INFINITY;
      }
      // ψ⁽ⁿ⁾(x) = (-1)ⁿ·ψ⁽ⁿ⁾(1 - x) - π·dⁿ/dxⁿ cot(πx), and dⁿ/dxⁿ cot(πx) = πⁿ·Pₙ(cot πx)
      return -sign * polygammaPositive(n, 1 - x) - Math.pow(Math.PI, n + 1) * cotDerivative(n, cotPi(x));
    }
    return polygammaPositive(n, x);
  }

  /** {@code ψ⁽ⁿ⁾(x)} for {@code n ≥ 1}, {@code 0 < x < ∞}. */
  private static double polygammaPositive(int n, double x) {
    double sign = n % 2 == 1 ? 1 : -1;
    double nFactorial = 1;
    for (int j = 2; j <= n; j++) {
      nFactorial *= j;
    }
    double from = ASYMPTOTIC_FROM + n;   // the series' terms grow with n: start it further out
    double y = x;
    double shift = 0;
    while (y < from) {
      shift += Math.pow(y, -(n + 1));
      y += 1;
    }
    // (n-1)!/yⁿ·[1 + n/(2y) + Σₖ B₂ₖ·C(2k+n-1, 2k)/y²ᵏ]
    double z = 1 / (y * y);
    double bracket = 1 + n / (2 * y);
    double binomial = n * (n + 1) / 2.0;   // C(2k+n-1, 2k) for k = 1
    double zk = z;
    for (int k = 1; k <= BERNOULLI.length; k++) {
      double term = BERNOULLI[k - 1] * binomial * zk;
      bracket += term;
      if (Math.abs(term) < 1e-17 * bracket) {
        break;
      }
      binomial *= (2.0 * k + n) * (2.0 * k + n + 1) / ((2.0 * k + 1) * (2.0 * k + 2));
      zk *= z;
    }
    double asymptotic = nFactorial / n * Math.pow(y, -n) * bracket;
    return sign * (asymptotic + nFactorial * shift);
  }

  /**
   * {@code Pₙ(c)}, where {@code dⁿ/dxⁿ cot(πx) = πⁿ·Pₙ(cot πx)}: {@code P₀(c) = c},
   * {@code Pₖ₊₁(c) = -(1 + c²)·Pₖ'(c)}.
   */
  private static double cotDerivative(int n, double c) {
    double[] p = {0, 1};   // coefficients of P₀, lowest power first
    for (int k = 0; k < n; k++) {
      double[] next = new double[p.length + 1];
      for (int j = 1; j < p.length; j++) {
        next[j - 1] -= j * p[j];   // -Pₖ'
        next[j + 1] -= j * p[j];   // -c²·Pₖ'
      }
      p = next;
    }
    double v = 0;
    for (int j = p.length - 1; j >= 0; j--) {
      v = v * c + p[j];
    }
    return v;
  }

  /** {@code sin(πx)} for a finite x, accurate near the integers. */
  private static double sinPi(double x) {
    double k = Math.rint(x);
    double s = Math.sin(Math.PI * (x - k));   // x - k is exact, in [-½, ½]
    return Math.IEEEremainder(k, 2) == 0 ? s : -s;
  }

  /** {@code cot(πx)} for a finite x that is not an integer, accurate near the integers and the half-integers. */
  private static double cotPi(double x) {
    double t = x - Math.rint(x);   // exact, in [-½, ½]; cot(πx) has period 1 and is odd
    double a = Math.abs(t);
    double c = a <= 0.25 ? 1 / Math.tan(Math.PI * a) : Math.tan(Math.PI * (0.5 - a));   // 0.5 - a is exact
    return Math.copySign(c, t);
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
