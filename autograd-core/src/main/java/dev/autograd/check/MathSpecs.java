package dev.autograd.check;

import static dev.autograd.check.BuiltInSpecs.MAX_DIM;
import static dev.autograd.check.BuiltInSpecs.anyShape;
import static dev.autograd.check.BuiltInSpecs.app;
import static dev.autograd.check.BuiltInSpecs.binary;
import static dev.autograd.check.BuiltInSpecs.unary;

import dev.autograd.Tensor;
import dev.autograd.check.OpSpec.SecondDerivative;
import dev.autograd.ops.Elementwise;
import dev.autograd.ops.Piecewise;
import dev.autograd.ops.SpecialFunctions;
import dev.autograd.ops.Trigonometric;
import java.util.ArrayList;
import java.util.List;

/**
 * The specs of the elementwise math primitives ({@link Trigonometric}, {@link SpecialFunctions},
 * {@link Piecewise}) and of {@code pow} with a negative base: domains where each op is defined and
 * away from its poles and jumps.
 */
final class MathSpecs {
  private MathSpecs() {}

  private static final SecondDerivative NONZERO = SecondDerivative.NONZERO;
  private static final SecondDerivative PIECEWISE = SecondDerivative.ZERO_AWAY_FROM_KINKS;

  static List<OpSpec> all() {
    List<OpSpec> s = new ArrayList<>();
    Domain real = Domain.real();
    Domain positive = Domain.positive();
    Domain insideUnit = Domain.range(-0.9, 0.9);   // asin, acos, atanh: away from the poles at ±1

    // ---------------------------------------------------------- trigonometric, hyperbolic
    s.add(unary("sin", Trigonometric.Sin.class, NONZERO, real, Tensor::sin, "%s.sin()"));
    s.add(unary("cos", Trigonometric.Cos.class, NONZERO, real, Tensor::cos, "%s.cos()"));
    double h = Math.PI / 2;
    s.add(unary("tan", Trigonometric.Tan.class, NONZERO, real.awayFrom(0.3, -5 * h, -3 * h, -h, h, 3 * h, 5 * h),
        Tensor::tan, "%s.tan()"));
    s.add(unary("asin", Trigonometric.Asin.class, NONZERO, insideUnit, Tensor::asin, "%s.asin()"));
    s.add(unary("acos", Trigonometric.Acos.class, NONZERO, insideUnit, Tensor::acos, "%s.acos()"));
    s.add(unary("atan", Trigonometric.Atan.class, NONZERO, real, Tensor::atan, "%s.atan()"));
    s.add(unary("sinh", Trigonometric.Sinh.class, NONZERO, real, Tensor::sinh, "%s.sinh()"));
    s.add(unary("cosh", Trigonometric.Cosh.class, NONZERO, real, Tensor::cosh, "%s.cosh()"));
    s.add(unary("asinh", Trigonometric.Asinh.class, NONZERO, real, Tensor::asinh, "%s.asinh()"));
    s.add(unary("acosh", Trigonometric.Acosh.class, NONZERO, Domain.range(1.1, 8).sampling(1.2, 3), Tensor::acosh,
        "%s.acosh()"));
    s.add(unary("atanh", Trigonometric.Atanh.class, NONZERO, insideUnit, Tensor::atanh, "%s.atanh()"));
    // atan2 jumps by 2π across y = 0 left of the origin, and is singular at the origin.
    s.add(binary("atan2", Trigonometric.Atan2.class, NONZERO, real.awayFrom(0.3, 0), real, Tensor::atan2,
        "%s.atan2(%s)"));

    // ---------------------------------------------------------- special functions
    s.add(unary("erf", SpecialFunctions.Erf.class, NONZERO, real, Tensor::erf, "%s.erf()"));
    s.add(unary("erfc", SpecialFunctions.Erfc.class, NONZERO, real, Tensor::erfc, "%s.erfc()"));
    s.add(unary("expm1", SpecialFunctions.Expm1.class, NONZERO, Domain.range(-8, 2.5).sampling(-2, 2), Tensor::expm1,
        "%s.expm1()"));
    s.add(unary("log2", SpecialFunctions.Log2.class, NONZERO, positive, Tensor::log2, "%s.log2()"));
    s.add(unary("log10", SpecialFunctions.Log10.class, NONZERO, positive, Tensor::log10, "%s.log10()"));
    s.add(unary("rsqrt", SpecialFunctions.Rsqrt.class, NONZERO, positive, Tensor::rsqrt, "%s.rsqrt()"));
    s.add(unary("reciprocal", SpecialFunctions.Reciprocal.class, NONZERO, real.awayFrom(0.25, 0), Tensor::reciprocal,
        "%s.reciprocal()"));
    s.add(unary("logSigmoid", SpecialFunctions.LogSigmoid.class, NONZERO, real, Tensor::logSigmoid,
        "%s.logSigmoid()"));
    s.add(unary("gelu", SpecialFunctions.Gelu.class, NONZERO, real, Tensor::gelu, "%s.gelu()"));
    s.add(unary("silu", SpecialFunctions.Silu.class, NONZERO, real, Tensor::silu, "%s.silu()"));
    // softsign's second derivative -2·sign(x)/(1 + |x|)³ jumps at 0.
    s.add(unary("softsign", SpecialFunctions.Softsign.class, NONZERO, real.awayFrom(0.05, 0), Tensor::softsign,
        "%s.softsign()"));
    // The gamma family on x > 0 (away from the poles at 0, -1, -2, ...), where finite differences are accurate.
    Domain gammaDomain = Domain.range(0.2, 8).sampling(0.3, 4);
    s.add(unary("lgamma", SpecialFunctions.Lgamma.class, NONZERO, gammaDomain, Tensor::lgamma, "%s.lgamma()"));
    s.add(unary("digamma", SpecialFunctions.Digamma.class, NONZERO, gammaDomain, Tensor::digamma, "%s.digamma()"));
    s.add(polygamma(new int[] {1, 2, 3}, Domain.range(0.4, 8).sampling(0.5, 4)));
    s.add(binary("logAddExp", SpecialFunctions.LogAddExp.class, NONZERO, real, real, Tensor::logAddExp,
        "%s.logAddExp(%s)"));

    // ---------------------------------------------------------- steps and selections
    s.add(unary("sign", Piecewise.Sign.class, PIECEWISE, real.awayFrom(0.05, 0), Tensor::sign, "%s.sign()"));
    Domain awayFromIntegers = real.awayFrom(0.05, points(-8, 8, 0));
    s.add(unary("floor", Piecewise.Floor.class, PIECEWISE, awayFromIntegers, Tensor::floor, "%s.floor()"));
    s.add(unary("ceil", Piecewise.Ceil.class, PIECEWISE, awayFromIntegers, Tensor::ceil, "%s.ceil()"));
    s.add(unary("round", Piecewise.Round.class, PIECEWISE, real.awayFrom(0.05, points(-9, 8, 0.5)), Tensor::round,
        "%s.round()"));
    // minimum and maximum must never see a tie, but a domain speaks of one input only; so the two
    // inputs live on interleaved sets: x within 0.25 of an integer, y within 0.2 of a half-integer,
    // at least 0.05 apart, with either one the larger.
    Domain nearIntegers = real.awayFrom(0.25, points(-9, 8, 0.5));
    Domain nearHalves = real.awayFrom(0.3, points(-8, 8, 0));
    s.add(binary("minimum", Piecewise.Minimum.class, PIECEWISE, nearIntegers, nearHalves, Tensor::minimum,
        "%s.minimum(%s)"));
    s.add(binary("maximum", Piecewise.Maximum.class, PIECEWISE, nearIntegers, nearHalves, Tensor::maximum,
        "%s.maximum(%s)"));

    // ---------------------------------------------------------- pow with a negative base
    s.add(powNegativeBase(real.awayFrom(0.3, 0)));
    return List.copyOf(s);
  }

  /** {@code x.polygamma(n)} with the order n drawn from {@code orders}. */
  private static OpSpec polygamma(int[] orders, Domain d) {
    return OpSpec.of("polygamma", SpecialFunctions.Polygamma.class, NONZERO,
        (rng, first) -> new int[][] {first != null ? first : anyShape(rng)},
        (rng, shapes) -> {
          int n = orders[rng.nextInt(orders.length)];
          return app(xs -> xs[0].polygamma(n), c -> c[0] + ".polygamma(" + n + ")");
        },
        d);
  }

  /** {@code k + offset} for the integers k from {@code from} to {@code to}. */
  private static double[] points(int from, int to, double offset) {
    double[] p = new double[to - from + 1];
    for (int i = 0; i < p.length; i++) {
      p[i] = from + i + offset;
    }
    return p;
  }

  /**
   * {@code x.pow(t)} with a base of either sign and a constant integer-valued exponent tensor (a
   * broadcast partner): the exponent's derivative is undefined for a negative base, so only the base
   * is differentiable here.
   */
  private static OpSpec powNegativeBase(Domain d) {
    double[] exponents = {-2, -1, 0, 1, 2, 3};
    return OpSpec.of("powt(negative base)", Elementwise.Pow.class, NONZERO,
        (rng, first) -> new int[][] {first != null ? first : anyShape(rng)},
        (rng, shapes) -> {
          int[] ts = rng.nextBoolean() ? shapes[0] : Shapes.broadcastPartner(rng, shapes[0], MAX_DIM);
          if (!Shapes.broadcastable(shapes[0], ts)) {
            return null;
          }
          double[] t = new double[Shapes.size(ts)];
          for (int i = 0; i < t.length; i++) {
            t[i] = exponents[rng.nextInt(exponents.length)];
          }
          Tensor exponent = Tensor.of(t, ts);
          return app(xs -> xs[0].pow(exponent.to(xs[0].dtype())), c -> c[0] + ".pow(" + JavaCode.tensor(exponent) + ")");
        },
        d);
  }
}
