package dev.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Autograd;
import dev.autograd.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpecialFunctionsTest {

  /** Relative error at most {@code rtol} (exact where the reference is 0). */
  private static void assertRelative(double expected, double actual, double rtol, String what) {
    assertEquals(expected, actual, rtol * Math.abs(expected), what);
  }

  @Test
  void erf_matches_reference_values_to_1e_15() {
    // Reference values from mpmath at 200 bits, rounded to double.
    double[][] erf = {
        {1e-10, 1.1283791670955126e-10}, {0.1, 0.1124629160182849}, {0.46875, 0.49261347321793797},
        {0.5, 0.5204998778130465}, {1, 0.8427007929497149}, {2, 0.9953222650189527},
        {3.5, 0.9999992569016276}, {6, 1.0}};
    for (double[] p : erf) {
      assertRelative(p[1], SpecialFunctions.erf(p[0]), 1e-15, "erf(" + p[0] + ")");
      assertRelative(-p[1], SpecialFunctions.erf(-p[0]), 1e-15, "erf(" + -p[0] + ")");
    }
  }

  @Test
  void erfc_keeps_full_relative_accuracy_in_the_tail() {
    double[][] erfc = {
        {0.1, 0.8875370839817152}, {0.5, 0.4795001221869535}, {1, 0.15729920705028513},
        {2, 0.004677734981047266}, {4, 1.541725790028002e-08}, {5, 1.5374597944280349e-12},
        {10, 2.088487583762545e-45}, {26, 5.663192408856143e-296}, {-0.3, 1.3286267594591274},
        {-3, 1.9999779095030015}};
    for (double[] p : erfc) {
      assertRelative(p[1], SpecialFunctions.erfc(p[0]), 1e-15, "erfc(" + p[0] + ")");
    }
    assertEquals(0.0, SpecialFunctions.erfc(30), 0.0);
    assertEquals(2.0, SpecialFunctions.erfc(-30), 0.0);
  }

  @Test
  void erf_and_erfc_add_up_to_one() {
    SplittableRandom rng = new SplittableRandom(3);
    for (int i = 0; i < 10_000; i++) {
      double x = -8 + 16 * rng.nextDouble();
      assertEquals(1.0, SpecialFunctions.erf(x) + SpecialFunctions.erfc(x), 2.3e-16, "at " + x);
    }
  }

  @Test
  void erf_at_the_edges() {
    assertEquals(1.0, SpecialFunctions.erf(Double.POSITIVE_INFINITY), 0.0);
    assertEquals(-1.0, SpecialFunctions.erf(Double.NEGATIVE_INFINITY), 0.0);
    assertEquals(0.0, SpecialFunctions.erfc(Double.POSITIVE_INFINITY), 0.0);
    assertEquals(2.0, SpecialFunctions.erfc(Double.NEGATIVE_INFINITY), 0.0);
    assertTrue(Double.isNaN(SpecialFunctions.erf(Double.NaN)));
    assertTrue(Double.isNaN(SpecialFunctions.erfc(Double.NaN)));
    assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(SpecialFunctions.erf(-0.0)));
  }

  @Test
  void erf_derivative_is_two_over_root_pi_times_gaussian() {
    for (double x : new double[] {-2, -0.3, 0, 0.7, 3}) {
      double expected = 2 / Math.sqrt(Math.PI) * Math.exp(-x * x);
      assertRelative(expected, Autograd.grad(t -> t.erf().sum(), Tensor.scalar(x)).item(), 1e-15, "erf'(" + x + ")");
      assertRelative(-expected, Autograd.grad(t -> t.erfc().sum(), Tensor.scalar(x)).item(), 1e-15, "erfc'(" + x + ")");
      // erf'' = -2x·erf'
      double second = Autograd.grad(z -> Autograd.grad(t -> t.erf().sum(), z).sum(), Tensor.scalar(x)).item();
      assertEquals(-2 * x * expected, second, 1e-15);
    }
  }

  @Test
  void gelu_is_x_times_the_normal_distribution_function() {
    // x·Φ(x) from mpmath. The rounding of x/√2 is magnified about x²-fold in Φ's left tail, hence
    // the looser tolerance at -6.
    double[][] gelu = {
        {-6, -5.9195258702261885e-09}, {-1, -0.15865525393145705}, {-0.25, -0.10032341857926907},
        {0, 0}, {0.5, 0.34573123063700656}, {2, 1.9544997361036416}};
    for (double[] p : gelu) {
      assertRelative(p[1], Tensor.scalar(p[0]).gelu().item(), p[0] < -2 ? 1e-14 : 1e-15, "gelu(" + p[0] + ")");
    }
  }

  @Test
  void log2_is_exact_at_powers_of_two_and_accurate_near_one() {
    for (int e = -1074; e <= 1023; e += 7) {
      assertEquals(e, SpecialFunctions.log2(Math.scalb(1.0, e)), 0.0, "2^" + e);
    }
    assertEquals(-1074, SpecialFunctions.log2(Double.MIN_VALUE), 1e-12);
    double nearOne = 1 + 1e-12;
    assertRelative(Math.log(nearOne) / Math.log(2), SpecialFunctions.log2(nearOne), 1e-15, "log2(1 + 1e-12)");
    assertRelative(3.0 + Math.log(1.25) / Math.log(2), Tensor.scalar(10).log2().item(), 1e-15, "log2(10)");
    assertEquals(3.0, Tensor.scalar(1000).log10().item(), 0.0);
  }

  @Test
  void rsqrt_reciprocal_and_expm1_values_and_gradients() {
    Tensor x = Tensor.vector(0.25, 4).requiresGrad(true);
    Tensor r = x.rsqrt();
    r.sum().backward();
    assertEquals(2.0, r.get(0), 0.0);
    assertEquals(0.5, r.get(1), 0.0);
    assertEquals(-0.5 * 8, x.grad().get(0), 0.0);          // -½·x^(-3/2)
    assertEquals(-0.5 / 8, x.grad().get(1), 0.0);
    assertEquals(-1.0 / 16, Autograd.grad(t -> t.reciprocal().sum(), Tensor.scalar(4)).item(), 0.0);
    assertEquals(1e-20, Tensor.scalar(1e-20).expm1().item(), 0.0);
    assertEquals(Math.E, Autograd.grad(t -> t.expm1().sum(), Tensor.scalar(1)).item(), 1e-15);
  }

  @Test
  void log_add_exp_names_the_op_and_shapes_when_they_do_not_broadcast() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.zeros(2, 3).logAddExp(Tensor.zeros(2)));
    assertEquals("logAddExp: shapes cannot be broadcast together: [2, 3] and [2]", e.getMessage());
  }
}
