package dev.autograd.check;

import static dev.autograd.check.JavaCode.intArray;
import static dev.autograd.check.JavaCode.ints;
import static dev.autograd.check.JavaCode.number;

import dev.autograd.DType;
import dev.autograd.Primitive;
import dev.autograd.Tensor;
import dev.autograd.check.OpSpec.Application;
import dev.autograd.check.OpSpec.SecondDerivative;
import dev.autograd.ops.Elementwise;
import dev.autograd.ops.LinearAlgebra;
import dev.autograd.ops.Movement;
import dev.autograd.ops.Precision;
import dev.autograd.ops.Reduce;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * The specs of every built-in primitive in {@code dev.autograd.ops}: domains that keep inputs where
 * the op is defined and away from its kinks, shape rules (broadcast partners for binary ops), and
 * random parameters (axes, keep-dims, indices, exponents, transpose flags).
 */
final class BuiltInSpecs {
  private BuiltInSpecs() {}

  /** Largest rank and dimension of generated shapes: small, so that element-by-element checks stay cheap. */
  static final int MAX_RANK = 3;
  static final int MAX_DIM = 3;

  static final SecondDerivative NONZERO = SecondDerivative.NONZERO;
  static final SecondDerivative ZERO = SecondDerivative.ZERO;
  static final SecondDerivative PIECEWISE = SecondDerivative.ZERO_AWAY_FROM_KINKS;

  /** One input of any shape of rank at least one (the input given, if it qualifies). */
  static final OpSpec.ShapeRule ONE_INPUT_OF_RANK_AT_LEAST_ONE = (rng, first) -> {
    int[] s = shapeOfRankAtLeastOne(rng, first);
    return s == null ? null : new int[][] {s};
  };

  static List<OpSpec> all() {
    List<OpSpec> s = new ArrayList<>();
    Domain real = Domain.real();
    Domain positive = Domain.positive();
    Domain awayFromZero = real.awayFrom(0.05, 0);

    // ---------------------------------------------------------- elementwise, unary
    s.add(unary("neg", Elementwise.Neg.class, ZERO, real, Tensor::neg, "%s.neg()"));
    // The precision conversions, as the round trip float64 → float32 → float64 (each one's rule is
    // the other): the values round by up to 2⁻²⁴ relative, so the check steps by 2⁻⁴·max(1, |x|),
    // where that rounding moves a difference quotient by less than 1e-6 relative.
    s.add(unary("toFloat32", Precision.ToFloat32.class, ZERO, real, x -> x.to(DType.FLOAT32).to(DType.FLOAT64),
        "%s.to(DType.FLOAT32).to(DType.FLOAT64)").withStep(0x1p-4));
    s.add(unary("toFloat64", Precision.ToFloat64.class, ZERO, real, x -> x.to(DType.FLOAT32).to(DType.FLOAT64),
        "%s.to(DType.FLOAT32).to(DType.FLOAT64)").withStep(0x1p-4));
    s.add(unary("exp", Elementwise.Exp.class, NONZERO, Domain.range(-8, 2.5).sampling(-2, 2), Tensor::exp, "%s.exp()"));
    s.add(unary("log", Elementwise.Log.class, NONZERO, positive, Tensor::log, "%s.log()"));
    s.add(unary("log1p", Elementwise.Log1p.class, NONZERO, Domain.range(-0.7, 8).sampling(-0.5, 2), Tensor::log1p,
        "%s.log1p()"));
    s.add(unary("sqrt", Elementwise.Sqrt.class, NONZERO, positive, Tensor::sqrt, "%s.sqrt()"));
    s.add(unary("abs", Elementwise.Abs.class, PIECEWISE, awayFromZero, Tensor::abs, "%s.abs()"));
    s.add(unary("sigmoid", Elementwise.Sigmoid.class, NONZERO, real, Tensor::sigmoid, "%s.sigmoid()"));
    s.add(unary("tanh", Elementwise.Tanh.class, NONZERO, real, Tensor::tanh, "%s.tanh()"));
    s.add(unary("relu", Elementwise.Relu.class, PIECEWISE, awayFromZero, Tensor::relu, "%s.relu()"));
    s.add(unary("softplus", Elementwise.Softplus.class, NONZERO, real, Tensor::softplus, "%s.softplus()"));
    s.add(unary("clamp", Elementwise.Clamp.class, PIECEWISE, real.awayFrom(0.05, -1, 1), x -> x.clamp(-1, 1),
        "%s.clamp(-1, 1)"));
    s.add(powConst("pow(integer)", new double[] {0, 1, 2, 3, 4}, real));
    s.add(powConst("pow(fractional)", new double[] {0.5, 1.5, 2.5, -0.5, -1.5}, positive));
    s.add(powConst("pow(negative integer)", new double[] {-1, -2, -3}, real.awayFrom(0.3, 0)));

    // ---------------------------------------------------------- elementwise, binary (broadcasting)
    s.add(binary("add", Elementwise.Add.class, ZERO, real, real, Tensor::add, "%s.add(%s)"));
    s.add(binary("sub", Elementwise.Sub.class, ZERO, real, real, Tensor::sub, "%s.sub(%s)"));
    s.add(binary("mul", Elementwise.Mul.class, NONZERO, real, real, Tensor::mul, "%s.mul(%s)"));
    s.add(binary("div", Elementwise.Div.class, NONZERO, real, real.awayFrom(0.25, 0), Tensor::div, "%s.div(%s)"));
    s.add(binary("powt", Elementwise.Pow.class, NONZERO, positive, Domain.range(-2, 2), Tensor::pow, "%s.pow(%s)"));
    s.add(where(real));
    // The fused derivative rules of sigmoid, tanh and relu are primitives too (they run in every
    // backward pass, and their own rules make second derivatives): g·s·(1−s), g·(1−t²), g·[x > 0].
    s.add(binary("sigmoidGrad", Elementwise.SigmoidGrad.class, NONZERO, real, real,
        (g, r) -> Elementwise.SIGMOID_GRAD.apply(g, r), "Elementwise.SIGMOID_GRAD.apply(%s, %s)"));
    s.add(binary("tanhGrad", Elementwise.TanhGrad.class, NONZERO, real, real,
        (g, r) -> Elementwise.TANH_GRAD.apply(g, r), "Elementwise.TANH_GRAD.apply(%s, %s)"));
    s.add(binary("reluGrad", Elementwise.ReluGrad.class, PIECEWISE, real, awayFromZero,
        (g, x) -> Elementwise.RELU_GRAD.apply(g, x), "Elementwise.RELU_GRAD.apply(%s, %s)"));

    // ---------------------------------------------------------- reductions
    s.add(reduction("sum", Reduce.Sum.class, Reduce.Sum::new, ZERO, real));
    s.add(reduction("max", Reduce.Extremum.class, (axes, keep) -> new Reduce.Extremum(axes, keep, true),
        PIECEWISE, real.distinct(0.01)));
    s.add(reduction("min", Reduce.Extremum.class, (axes, keep) -> new Reduce.Extremum(axes, keep, false),
        PIECEWISE, real.distinct(0.01)));
    s.add(reduction("logSumExp", Reduce.LogSumExp.class, Reduce.LogSumExp::new, NONZERO, real));
    s.add(OpSpec.of("logSoftmax", Reduce.LogSoftmax.class, NONZERO, ONE_INPUT_OF_RANK_AT_LEAST_ONE,
        (rng, shapes) -> {
          if (shapes[0].length == 0) {
            return null;
          }
          int ax = axis(rng, shapes[0].length);
          return app(xs -> xs[0].logSoftmax(ax), c -> c[0] + ".logSoftmax(" + ax + ")");
        }, real));

    // ---------------------------------------------------------- movement
    s.add(unary("identity", Movement.Identity.class, ZERO, real, x -> new Movement.Identity().apply(x),
        "new Movement.Identity().apply(%s)"));
    s.add(reshape(real));
    s.add(permute(real));
    s.add(broadcastTo(real));
    s.add(sumTo(real));
    s.add(concat(real));
    s.add(slice(real));
    s.add(pad(real));
    s.add(indexSelect(real));
    s.add(indexAdd(real));

    // ---------------------------------------------------------- linear algebra
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        s.add(matmul(ta, tb, real));
      }
    }
    s.add(matmulVectors(real));
    s.add(matmulAdd(real));
    s.addAll(LinalgSpecs.all());
    s.addAll(ConvolutionSpecs.all());
    s.addAll(ShapeSpecs.all());
    s.addAll(MathSpecs.all());
    s.addAll(DecompositionSpecs.all());
    return List.copyOf(s);
  }

  // ================================================================ helpers

  static int[] anyShape(RandomGenerator rng) {
    return Shapes.random(rng, MAX_RANK, MAX_DIM);
  }

  static int[] shapeOfRankAtLeastOne(RandomGenerator rng, int[] first) {
    if (first == null) {
      return Shapes.random(rng, 1, MAX_RANK, MAX_DIM);
    }
    return first.length >= 1 ? first : null;
  }

  /** An axis of a tensor of this rank, written negatively a quarter of the time (to exercise normalisation). */
  static int axis(RandomGenerator rng, int rank) {
    int a = rng.nextInt(rank);
    return rng.nextInt(4) == 0 ? a - rank : a;
  }

  static int[] randomInts(RandomGenerator rng, int n, int bound) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = rng.nextInt(bound);
    }
    return r;
  }

  static Application app(java.util.function.Function<Tensor[], Tensor> f,
      java.util.function.Function<String[], String> code) {
    return Application.of(f, code);
  }

  static OpSpec unary(String name, Class<? extends Primitive> cls, SecondDerivative sd, Domain d,
      UnaryOperator<Tensor> f, String template) {
    return OpSpec.of(name, cls, sd,
        (rng, first) -> new int[][] {first != null ? first : anyShape(rng)},
        (rng, shapes) -> app(xs -> f.apply(xs[0]), a -> String.format(template, a[0])),
        d);
  }

  static int[][] partnerShapes(RandomGenerator rng, int[] first) {
    int[] s = first != null ? first : anyShape(rng);
    return new int[][] {s, Shapes.broadcastPartner(rng, s, MAX_DIM)};
  }

  static OpSpec binary(String name, Class<? extends Primitive> cls, SecondDerivative sd, Domain a, Domain b,
      BinaryOperator<Tensor> f, String template) {
    return OpSpec.of(name, cls, sd, BuiltInSpecs::partnerShapes,
        (rng, shapes) -> Shapes.broadcastable(shapes[0], shapes[1])
            ? app(xs -> f.apply(xs[0], xs[1]), c -> String.format(template, c[0], c[1]))
            : null,
        a, b);
  }

  private static OpSpec powConst(String name, double[] exponents, Domain d) {
    return OpSpec.of(name, Elementwise.PowConst.class, NONZERO,
        (rng, first) -> new int[][] {first != null ? first : anyShape(rng)},
        (rng, shapes) -> {
          double p = exponents[rng.nextInt(exponents.length)];
          return app(xs -> xs[0].pow(p), c -> c[0] + ".pow(" + number(p) + ")");
        },
        d);
  }

  /** {@code where(mask, a, b)}: a and b are the differentiable inputs; the constant 0/1 mask is a parameter. */
  private static OpSpec where(Domain d) {
    return OpSpec.of("where", Elementwise.Where.class, ZERO, BuiltInSpecs::partnerShapes,
        (rng, shapes) -> {
          if (!Shapes.broadcastable(shapes[0], shapes[1])) {
            return null;
          }
          int[] out = Shapes.broadcast(shapes[0], shapes[1]);
          int[] maskShape = rng.nextInt(3) == 0 ? Shapes.broadcastPartner(rng, out, MAX_DIM) : out;
          double[] m = new double[Shapes.size(maskShape)];
          for (int i = 0; i < m.length; i++) {
            m[i] = rng.nextBoolean() ? 1 : 0;
          }
          Tensor mask = Tensor.of(m, maskShape);
          return app(xs -> Tensor.where(mask, xs[0], xs[1]),
              c -> "Tensor.where(" + JavaCode.tensor(mask) + ", " + c[0] + ", " + c[1] + ")");
        },
        d, d);
  }

  interface ReductionMaker {
    Primitive make(int[] axes, boolean keepDims);
  }

  static OpSpec reduction(
      String name, Class<? extends Primitive> cls, ReductionMaker maker, SecondDerivative sd, Domain d) {
    return OpSpec.of(name, cls, sd,
        (rng, first) -> new int[][] {first != null ? first : anyShape(rng)},
        (rng, shapes) -> {
          int rank = shapes[0].length;
          int[] axes;
          if (rank == 0 || rng.nextInt(4) == 0) {
            axes = new int[0];
          } else {
            List<Integer> chosen = new ArrayList<>();
            for (int a = 0; a < rank; a++) {
              if (rng.nextBoolean()) {
                chosen.add(rng.nextInt(4) == 0 ? a - rank : a);
              }
            }
            if (chosen.isEmpty()) {
              chosen.add(rng.nextInt(rank));
            }
            axes = chosen.stream().mapToInt(Integer::intValue).toArray();
          }
          boolean keep = rng.nextBoolean();
          return app(xs -> maker.make(axes, keep).apply(xs[0]),
              c -> axes.length == 0 && !keep
                  ? c[0] + "." + name + "()"
                  : c[0] + "." + name + "(" + intArray(axes) + ", " + keep + ")");
        },
        d);
  }

  private static OpSpec reshape(Domain d) {
    return OpSpec.of("reshape", Movement.Reshape.class, ZERO,
        (rng, first) -> new int[][] {first != null ? first : anyShape(rng)},
        (rng, shapes) -> {
          int n = Shapes.size(shapes[0]);
          int[] target = factorise(rng, n);
          if (target.length > 0 && rng.nextInt(4) == 0) {
            target[rng.nextInt(target.length)] = -1;
          }
          return app(xs -> xs[0].reshape(target), c -> c[0] + ".reshape(" + ints(target) + ")");
        },
        d);
  }

  /** A random shape of rank 0..3 with {@code n} elements. */
  private static int[] factorise(RandomGenerator rng, int n) {
    int rank = n == 1 ? rng.nextInt(3) : 1 + rng.nextInt(3);
    int[] s = new int[rank];
    Arrays.fill(s, 1);
    int rest = n;
    for (int p = 2; rest > 1; p++) {
      while (rest % p == 0) {
        s[rng.nextInt(rank)] *= p;
        rest /= p;
      }
    }
    return s;
  }

  private static OpSpec permute(Domain d) {
    return OpSpec.of("permute", Movement.Permute.class, ZERO,
        ONE_INPUT_OF_RANK_AT_LEAST_ONE,
        (rng, shapes) -> {
          int rank = shapes[0].length;
          if (rank == 0) {
            return null;
          }
          int[] order = new int[rank];
          for (int i = 0; i < rank; i++) {
            order[i] = i;
          }
          for (int i = rank - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
          }
          return app(xs -> xs[0].permute(order), c -> c[0] + ".permute(" + ints(order) + ")");
        },
        d);
  }

  private static OpSpec broadcastTo(Domain d) {
    return OpSpec.of("broadcastTo", Movement.Expand.class, ZERO,
        (rng, first) -> new int[][] {first != null ? first : anyShape(rng)},
        (rng, shapes) -> {
          int[] s = shapes[0];
          int[] grown = s.clone();
          for (int i = 0; i < grown.length; i++) {
            if (grown[i] == 1 && rng.nextBoolean()) {
              grown[i] = 2 + rng.nextInt(MAX_DIM - 1);
            }
          }
          int[] target = grown;
          if (Arrays.equals(target, s) || (s.length < MAX_RANK && rng.nextInt(3) == 0)) {
            target = new int[grown.length + 1];
            target[0] = 2 + rng.nextInt(MAX_DIM - 1);
            System.arraycopy(grown, 0, target, 1, grown.length);
          }
          int[] t = target;
          return app(xs -> xs[0].broadcastTo(t), c -> c[0] + ".broadcastTo(" + ints(t) + ")");
        },
        d);
  }

  private static OpSpec sumTo(Domain d) {
    return OpSpec.of("sumTo", Movement.SumTo.class, ZERO,
        ONE_INPUT_OF_RANK_AT_LEAST_ONE,
        (rng, shapes) -> {
          int[] s = shapes[0];
          if (s.length == 0) {
            return null;
          }
          int drop = rng.nextInt(s.length + 1);
          int[] target = Arrays.copyOfRange(s, drop, s.length);
          for (int i = 0; i < target.length; i++) {
            if (rng.nextBoolean()) {
              target[i] = 1;
            }
          }
          if (Arrays.equals(target, s)) {
            target = Arrays.copyOfRange(s, 1, s.length);
          }
          int[] t = target;
          return app(xs -> xs[0].sumTo(t), c -> c[0] + ".sumTo(" + ints(t) + ")");
        },
        d);
  }

  private static OpSpec concat(Domain d) {
    return OpSpec.of("concat", Movement.Concat.class, ZERO,
        (rng, first) -> {
          int[] s = shapeOfRankAtLeastOne(rng, first);
          if (s == null) {
            return null;
          }
          int[] other = s.clone();
          other[rng.nextInt(s.length)] = 1 + rng.nextInt(MAX_DIM);
          return new int[][] {s, other};
        },
        (rng, shapes) -> {
          int[] a = shapes[0];
          int[] b = shapes[1];
          if (a.length == 0 || a.length != b.length) {
            return null;
          }
          List<Integer> axes = new ArrayList<>();
          for (int ax = 0; ax < a.length; ax++) {
            boolean ok = true;
            for (int i = 0; i < a.length && ok; i++) {
              ok = i == ax || a[i] == b[i];
            }
            if (ok) {
              axes.add(ax);
            }
          }
          if (axes.isEmpty()) {
            return null;
          }
          int ax = axes.get(rng.nextInt(axes.size()));
          int written = rng.nextInt(4) == 0 ? ax - a.length : ax;
          return app(xs -> Tensor.concat(written, xs[0], xs[1]),
              c -> "Tensor.concat(" + written + ", " + c[0] + ", " + c[1] + ")");
        },
        d, d);
  }

  /** How an op along one axis is applied, given the axis (possibly negative) and that axis's length. */
  interface AlongAxis {
    /** An application along {@code axis} (of length {@code dim}) of an input with {@code count} elements. */
    Application make(RandomGenerator rng, int axis, int dim, int count);
  }

  /** A one-input op that works along a random axis of a tensor of rank at least one. */
  static OpSpec alongAxis(String name, Class<? extends Primitive> cls, AlongAxis op, Domain d) {
    return OpSpec.of(name, cls, ZERO,
        ONE_INPUT_OF_RANK_AT_LEAST_ONE,
        (rng, shapes) -> {
          int[] s = shapes[0];
          if (s.length == 0) {
            return null;
          }
          int ax = axis(rng, s.length);
          return op.make(rng, ax, s[ax < 0 ? ax + s.length : ax], Shapes.size(s));
        },
        d);
  }

  private static OpSpec slice(Domain d) {
    return alongAxis("slice", Movement.Slice.class, (rng, ax, dim, count) -> {
      int start = rng.nextInt(dim);
      int end = start + 1 + rng.nextInt(dim - start);
      return app(xs -> xs[0].slice(ax, start, end), c -> c[0] + ".slice(" + ax + ", " + start + ", " + end + ")");
    }, d);
  }

  private static OpSpec pad(Domain d) {
    return alongAxis("pad", Movement.Pad.class, (rng, ax, dim, count) -> {
      int size = dim + rng.nextInt(3);
      int start = rng.nextInt(size - dim + 1);
      return app(xs -> new Movement.Pad(ax, start, size).apply(xs[0]),
          c -> "new Movement.Pad(" + ax + ", " + start + ", " + size + ").apply(" + c[0] + ")");
    }, d);
  }

  private static OpSpec indexSelect(Domain d) {
    return alongAxis("indexSelect", Movement.IndexSelect.class, (rng, ax, dim, count) -> {
      int[] idx = randomInts(rng, 1 + rng.nextInt(MAX_DIM), dim);
      return app(xs -> xs[0].indexSelect(ax, idx), c -> c[0] + ".indexSelect(" + ax + ", " + ints(idx) + ")");
    }, d);
  }

  private static OpSpec indexAdd(Domain d) {
    return alongAxis("indexAdd", Movement.IndexAdd.class, (rng, ax, dim, count) -> {
      int size = 1 + rng.nextInt(MAX_DIM);
      int[] idx = randomInts(rng, dim, size);
      return app(xs -> new Movement.IndexAdd(ax, idx, size).apply(xs[0]),
          c -> "new Movement.IndexAdd(" + ax + ", " + intArray(idx) + ", " + size + ").apply(" + c[0] + ")");
    }, d);
  }

  /** {@code op(A)·op(B)} with stored shapes: A is [k, m] when transposed, B is [n, k] when transposed. */
  private static OpSpec matmul(boolean ta, boolean tb, Domain d) {
    String name = "matmul" + (ta ? "(Aᵀ" : "(A") + (tb ? "·Bᵀ)" : "·B)");
    return OpSpec.of(name, LinearAlgebra.MatMul.class, NONZERO,
        (rng, first) -> {
          int[] a = first != null ? first : new int[] {1 + rng.nextInt(MAX_DIM), 1 + rng.nextInt(MAX_DIM)};
          if (a.length != 2) {
            return null;
          }
          int k = ta ? a[0] : a[1];
          int n = 1 + rng.nextInt(MAX_DIM);
          return new int[][] {a, tb ? new int[] {n, k} : new int[] {k, n}};
        },
        (rng, shapes) -> {
          int[] a = shapes[0];
          int[] b = shapes[1];
          if (a.length != 2 || b.length != 2 || (ta ? a[0] : a[1]) != (tb ? b[1] : b[0])) {
            return null;
          }
          if (!ta && !tb) {
            return app(xs -> xs[0].matmul(xs[1]), c -> c[0] + ".matmul(" + c[1] + ")");
          }
          return app(xs -> new LinearAlgebra.MatMul(ta, tb).apply(xs[0], xs[1]),
              c -> "new LinearAlgebra.MatMul(" + ta + ", " + tb + ").apply(" + c[0] + ", " + c[1] + ")");
        },
        d, d);
  }

  /** {@code A·B + C} with C of shape [n], [1, n], [m, n], [m, 1] or a scalar. */
  private static OpSpec matmulAdd(Domain d) {
    return OpSpec.of("matmulAdd", LinearAlgebra.MatMulAdd.class, NONZERO,
        (rng, first) -> {
          int[] a = first != null ? first : new int[] {1 + rng.nextInt(MAX_DIM), 1 + rng.nextInt(MAX_DIM)};
          if (a.length != 2) {
            return null;
          }
          int m = a[0];
          int n = 1 + rng.nextInt(MAX_DIM);
          int[][] biasShapes = {{n}, {1, n}, {m, n}, {m, 1}, {}};
          return new int[][] {a, {a[1], n}, biasShapes[rng.nextInt(biasShapes.length)]};
        },
        (rng, shapes) -> {
          int[] a = shapes[0];
          int[] b = shapes[1];
          if (a.length != 2 || b.length != 2 || a[1] != b[0]
              || !dev.autograd.Shape.broadcastsTo(shapes[2], new int[] {a[0], b[1]})) {
            return null;
          }
          return app(xs -> xs[0].matmulAdd(xs[1], xs[2]),
              c -> c[0] + ".matmulAdd(" + c[1] + ", " + c[2] + ")");
        },
        d, d, d);
  }

  /** Matrix × vector, vector × matrix and vector · vector, which record reshapes around a MatMul. */
  private static OpSpec matmulVectors(Domain d) {
    return OpSpec.of("matmul(vectors)", LinearAlgebra.MatMul.class, NONZERO,
        (rng, first) -> {
          int[] a = first;
          if (a == null) {
            a = rng.nextBoolean() ? new int[] {1 + rng.nextInt(MAX_DIM)}
                : new int[] {1 + rng.nextInt(MAX_DIM), 1 + rng.nextInt(MAX_DIM)};
          }
          if (a.length == 1) {
            int k = a[0];
            return new int[][] {a, rng.nextBoolean() ? new int[] {k} : new int[] {k, 1 + rng.nextInt(MAX_DIM)}};
          }
          return a.length == 2 ? new int[][] {a, {a[1]}} : null;
        },
        (rng, shapes) -> {
          int[] a = shapes[0];
          int[] b = shapes[1];
          boolean ranksOk = a.length >= 1 && a.length <= 2 && b.length >= 1 && b.length <= 2
              && (a.length == 1 || b.length == 1);
          if (!ranksOk || a[a.length - 1] != b[0]) {
            return null;
          }
          return app(xs -> xs[0].matmul(xs[1]), c -> c[0] + ".matmul(" + c[1] + ")");
        },
        d, d);
  }
}
