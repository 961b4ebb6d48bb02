package dev.autograd.internal;

import dev.ludovic.netlib.blas.BLAS;
import java.util.Arrays;

/**
 * Row-major double-precision matrix multiply, {@code c = op(a)·op(b)} where {@code op} is the
 * identity or the transpose. Not part of the public API.
 *
 * <p>Which kernel runs is decided once, when the class loads:
 *
 * <ul>
 *   <li>native BLAS (OpenBLAS through dev.ludovic.netlib's JNI binding) when the machine has it —
 *       on Debian, {@code apt-get install libopenblas0-pthread};
 *   <li>else netlib's Vector-API kernel when the JVM runs with {@code --add-modules
 *       jdk.incubator.vector};
 *   <li>else a pure-Java row kernel of our own (below), which HotSpot vectorises and which is faster
 *       than netlib's scalar Java fallback.
 * </ul>
 *
 * <p>The system property {@code autograd.blas} ({@code auto}, {@code native}, {@code java})
 * overrides the choice; {@code java} forces the row kernel. Small products (fewer than
 * {@value #SMALL} multiply-adds) always use a plain loop, which costs less than a library call.
 */
public final class Gemm {
  private Gemm() {}

  /** Products with fewer multiply-adds than this use the plain loop. */
  static final long SMALL = 8 * 1024;

  /** The kernel chosen for large products. */
  private static final class Choice {
    static final BLAS LIBRARY;
    static final String NAME;

    static {
      String wanted = System.getProperty("autograd.blas", "auto");
      BLAS chosen = null;
      if (!wanted.equals("java")) {
        BLAS candidate = BLAS.getInstance();
        String cls = candidate.getClass().getSimpleName();
        boolean fast = cls.contains("JNI") || cls.contains("Native") || cls.contains("Vector");
        if (fast || wanted.equals("native")) {
          chosen = candidate;
        }
      }
      LIBRARY = chosen;
      NAME = chosen == null
          ? "pure Java (autograd row kernel)"
          : chosen.getClass().getSimpleName().contains("JNI")
              ? "native BLAS (" + chosen.getClass().getName() + ")"
              : "netlib " + chosen.getClass().getName();
    }
  }

  /** A description of the kernel used for large products, e.g. {@code native BLAS (...JNIBLAS)}. */
  public static String implementation() {
    return Choice.NAME;
  }

  /** True when large products go to a native BLAS library. */
  public static boolean isNative() {
    return Choice.LIBRARY != null && Choice.NAME.startsWith("native");
  }

  /**
   * {@code c[m×n] = op(a)·op(b)} with {@code op(a)} of shape [m×k] and {@code op(b)} of shape
   * [k×n]. {@code a} is stored [m×k], or [k×m] when {@code transA}; {@code b} is stored [k×n], or
   * [n×k] when {@code transB}. {@code c} is overwritten.
   */
  public static void gemm(boolean transA, boolean transB, int m, int n, int k, double[] a, double[] b, double[] c) {
    gemm(transA, transB, m, n, k, a, b, c, false);
  }

  /**
   * {@code c = op(a)·op(b)}, or {@code c += op(a)·op(b)} when {@code accumulate}; shapes as in
   * {@link #gemm(boolean, boolean, int, int, int, double[], double[], double[])}.
   */
  public static void gemm(
      boolean transA, boolean transB, int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
    if ((long) m * n * k < SMALL) {
      small(transA, transB, m, n, k, a, b, c, accumulate);
    } else if (Choice.LIBRARY != null) {
      // Row-major C = op(A)·op(B) is column-major Cᵀ = op(B)ᵀ·op(A)ᵀ: swap the operands.
      int lda = transA ? m : k;
      int ldb = transB ? k : n;
      Choice.LIBRARY.dgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, 1.0, b, ldb, a, lda,
          accumulate ? 1.0 : 0.0, c, n);
    } else {
      rows(transA, transB, m, n, k, a, b, c, accumulate);
    }
  }

  /**
   * Plain loops for small products, in an order that walks the operands contiguously where the
   * shapes allow: dot products for {@code A·Bᵀ} and for a single output column, p-i-j otherwise.
   */
  static void small(boolean transA, boolean transB, int m, int n, int k, double[] a, double[] b, double[] c) {
    small(transA, transB, m, n, k, a, b, c, false);
  }

  static void small(
      boolean transA, boolean transB, int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
    if (!transA && (n == 1 || transB && k >= 8)) {
      // c[i,j] = Σₚ a[i,p]·op(b)[p,j] as dot products of contiguous rows (with n = 1 both
      // layouts of b are the same vector).
      for (int i = 0; i < m; i++) {
        int ai = i * k;
        for (int j = 0; j < n; j++) {
          int bj = j * k;
          double s = 0;
          for (int p = 0; p < k; p++) {
            s += a[ai + p] * b[bj + p];
          }
          c[i * n + j] = accumulate ? c[i * n + j] + s : s;
        }
      }
      return;
    }
    if (!accumulate) {
      Arrays.fill(c, 0, m * n, 0.0);
    }
    if (transA && n == 1) {
      // c[i] = Σₚ a[p,i]·b[p]: rows of the stored a are contiguous in i.
      for (int p = 0; p < k; p++) {
        double bv = b[p];
        int ap = p * m;
        for (int i = 0; i < m; i++) {
          c[i] += a[ap + i] * bv;
        }
      }
      return;
    }
    // i-p-j (or p-i-j for a transposed a): the innermost loop runs along a row of c; a transposed
    // b is read with stride k, which is contiguous for the outer products (k = 1) of a backward pass.
    int bStep = transB ? k : 1;
    for (int p = 0; p < k; p++) {
      int bp = transB ? p : p * n;
      for (int i = 0; i < m; i++) {
        double av = transA ? a[p * m + i] : a[i * k + p];
        int ci = i * n;
        if (bStep == 1) {
          for (int j = 0; j < n; j++) {
            c[ci + j] += av * b[bp + j];
          }
        } else {
          for (int j = 0; j < n; j++) {
            c[ci + j] += av * b[bp + j * bStep];
          }
        }
      }
    }
  }

  /** Rows of op(B) handled per block, so a block of B stays in cache while it is reused. */
  private static final int K_BLOCK = 128;

  /**
   * The pure-Java kernel: each row of C is accumulated as {@code Σₚ op(A)[i,p]·op(B)[p,:]} in a
   * private row array. The rows of op(B) are first copied into arrays of their own: HotSpot
   * vectorises the update {@code row[j] += a·brow[j]} over two arrays from index 0, but not the same
   * loop over one flat array at two offsets. The copy costs k·n against m·n·k multiply-adds.
   */
  static void rows(boolean transA, boolean transB, int m, int n, int k, double[] a, double[] b, double[] c) {
    rows(transA, transB, m, n, k, a, b, c, false);
  }

  static void rows(
      boolean transA, boolean transB, int m, int n, int k, double[] a, double[] b, double[] c, boolean accumulate) {
    double[][] brows = new double[k][n];
    for (int p = 0; p < k; p++) {
      double[] row = brows[p];
      if (transB) {
        for (int j = 0; j < n; j++) {
          row[j] = b[j * k + p];
        }
      } else {
        System.arraycopy(b, p * n, row, 0, n);
      }
    }
    double[] crow = new double[n];
    for (int i = 0; i < m; i++) {
      if (accumulate) {
        System.arraycopy(c, i * n, crow, 0, n);
      } else {
        Arrays.fill(crow, 0.0);
      }
      for (int p0 = 0; p0 < k; p0 += K_BLOCK) {
        int p1 = Math.min(k, p0 + K_BLOCK);
        for (int p = p0; p < p1; p++) {
          double av = transA ? a[p * m + i] : a[i * k + p];
          if (av != 0.0) {
            axpy(crow, av, brows[p], n);
          }
        }
      }
      System.arraycopy(crow, 0, c, i * n, n);
    }
  }

  private static void axpy(double[] y, double alpha, double[] x, int n) {
    for (int j = 0; j < n; j++) {
      y[j] += alpha * x[j];
    }
  }
}
