package dev.autograd.internal;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Row-major double-precision matrix multiply, {@code c = op(a)·op(b)} where {@code op} is the
 * identity or the transpose. Large products go to BLAS through dev.ludovic.netlib (native OpenBLAS
 * when the machine has it, a pure-Java implementation otherwise); small ones, where a library call
 * costs more than the arithmetic, use a plain loop. Not part of the public API.
 */
public final class Gemm {
  private Gemm() {}

  /** Products with fewer multiply-adds than this use the plain loop. */
  static final long SMALL = 8 * 1024;

  /** The BLAS implementation in use (its class name says native or Java). */
  public static String implementation() {
    return Holder.BLAS.getClass().getName();
  }

  private static final class Holder {
    static final BLAS BLAS = dev.ludovic.netlib.blas.BLAS.getInstance();
  }

  /**
   * {@code c[m×n] = op(a)·op(b)} with {@code op(a)} of shape [m×k] and {@code op(b)} of shape
   * [k×n]. {@code a} is stored [m×k], or [k×m] when {@code transA}; {@code b} is stored [k×n], or
   * [n×k] when {@code transB}. {@code c} is overwritten.
   */
  public static void gemm(boolean transA, boolean transB, int m, int n, int k, double[] a, double[] b, double[] c) {
    if ((long) m * n * k < SMALL) {
      small(transA, transB, m, n, k, a, b, c);
      return;
    }
    // Row-major C = op(A)·op(B) is column-major Cᵀ = op(B)ᵀ·op(A)ᵀ: swap the operands.
    int lda = transA ? m : k;
    int ldb = transB ? k : n;
    Holder.BLAS.dgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, 1.0, b, ldb, a, lda, 0.0, c, n);
  }

  static void small(boolean transA, boolean transB, int m, int n, int k, double[] a, double[] b, double[] c) {
    java.util.Arrays.fill(c, 0, m * n, 0.0);
    for (int i = 0; i < m; i++) {
      int ci = i * n;
      for (int p = 0; p < k; p++) {
        double av = transA ? a[p * m + i] : a[i * k + p];
        if (av == 0.0) {
          continue;
        }
        if (transB) {
          for (int j = 0; j < n; j++) {
            c[ci + j] += av * b[j * k + p];
          }
        } else {
          int bp = p * n;
          for (int j = 0; j < n; j++) {
            c[ci + j] += av * b[bp + j];
          }
        }
      }
    }
  }
}
