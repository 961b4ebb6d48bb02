package dev.autograd.check;

import dev.autograd.Primitive;
import dev.autograd.Shape;
import dev.autograd.Tensor;
import dev.autograd.check.OpSpec.Application;
import dev.autograd.check.OpSpec.SecondDerivative;
import dev.autograd.ops.Elementwise;
import dev.autograd.ops.LinearAlgebra;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Specs of the linear-algebra primitives beyond the plain matrix product: batched products (with
 * every pair of transpose flags, and through {@code matmul} with random broadcast batch shapes),
 * diagonals and their embedding with random offsets and axes, triangles with random k; and
 * {@code einsum}, a composite, through a few equations per primitive it records.
 */
final class LinalgSpecs {
  private LinalgSpecs() {}

  private static final int MAX_DIM = BuiltInSpecs.MAX_DIM;
  private static final SecondDerivative NONZERO = SecondDerivative.NONZERO;
  private static final SecondDerivative ZERO = SecondDerivative.ZERO;

  static List<OpSpec> all() {
    List<OpSpec> s = new ArrayList<>();
    Domain real = Domain.real();
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        s.add(batchedMatmul(ta, tb, real));
      }
    }
    s.add(batchedMatmulAdd(real));
    s.add(matmulBroadcast(real));
    s.add(matmulFolded(real));
    s.add(diagonal(real));
    s.add(diagEmbed(real));
    s.add(triangle(true, real));
    s.add(triangle(false, real));
    s.add(einsum("einsum(matmul)", LinearAlgebra.MatMul.class, NONZERO, real,
        "ij,jk->ik", "ij,kj->ki", "ji,jk->ik", "ijk,jl->lik", "ij,j->i", "i,i->", "ijk,jk->i"));
    s.add(einsum("einsum(batched)", LinearAlgebra.BatchedMatMul.class, NONZERO, real,
        "bij,bjk->bik", "bij,bkj->bki", "ibj,jbk->bik", "bi,bi->b"));
    s.add(einsum("einsum(diagonal)", LinearAlgebra.Diagonal.class, ZERO, real, "ii->i", "ii->", "iji->j", "iij->ji"));
    s.add(einsum("einsum(product)", Elementwise.Mul.class, NONZERO, real, "i,j->ij", "ij,ij->ij", "bi,bj->bij", "ij,j->ij"));
    s.add(einsum("einsum(three operands)", LinearAlgebra.MatMul.class, NONZERO, real, "ij,jk,kl->il", "i,ij,j->"));
    return s;
  }

  private static int dim(RandomGenerator rng) {
    return 1 + rng.nextInt(MAX_DIM);
  }

  /** An axis of a tensor of this rank, written negatively a quarter of the time. */
  private static int written(RandomGenerator rng, int axis, int rank) {
    return rng.nextInt(4) == 0 ? axis - rank : axis;
  }

  private static int[] concat(int[] a, int... b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** A batch shape: rank 1 with dimensions up to 3, or rank 2 with dimensions up to 2 (inputs stay small). */
  private static int[] batch(RandomGenerator rng) {
    return rng.nextBoolean()
        ? new int[] {dim(rng)}
        : new int[] {1 + rng.nextInt(2), 1 + rng.nextInt(2)};
  }

  /** {@code op(A[β])·op(B[β])}: A is [β, k, m] when transposed, B is [β, n, k] when transposed. */
  private static OpSpec batchedMatmul(boolean ta, boolean tb, Domain d) {
    String name = "batchedMatmul" + (ta ? "(Aᵀ" : "(A") + (tb ? "·Bᵀ)" : "·B)");
    return OpSpec.of(name, LinearAlgebra.BatchedMatMul.class, NONZERO,
        (rng, first) -> {
          int[] a = first != null ? first : concat(batch(rng), dim(rng), dim(rng));
          if (a.length < 3) {
            return null;
          }
          int k = ta ? a[a.length - 2] : a[a.length - 1];
          int n = dim(rng);
          int[] batch = Arrays.copyOf(a, a.length - 2);
          return new int[][] {a, tb ? concat(batch, n, k) : concat(batch, k, n)};
        },
        (rng, shapes) -> {
          int[] a = shapes[0];
          int[] b = shapes[1];
          int r = a.length;
          if (r < 3 || b.length != r || !Arrays.equals(Arrays.copyOf(a, r - 2), Arrays.copyOf(b, r - 2))
              || (ta ? a[r - 2] : a[r - 1]) != (tb ? b[r - 1] : b[r - 2])) {
            return null;
          }
          return Application.of(xs -> new LinearAlgebra.BatchedMatMul(ta, tb).apply(xs[0], xs[1]),
              c -> "new LinearAlgebra.BatchedMatMul(" + ta + ", " + tb + ").apply(" + c[0] + ", " + c[1] + ")");
        },
        d, d);
  }

  /** {@code A[β]·B[β] + C} with C broadcast to the result: a full term, a column, a row or a scalar. */
  private static OpSpec batchedMatmulAdd(Domain d) {
    return OpSpec.of("batchedMatmul(A·B + C)", LinearAlgebra.BatchedMatMul.class, NONZERO,
        (rng, first) -> {
          int[] a = first != null ? first : concat(batch(rng), dim(rng), dim(rng));
          if (a.length < 3) {
            return null;
          }
          int r = a.length;
          int m = a[r - 2];
          int n = dim(rng);
          int[] batch = Arrays.copyOf(a, r - 2);
          int[] c;
          switch (rng.nextInt(4)) {
            case 0: c = concat(batch, m, n); break;
            case 1: c = new int[] {m, 1}; break;
            case 2: c = new int[] {n}; break;
            default: c = new int[0]; break;
          }
          return new int[][] {a, concat(batch, a[r - 1], n), c};
        },
        (rng, shapes) -> {
          int[] a = shapes[0];
          int[] b = shapes[1];
          int r = a.length;
          if (r < 3 || b.length != r || !Arrays.equals(Arrays.copyOf(a, r - 2), Arrays.copyOf(b, r - 2))
              || a[r - 1] != b[r - 2]) {
            return null;
          }
          int[] result = concat(Arrays.copyOf(a, r - 2), a[r - 2], b[r - 1]);
          if (!Shape.broadcastsTo(shapes[2], result)) {
            return null;
          }
          return Application.of(xs -> new LinearAlgebra.BatchedMatMul(false, false).apply(xs[0], xs[1], xs[2]),
              c -> "new LinearAlgebra.BatchedMatMul(false, false).apply(" + c[0] + ", " + c[1] + ", " + c[2] + ")");
        },
        d, d, d);
  }

  /** A batch that broadcasts with {@code batch} and holds more than one matrix: stretched 1s, or a new axis. */
  private static int[] partnerOfSizeAboveOne(RandomGenerator rng, int[] batch) {
    int[] p = batch.clone();
    for (int i = 0; i < p.length; i++) {
      if (p[i] == 1 && rng.nextBoolean()) {
        p[i] = 2;
      } else if (p[i] > 1 && rng.nextInt(3) == 0) {
        p[i] = 1;
      }
    }
    if (Shape.size(p) == 1) {
      if (Shape.size(batch) > 1) {
        p = batch.clone();
      } else if (p.length > 0) {
        p[rng.nextInt(p.length)] = 2;   // batch is all 1s: any axis may stretch
      } else {
        p = new int[] {2 + rng.nextInt(MAX_DIM - 1)};
      }
    }
    return p;
  }

  /**
   * {@code a.matmul(b)} with a batched right operand: random broadcast batch shapes (stretched 1s,
   * missing leading axes) and a left operand that may be a matrix or a vector.
   */
  private static OpSpec matmulBroadcast(Domain d) {
    return OpSpec.of("matmul(broadcast)", LinearAlgebra.BatchedMatMul.class, NONZERO,
        (rng, first) -> {
          int[] a = first;
          if (a == null) {
            int[] batch = batch(rng);
            int roll = rng.nextInt(4);
            a = roll == 0 ? new int[] {dim(rng)}
                : roll == 1 ? new int[] {dim(rng), dim(rng)}
                : concat(Arrays.copyOfRange(batch, rng.nextInt(batch.length), batch.length), dim(rng), dim(rng));
          }
          if (a.length == 0) {
            return null;
          }
          int k = a[a.length - 1];
          int[] aBatch = Arrays.copyOf(a, Math.max(0, a.length - 2));
          int[] bBatch = partnerOfSizeAboveOne(rng, aBatch.length > 0 && rng.nextInt(3) > 0 ? aBatch : batch(rng));
          if (!Shapes.broadcastable(aBatch, bBatch)) {
            bBatch = partnerOfSizeAboveOne(rng, aBatch);
          }
          return new int[][] {a, concat(bBatch, k, dim(rng))};
        },
        (rng, shapes) -> {
          int[] a = shapes[0];
          int[] b = shapes[1];
          if (a.length == 0 || b.length < 3 || a[a.length - 1] != b[b.length - 2]) {
            return null;
          }
          int[] aBatch = Arrays.copyOf(a, Math.max(0, a.length - 2));
          int[] bBatch = Arrays.copyOf(b, b.length - 2);
          if (Shape.size(bBatch) == 1 || !Shapes.broadcastable(aBatch, bBatch)) {
            return null;
          }
          return Application.of(xs -> xs[0].matmul(xs[1]), c -> c[0] + ".matmul(" + c[1] + ")");
        },
        d, d);
  }

  /** {@code a.matmul(b)} for a batched a and a single matrix or vector b: one folded 2-d product. */
  private static OpSpec matmulFolded(Domain d) {
    return OpSpec.of("matmul(folded)", LinearAlgebra.MatMul.class, NONZERO,
        (rng, first) -> {
          int[] a = first != null ? first : concat(batch(rng), dim(rng), dim(rng));
          if (a.length < 3) {
            return null;
          }
          int k = a[a.length - 1];
          int roll = rng.nextInt(4);
          int[] b = roll == 0 ? new int[] {k} : roll == 1 ? new int[] {1, k, dim(rng)} : new int[] {k, dim(rng)};
          return new int[][] {a, b};
        },
        (rng, shapes) -> {
          int[] a = shapes[0];
          int[] b = shapes[1];
          if (a.length < 3 || b.length == 0 || a[a.length - 1] != (b.length == 1 ? b[0] : b[b.length - 2])
              || Shape.size(Arrays.copyOf(b, Math.max(0, b.length - 2))) != 1) {
            return null;
          }
          return Application.of(xs -> xs[0].matmul(xs[1]), c -> c[0] + ".matmul(" + c[1] + ")");
        },
        d, d);
  }

  /** {@code x.diagonal(offset, axis1, axis2)} with random distinct axes and any offset that has a diagonal. */
  private static OpSpec diagonal(Domain d) {
    return OpSpec.of("diagonal", LinearAlgebra.Diagonal.class, ZERO,
        (rng, first) -> {
          int[] s = first != null ? first : Shapes.random(rng, 2, 3, MAX_DIM);
          return s.length >= 2 ? new int[][] {s} : null;
        },
        (rng, shapes) -> {
          int[] s = shapes[0];
          int r = s.length;
          if (r < 2) {
            return null;
          }
          int p = rng.nextInt(r);
          int q = (p + 1 + rng.nextInt(r - 1)) % r;
          int offset = -(s[p] - 1) + rng.nextInt(s[p] + s[q] - 1);
          int a1 = written(rng, p, r);
          int a2 = written(rng, q, r);
          return Application.of(xs -> xs[0].diagonal(offset, a1, a2),
              c -> c[0] + ".diagonal(" + offset + ", " + a1 + ", " + a2 + ")");
        },
        d);
  }

  /**
   * The last axis on diagonal {@code offset} of planes {@code size1 × size2} at random result axes;
   * the planes are square ({@code diagEmbed}) or as long as the diagonal along one of their axes.
   */
  private static OpSpec diagEmbed(Domain d) {
    return OpSpec.of("diagEmbed", LinearAlgebra.DiagEmbed.class, ZERO,
        (rng, first) -> {
          int[] s = first != null ? first : Shapes.random(rng, 1, 2, MAX_DIM);
          return s.length >= 1 && s.length <= 2 ? new int[][] {s} : null;
        },
        (rng, shapes) -> {
          int[] s = shapes[0];
          if (s.length < 1 || s.length > 2) {
            return null;
          }
          int length = s[s.length - 1];
          int r = s.length + 1;
          int offset = rng.nextInt(5) - 2;
          int p = rng.nextInt(r);
          int q = (p + 1 + rng.nextInt(r - 1)) % r;
          int a1 = written(rng, p, r);
          int a2 = written(rng, q, r);
          int roll = rng.nextInt(3);
          if (roll == 0) {
            return Application.of(xs -> xs[0].diagEmbed(offset, a1, a2),
                c -> c[0] + ".diagEmbed(" + offset + ", " + a1 + ", " + a2 + ")");
          }
          // The diagonal of a size1 × size2 plane is as long as the last axis: it ends at one edge.
          int extra = rng.nextInt(2);
          int size1 = offset >= 0 ? (roll == 1 ? length : length + extra) : length - offset + (roll == 1 ? extra : 0);
          int size2 = offset >= 0 ? length + offset + (roll == 1 ? extra : 0) : (roll == 1 ? length : length + extra);
          return Application.of(xs -> new LinearAlgebra.DiagEmbed(offset, a1, a2, size1, size2).apply(xs[0]),
              c -> "new LinearAlgebra.DiagEmbed(" + offset + ", " + a1 + ", " + a2 + ", " + size1 + ", " + size2
                  + ").apply(" + c[0] + ")");
        },
        d);
  }

  /** {@code x.tril(k)} or {@code x.triu(k)} for a random k, on a matrix or a batch of them. */
  private static OpSpec triangle(boolean lower, Domain d) {
    String name = lower ? "tril" : "triu";
    return OpSpec.of(name, LinearAlgebra.Triangle.class, ZERO,
        (rng, first) -> {
          int[] s = first != null ? first : Shapes.random(rng, 2, 3, MAX_DIM);
          return s.length >= 2 ? new int[][] {s} : null;
        },
        (rng, shapes) -> {
          if (shapes[0].length < 2) {
            return null;
          }
          int k = rng.nextInt(7) - 3;
          return Application.of(xs -> lower ? xs[0].tril(k) : xs[0].triu(k), c -> c[0] + "." + name + "(" + k + ")");
        },
        d);
  }

  /** Operands' subscripts of an equation with an explicit output. */
  private static String[] operandSubscripts(String equation) {
    return equation.substring(0, equation.indexOf("->")).split(",", -1);
  }

  /**
   * Letter sizes that fit these operand shapes (null entries: not given), or null when a rank or a
   * repeated letter's size disagrees.
   */
  private static Map<Character, Integer> fit(String[] subs, int[][] shapes) {
    Map<Character, Integer> sizes = new HashMap<>();
    for (int o = 0; o < subs.length; o++) {
      if (shapes[o] == null) {
        continue;
      }
      if (shapes[o].length != subs[o].length()) {
        return null;
      }
      for (int i = 0; i < shapes[o].length; i++) {
        Integer was = sizes.putIfAbsent(subs[o].charAt(i), shapes[o][i]);
        if (was != null && was != shapes[o][i]) {
          return null;
        }
      }
    }
    return sizes;
  }

  /**
   * {@code Tensor.einsum} over equations that all record {@code cls}: shapes from random letter
   * sizes (or fitted to a given first input), and for given shapes an equation that fits them.
   */
  private static OpSpec einsum(String name, Class<? extends Primitive> cls, SecondDerivative sd, Domain d,
      String... equations) {
    int arity = operandSubscripts(equations[0]).length;
    Domain[] domains = new Domain[arity];
    Arrays.fill(domains, d);
    return OpSpec.of(name, cls, sd,
        (rng, first) -> {
          for (String eq : shuffled(rng, equations)) {
            String[] subs = operandSubscripts(eq);
            int[][] given = new int[arity][];
            given[0] = first;
            Map<Character, Integer> sizes = fit(subs, given);
            if (sizes == null) {
              continue;
            }
            int[][] shapes = new int[arity][];
            for (int o = 0; o < arity; o++) {
              shapes[o] = new int[subs[o].length()];
              for (int i = 0; i < shapes[o].length; i++) {
                shapes[o][i] = sizes.computeIfAbsent(subs[o].charAt(i), c -> dim(rng));
              }
            }
            return shapes;
          }
          return null;
        },
        (rng, shapes) -> {
          for (String eq : shuffled(rng, equations)) {
            if (fit(operandSubscripts(eq), shapes) != null) {
              return Application.of(xs -> Tensor.einsum(eq, xs),
                  c -> "Tensor.einsum(\"" + eq + "\", " + String.join(", ", c) + ")");
            }
          }
          return null;
        },
        domains);
  }

  private static List<String> shuffled(RandomGenerator rng, String[] items) {
    List<String> list = new ArrayList<>(Arrays.asList(items));
    for (int i = list.size() - 1; i > 0; i--) {
      Collections.swap(list, i, rng.nextInt(i + 1));
    }
    return list;
  }
}
