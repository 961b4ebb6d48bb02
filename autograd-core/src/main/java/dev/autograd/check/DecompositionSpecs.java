package dev.autograd.check;

import dev.autograd.Linalg;
import dev.autograd.Tensor;
import dev.autograd.check.OpSpec.Application;
import dev.autograd.check.OpSpec.SecondDerivative;
import dev.autograd.ops.Decompositions;
import dev.autograd.ops.LinearAlgebra;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;

/**
 * The specs of the factorisation primitives ({@link Decompositions}). Their inputs are kept well
 * conditioned inside each application rather than by the domain alone: a sampled matrix M (entries
 * in [-1, 1]) enters as {@code M + D}, D diagonal with entries ±2n (so the matrix is strictly
 * diagonally dominant, its determinant of either sign), or {@code +2n} for log det (a positive
 * determinant); the Cholesky factor is checked on {@code M + 2n·I}, whose lower triangle completes to
 * a positive-definite matrix (the rule is the gradient of the function of the lower triangle), and on
 * the symmetric {@code M·Mᵀ + n·I}.
 */
final class DecompositionSpecs {
  private DecompositionSpecs() {}

  private static final SecondDerivative NONZERO = SecondDerivative.NONZERO;

  static List<OpSpec> all() {
    Domain entries = Domain.range(-1, 1);
    Domain real = Domain.real();
    List<OpSpec> s = new ArrayList<>();
    s.add(oneMatrix("inverse", Decompositions.Inverse.class, true, entries,
        (m, shift) -> app(xs -> xs[0].add(shift.to(xs[0].dtype())).inverse(), c -> c[0] + ".add(" + JavaCode.tensor(shift) + ").inverse()")));
    s.add(oneMatrix("det", Decompositions.Det.class, true, entries,
        (m, shift) -> app(xs -> xs[0].add(shift.to(xs[0].dtype())).det(), c -> c[0] + ".add(" + JavaCode.tensor(shift) + ").det()")));
    s.add(oneMatrix("logdet", Decompositions.LogDet.class, false, entries,
        (m, shift) -> app(xs -> xs[0].add(shift.to(xs[0].dtype())).logdet(), c -> c[0] + ".add(" + JavaCode.tensor(shift) + ").logdet()")));
    s.add(oneMatrix("logAbsDet", Decompositions.LogDet.class, true, entries,
        (m, shift) -> app(xs -> Linalg.slogdet(xs[0].add(shift.to(xs[0].dtype()))).logAbsDet(),
            c -> "Linalg.slogdet(" + c[0] + ".add(" + JavaCode.tensor(shift) + ")).logAbsDet()")));
    s.add(oneMatrix("cholesky", Decompositions.Cholesky.class, false, entries,
        (m, shift) -> app(xs -> Linalg.cholesky(xs[0].add(shift.to(xs[0].dtype()))),
            c -> "Linalg.cholesky(" + c[0] + ".add(" + JavaCode.tensor(shift) + "))")));
    s.add(oneMatrix("cholesky(M·Mᵀ)", Decompositions.Cholesky.class, false, entries, (m, shift) -> {
      Tensor half = shift.div(2);
      return app(xs -> Linalg.cholesky(new LinearAlgebra.MatMul(false, true).apply(xs[0], xs[0]).add(half.to(xs[0].dtype()))),
          c -> "Linalg.cholesky(new LinearAlgebra.MatMul(false, true).apply(" + c[0] + ", " + c[0] + ").add("
              + JavaCode.tensor(half) + "))");
    }));
    s.add(withRightHandSide("solve", Decompositions.Solve.class, false, entries, real, (rng, shift) -> {
      boolean transA = rng.nextBoolean();
      return app(xs -> new Decompositions.Solve(transA).apply(xs[0].add(shift.to(xs[0].dtype())), xs[1]),
          c -> "new Decompositions.Solve(" + transA + ").apply(" + c[0] + ".add(" + JavaCode.tensor(shift) + "), "
              + c[1] + ")");
    }));
    s.add(withRightHandSide("solve(vector)", Decompositions.Solve.class, true, entries, real, (rng, shift) ->
        app(xs -> Linalg.solve(xs[0].add(shift.to(xs[0].dtype())), xs[1]),
            c -> "Linalg.solve(" + c[0] + ".add(" + JavaCode.tensor(shift) + "), " + c[1] + ")")));
    s.add(withRightHandSide("solveTriangular", Decompositions.SolveTriangular.class, false, entries, real,
        (rng, shift) -> {
          boolean upper = rng.nextBoolean();
          boolean transA = rng.nextBoolean();
          boolean unit = rng.nextInt(3) == 0;
          return app(xs -> new Decompositions.SolveTriangular(upper, transA, unit).apply(xs[0].add(shift.to(xs[0].dtype())), xs[1]),
              c -> "new Decompositions.SolveTriangular(" + upper + ", " + transA + ", " + unit + ").apply(" + c[0]
                  + ".add(" + JavaCode.tensor(shift) + "), " + c[1] + ")");
        }));
    s.add(solveTriangularRight(entries, real));
    s.add(batched(entries, real));
    return List.copyOf(s);
  }

  // ================================================================ helpers

  private static Application app(java.util.function.Function<Tensor[], Tensor> f,
      java.util.function.Function<String[], String> code) {
    return Application.of(f, code);
  }

  /** A square shape: {@code first} when it is square, else null; a random one when {@code first} is null. */
  private static int[] squareShape(RandomGenerator rng, int[] first) {
    if (first == null) {
      int n = 1 + rng.nextInt(BuiltInSpecs.MAX_DIM);
      return new int[] {n, n};
    }
    return first.length == 2 && first[0] == first[1] ? first : null;
  }

  private static boolean isSquare(int[] s) {
    return s.length == 2 && s[0] == s[1];
  }

  /** {@code diag(±2n)} ({@code signed}) or {@code 2n·I}: added to a matrix of entries in [-1, 1], it dominates. */
  private static Tensor shift(RandomGenerator rng, int n, boolean signed) {
    double[] d = new double[n * n];
    for (int i = 0; i < n; i++) {
      d[i * n + i] = (signed && rng.nextBoolean() ? -2.0 : 2.0) * n;
    }
    return Tensor.wrap(d, n, n);
  }

  /** An op of one square matrix, applied to {@code M + shift}. */
  private static OpSpec oneMatrix(String name, Class<? extends dev.autograd.Primitive> cls, boolean signed,
      Domain d, BiFunction<Integer, Tensor, Application> make) {
    return OpSpec.of(name, cls, NONZERO,
        (rng, first) -> {
          int[] s = squareShape(rng, first);
          return s == null ? null : new int[][] {s};
        },
        (rng, shapes) -> isSquare(shapes[0])
            ? make.apply(shapes[0][0], shift(rng, shapes[0][0], signed))
            : null,
        d);
  }

  /** Makes an application from the random source and the diagonal shift. */
  private interface SolveMaker {
    Application make(RandomGenerator rng, Tensor shift);
  }

  /** A solve of {@code (M + shift)·X = B}, B of shape [n, k] (or [n] when {@code vector}). */
  private static OpSpec withRightHandSide(String name, Class<? extends dev.autograd.Primitive> cls, boolean vector,
      Domain a, Domain b, SolveMaker make) {
    return OpSpec.of(name, cls, NONZERO,
        (rng, first) -> {
          int[] s = squareShape(rng, first);
          if (s == null) {
            return null;
          }
          int n = s[0];
          return new int[][] {s, vector ? new int[] {n} : new int[] {n, 1 + rng.nextInt(BuiltInSpecs.MAX_DIM)}};
        },
        (rng, shapes) -> {
          int[] sa = shapes[0];
          int[] sb = shapes[1];
          boolean fits = isSquare(sa) && (vector ? sb.length == 1 : sb.length == 2) && sb[0] == sa[0];
          return fits ? make.make(rng, shift(rng, sa[0], true)) : null;
        },
        a, b);
  }

  /**
   * Batches, through Linalg's loop over matrices: {@code solve} of a [b, n, n] batch with B of shape
   * [b, n, k] or [n, k] (broadcast over the batch), and {@code log|det|} of every matrix.
   */
  private static OpSpec batched(Domain a, Domain b) {
    return OpSpec.of("solve(batch)", Decompositions.Solve.class, NONZERO,
        (rng, first) -> {
          int[] s = first;
          if (s == null) {
            int n = 1 + rng.nextInt(BuiltInSpecs.MAX_DIM);
            s = new int[] {2, n, n};
          }
          if (s.length != 3 || s[1] != s[2]) {
            return null;
          }
          int k = 1 + rng.nextInt(BuiltInSpecs.MAX_DIM);
          return new int[][] {s, rng.nextBoolean() ? new int[] {s[0], s[1], k} : new int[] {s[1], k}};
        },
        (rng, shapes) -> {
          int[] sa = shapes[0];
          int[] sb = shapes[1];
          if (sa.length != 3 || sa[1] != sa[2] || sb.length < 2 || sb[sb.length - 2] != sa[1]
              || (sb.length == 3 && sb[0] != sa[0]) || sb.length > 3) {
            return null;
          }
          Tensor shift = shift(rng, sa[1], true);
          boolean withLogDet = rng.nextBoolean();
          return app(xs -> {
                Tensor m = xs[0].add(shift.to(xs[0].dtype()));
                Tensor x = Linalg.solve(m, xs[1]);
                return withLogDet ? x.add(Linalg.slogdet(m).logAbsDet().reshape(sa[0], 1, 1)) : x;
              },
              c -> {
                String m = c[0] + ".add(" + JavaCode.tensor(shift) + ")";
                String x = "Linalg.solve(" + m + ", " + c[1] + ")";
                return withLogDet ? x + ".add(Linalg.slogdet(" + m + ").logAbsDet().reshape(" + sa[0] + ", 1, 1))" : x;
              });
        },
        a, b);
  }

  /** {@code X·T = B} (left = false), which transposes around a {@link Decompositions.SolveTriangular}. */
  private static OpSpec solveTriangularRight(Domain a, Domain b) {
    return OpSpec.of("solveTriangular(right)", Decompositions.SolveTriangular.class, NONZERO,
        (rng, first) -> {
          int[] s = squareShape(rng, first);
          return s == null ? null : new int[][] {s, {1 + rng.nextInt(BuiltInSpecs.MAX_DIM), s[0]}};
        },
        (rng, shapes) -> {
          int[] sa = shapes[0];
          int[] sb = shapes[1];
          if (!isSquare(sa) || sb.length != 2 || sb[1] != sa[0]) {
            return null;
          }
          Tensor shift = shift(rng, sa[0], true);
          boolean upper = rng.nextBoolean();
          boolean unit = rng.nextInt(3) == 0;
          return app(xs -> Linalg.solveTriangular(xs[0].add(shift.to(xs[0].dtype())), xs[1], upper, false, unit),
              c -> "Linalg.solveTriangular(" + c[0] + ".add(" + JavaCode.tensor(shift) + "), " + c[1] + ", " + upper
                  + ", false, " + unit + ")");
        },
        a, b);
  }
}
