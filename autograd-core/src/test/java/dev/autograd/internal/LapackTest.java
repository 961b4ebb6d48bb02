package dev.autograd.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ludovic.netlib.lapack.LAPACK;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The row-major kernels on netlib's pure-Java LAPACK (no native library needed) agree with the
 * definitions, and with the implementation this JVM chose.
 */
class LapackTest {

  private static final LAPACK JAVA = Lapack.pureJava();

  /** Entries in [-1, 1] plus 2n on the diagonal: well conditioned. */
  private static double[] dominant(SplittableRandom r, int n) {
    double[] a = new double[n * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextDouble(-1, 1);
    }
    for (int i = 0; i < n; i++) {
      a[i * n + i] += 2 * n;
    }
    return a;
  }

  /** Row-major c = op(a)·b for an [n×n] a and [n×k] b. */
  private static double[] times(double[] a, boolean transA, double[] b, int n, int k) {
    double[] c = new double[n * k];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < k; j++) {
        double s = 0;
        for (int p = 0; p < n; p++) {
          s += (transA ? a[p * n + i] : a[i * n + p]) * b[p * k + j];
        }
        c[i * k + j] = s;
      }
    }
    return c;
  }

  @Test
  void the_pure_java_lapack_is_netlibs_f2j_translation() {
    assertEquals("dev.ludovic.netlib.lapack.F2jLAPACK", JAVA.getClass().getName());
  }

  @Test
  void lu_solves_and_inverts_row_major_matrices_in_either_orientation() {
    SplittableRandom r = new SplittableRandom(1);
    for (int n = 1; n <= 7; n++) {
      double[] a = dominant(r, n);
      double[] before = a.clone();
      Lapack.Lu f = Lapack.lu(JAVA, a, n);
      assertArrayEquals(before, a, 0, "the input is not modified");
      assertEquals(0, f.zeroPivot());
      for (int k : new int[] {1, 3}) {
        double[] b = dominant(r, Math.max(n, k));
        double[] rhs = java.util.Arrays.copyOf(b, n * k);
        for (boolean trans : new boolean[] {false, true}) {
          double[] x = Lapack.solve(JAVA, f, rhs, k, trans);
          assertArrayEquals(rhs, times(a, trans, x, n, k), 1e-12, "n = " + n + ", k = " + k + ", trans = " + trans);
          assertArrayEquals(x, Lapack.solve(f, rhs, k, trans), 1e-12, "the chosen LAPACK agrees");
        }
      }
      double[] inv = Lapack.inverse(JAVA, f);
      double[] eye = new double[n * n];
      for (int i = 0; i < n; i++) {
        eye[i * n + i] = 1;
      }
      assertArrayEquals(eye, times(a, false, inv, n, n), 1e-12);
    }
  }

  @Test
  void lu_determinant_sign_and_zero_pivot() {
    // [[0, 1], [1, 0]]: one interchange, U = I: det = -1.
    Lapack.Lu swap = Lapack.lu(JAVA, new double[] {0, 1, 1, 0}, 2);
    assertEquals(-1, swap.permutationSign());
    assertEquals(-1.0, swap.det());
    assertEquals(-1.0, swap.detSign());
    assertEquals(0.0, swap.logAbsDet());
    Lapack.Lu singular = Lapack.lu(JAVA, new double[] {1, 2, 2, 4}, 2);
    assertEquals(2, singular.zeroPivot());
    assertEquals(0.0, singular.det());
    assertEquals(Double.NEGATIVE_INFINITY, singular.logAbsDet());
    // The pivots are those of A itself (not of Aᵀ): [[1, 2], [3, 4]] pivots on the 3.
    Lapack.Lu f = Lapack.lu(JAVA, new double[] {1, 2, 3, 4}, 2);
    assertEquals(3.0, f.diagonal(0));
    assertEquals(-2.0, f.det(), 1e-15);
  }

  @Test
  void cholesky_writes_the_lower_factor_row_major() {
    double[] a = {4, 12, -16, 12, 37, -43, -16, -43, 98};
    double[] l = new double[9];
    assertEquals(0, Lapack.cholesky(JAVA, a, 3, l));
    assertArrayEquals(new double[] {2, 0, 0, 6, 1, 0, -8, 5, 3}, l, 1e-12);
    assertEquals(3, Lapack.cholesky(JAVA, new double[] {1, 0, 0, 0, 1, 0, 0, 0, -1}, 3, new double[9]));
    double[] chosen = new double[9];
    Lapack.cholesky(a, 3, chosen);
    assertArrayEquals(l, chosen, 1e-12);
  }

  @Test
  void triangular_solves_read_one_triangle_in_either_orientation() {
    SplittableRandom r = new SplittableRandom(2);
    for (int n = 1; n <= 6; n++) {
      double[] a = dominant(r, n);
      for (boolean upper : new boolean[] {false, true}) {
        for (boolean unit : new boolean[] {false, true}) {
          double[] t = new double[n * n];
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
              boolean in = upper ? j > i : j < i;
              t[i * n + j] = i == j ? (unit ? 1 : a[i * n + j]) : in ? a[i * n + j] : 0;
            }
          }
          for (boolean trans : new boolean[] {false, true}) {
            int k = 2;
            double[] b = new double[n * k];
            for (int i = 0; i < b.length; i++) {
              b[i] = r.nextDouble(-1, 1);
            }
            double[] x = new double[n * k];
            assertEquals(0, Lapack.triangularSolve(JAVA, a, n, upper, trans, unit, b, k, x));
            assertArrayEquals(b, times(t, trans, x, n, k), 1e-12,
                "n = " + n + ", upper = " + upper + ", unit = " + unit + ", trans = " + trans);
          }
        }
      }
    }
    assertEquals(2, Lapack.triangularSolve(JAVA, new double[] {1, 0, 1, 0}, 2, false, false, false,
        new double[] {1, 1}, 1, new double[2]));
  }

  @Test
  void a_large_factorisation_does_not_need_a_large_stack_on_the_callers_thread() throws Exception {
    // Native OpenBLAS's threaded LU overflowed 1 MB stacks from n = 100; it now runs on a thread of its own.
    int n = 300;
    double[] a = dominant(new SplittableRandom(3), n);
    double[] spd = new double[n * n];
    for (int i = 0; i < n; i++) {
      spd[i * n + i] = 4;
    }
    Object[] result = new Object[2];
    Thread small = new Thread(null, () -> {
      try {
        Lapack.Lu f = Lapack.lu(a, n);
        double[] l = new double[n * n];
        result[0] = f.zeroPivot() == 0 && Lapack.cholesky(spd, n, l) == 0 && l[0] == 2 ? "ok" : "wrong";
      } catch (RuntimeException | Error e) {
        result[1] = e;
      }
    }, "small-stack", 256 << 10);
    small.start();
    small.join();
    assertEquals("ok", result[0], () -> "failed: " + result[1]);
  }

  @Test
  void in_auto_mode_the_native_binding_is_used_only_when_the_probe_finds_liblapack() {
    String wanted = System.getProperty("autograd.blas", "auto");
    String impl = Lapack.implementation();
    assertTrue(impl.equals("native LAPACK (dev.ludovic.netlib.lapack.JNILAPACK)")
        || impl.equals("pure Java (dev.ludovic.netlib.lapack.F2jLAPACK)"), impl);
    if (wanted.equals("auto") && Gemm.NativeLibrary.probed()) {
      boolean found = Gemm.NativeLibrary.find(
          Gemm.NativeLibrary.wantedName("dev.ludovic.netlib.lapack.", Lapack.DEFAULT_NAME)).isPresent();
      // Found but not loadable is possible in principle (then pure Java runs): only the converse is certain.
      if (!found) {
        assertEquals("pure Java (dev.ludovic.netlib.lapack.F2jLAPACK)", impl);
      }
    } else if (wanted.equals("java")) {
      assertEquals("pure Java (dev.ludovic.netlib.lapack.F2jLAPACK)", impl);
    }
    assertEquals(impl.startsWith("native"), Lapack.isNative());
  }
}
