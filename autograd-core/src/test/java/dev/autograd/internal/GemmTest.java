package dev.autograd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Every kernel, for every combination of transposed operands, agrees with the definition. */
class GemmTest {

  private static double[] random(SplittableRandom r, int n) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = r.nextDouble(-1, 1);
    }
    return d;
  }

  /** The definition: c[i,j] = Σₚ op(a)[i,p]·op(b)[p,j]. */
  private static double[] reference(boolean ta, boolean tb, int m, int n, int k, double[] a, double[] b) {
    double[] c = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          s += (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
        }
        c[i * n + j] = s;
      }
    }
    return c;
  }

  private interface Kernel {
    void run(boolean ta, boolean tb, int m, int n, int k, double[] a, double[] b, double[] c);
  }

  private static void assertKernel(String name, Kernel kernel) {
    SplittableRandom r = new SplittableRandom(7);
    int[][] sizes = {{1, 1, 1}, {3, 5, 2}, {37, 29, 300}, {64, 130, 129}, {200, 3, 50}, {256, 1, 16}, {16, 1, 256}, {256, 16, 1}, {300, 40, 1}, {9, 12, 7}};
    for (int[] s : sizes) {
      for (int t = 0; t < 4; t++) {
        boolean ta = (t & 1) != 0;
        boolean tb = (t & 2) != 0;
        double[] a = random(r, s[0] * s[2]);
        double[] b = random(r, s[2] * s[1]);
        double[] c = random(r, s[0] * s[1]);   // garbage in c must be overwritten
        kernel.run(ta, tb, s[0], s[1], s[2], a, b, c);
        double[] want = reference(ta, tb, s[0], s[1], s[2], a, b);
        for (int i = 0; i < want.length; i++) {
          assertEquals(want[i], c[i], 1e-12 * s[2], name + " transA=" + ta + " transB=" + tb + " size " + s[0] + "x" + s[1] + "x" + s[2]);
        }
      }
    }
  }

  @Test
  void accumulating_kernels_add_the_product_to_what_c_held() {
    Kernel[] kernels = {
      (ta, tb, m, n, k, a, b, c) -> Gemm.small(ta, tb, m, n, k, a, b, c, true),
      (ta, tb, m, n, k, a, b, c) -> Gemm.rows(ta, tb, m, n, k, a, b, c, true),
      (ta, tb, m, n, k, a, b, c) -> Gemm.gemm(ta, tb, m, n, k, a, b, c, true)
    };
    SplittableRandom r = new SplittableRandom(11);
    int[][] sizes = {{3, 5, 2}, {37, 29, 300}, {256, 1, 16}, {256, 16, 1}, {16, 1, 256}};
    for (Kernel kernel : kernels) {
      for (int[] s : sizes) {
        for (int t = 0; t < 4; t++) {
          boolean ta = (t & 1) != 0;
          boolean tb = (t & 2) != 0;
          double[] a = random(r, s[0] * s[2]);
          double[] b = random(r, s[2] * s[1]);
          double[] c = random(r, s[0] * s[1]);
          double[] before = c.clone();
          kernel.run(ta, tb, s[0], s[1], s[2], a, b, c);
          double[] product = reference(ta, tb, s[0], s[1], s[2], a, b);
          for (int i = 0; i < c.length; i++) {
            assertEquals(before[i] + product[i], c[i], 1e-12 * s[2], "accumulate, size " + s[0] + "x" + s[1] + "x" + s[2]);
          }
        }
      }
    }
  }

  @Test
  void plain_loop_matches_the_definition() {
    assertKernel("small", Gemm::small);
  }

  @Test
  void pure_java_row_kernel_matches_the_definition() {
    assertKernel("rows", Gemm::rows);
  }

  @Test
  void the_chosen_kernel_matches_the_definition() {
    assertKernel(Gemm.implementation(), Gemm::gemm);
    assertFalse(Gemm.implementation().isEmpty());
  }

  private interface OffsetKernel {
    void run(boolean ta, boolean tb, int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co,
        boolean accumulate);
  }

  @Test
  void every_kernel_reads_and_writes_slices_at_offsets_and_leaves_the_rest_alone() {
    OffsetKernel[] kernels = {Gemm::small, Gemm::rows, Gemm::gemm};
    SplittableRandom r = new SplittableRandom(12);
    int[][] sizes = {{3, 5, 2}, {37, 29, 300}, {256, 1, 16}, {16, 1, 256}, {9, 12, 7}};
    for (OffsetKernel kernel : kernels) {
      for (int[] s : sizes) {
        for (int t = 0; t < 8; t++) {
          boolean ta = (t & 1) != 0;
          boolean tb = (t & 2) != 0;
          boolean acc = (t & 4) != 0;
          int ao = 1 + r.nextInt(5);
          int bo = 1 + r.nextInt(5);
          int co = 1 + r.nextInt(5);
          double[] a = random(r, ao + s[0] * s[2] + 3);
          double[] b = random(r, bo + s[2] * s[1] + 3);
          double[] c = random(r, co + s[0] * s[1] + 3);
          double[] before = c.clone();
          kernel.run(ta, tb, s[0], s[1], s[2], a, ao, b, bo, c, co, acc);
          double[] product = reference(ta, tb, s[0], s[1], s[2],
              java.util.Arrays.copyOfRange(a, ao, ao + s[0] * s[2]), java.util.Arrays.copyOfRange(b, bo, bo + s[2] * s[1]));
          String what = "size " + s[0] + "x" + s[1] + "x" + s[2] + " transA=" + ta + " transB=" + tb + " acc=" + acc;
          for (int i = 0; i < c.length; i++) {
            int j = i - co;
            double want = j < 0 || j >= product.length ? before[i] : (acc ? before[i] : 0) + product[j];
            assertEquals(want, c[i], 1e-12 * s[2], what + " at " + i);
          }
        }
      }
    }
  }
}
