package dev.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

  // Reference values from mpmath (loggamma, psi) at 200 bits, rounded to double.
  private static final double[][] LGAMMA = {
      {1e-08, 18.42068073818021}, {0.1, 2.252712651734206}, {0.5, 0.5723649429247001},
      {1.5, -0.12078223763524522}, {2.5, 0.2846828704729192}, {4.25, 2.1144569274503713},
      {7.0, 6.579251212010101}, {12.5, 18.734347511936445}, {100.0, 359.1342053695754},
      {1000000.0, 12815504.569147611}, {-0.5, 1.2655121234846454}, {-2.3, 0.36956666345500805},
      {-7.9, -8.072039736012833}};
  private static final double[][] DIGAMMA = {
      {1e-08, -100000000.57721564}, {0.1, -10.423754940411076}, {0.5, -1.9635100260214235},
      {1.5, 0.03648997397857652}, {2.5, 0.7031566406452432}, {4.25, 1.3246832187604867},
      {7.0, 1.8727843350984672}, {12.5, 2.4851956512749123}, {100.0, 4.600161852738087},
      {1000000.0, 13.815510057964191}, {-0.5, 0.03648997397857652}, {-2.3, 3.3173231575618227},
      {-7.9, -7.540007224419479}};
  private static final double[][] TRIGAMMA = {
      {1e-08, 1.0000000000000002e+16}, {0.1, 101.43329915079275}, {0.5, 4.934802200544679},
      {1.5, 0.9348022005446793}, {2.5, 0.49035775610023485}, {4.25, 0.26512373409656215},
      {7.0, 0.15354517795933756}, {12.5, 0.08328522460157838}, {100.0, 0.010050166663333571},
      {1000000.0, 1.0000005000001667e-06}, {-0.5, 8.934802200544679}, {-2.3, 14.725912160961292},
      {-7.9, 103.23693140003948}};
  private static final double[][] TETRAGAMMA = {
      {1e-08, -2e+24}, {0.1, -2001.8614573783436}, {0.5, -16.82879664423432}, {1.5, -0.82879664423432},
      {2.5, -0.2362040516417274}, {4.25, -0.06989568177725804}, {7.0, -0.023530472985855238},
      {12.5, -0.006932436585788241}, {100.0, -0.00010100499983335}, {1000000.0, -1.0000010000005e-12},
      {-0.5, -0.82879664423432}, {-2.3, 68.71379252927031}, {-7.9, -1998.6737828651746}};
  private static final double[][] PENTAGAMMA_4 = {   // ψ⁽⁴⁾
      {1e-08, -2.3999999999999998e+41}, {0.1, -2400015.6072031953}, {0.5, -771.4742498266672},
      {1.5, -3.4742498266672253}, {2.5, -0.3137559995067314}, {4.25, -0.028681606643238648},
      {7.0, -0.00329677158902638}, {12.5, -0.00028769142258538706}, {100.0, -6.120999930011997e-08},
      {1000000.0, -6.00001200001e-24}, {-0.5, -3.4742498266672253}, {-2.3, 9738.671736569251},
      {-7.9, -2399973.835948204}};

  /** Within {@code tol} relative to {@code max(1, |expected|)}: relative error, absolute below 1. */
  private static void assertClose(double expected, double actual, double tol, String what) {
    assertEquals(expected, actual, tol * Math.max(1, Math.abs(expected)), what);
  }

  @Test
  void lgamma_digamma_and_polygamma_match_mpmath() {
    for (double[] p : LGAMMA) {
      assertClose(p[1], SpecialFunctions.lgamma(p[0]), 6e-15, "lgamma(" + p[0] + ")");
    }
    for (double[] p : DIGAMMA) {
      assertClose(p[1], SpecialFunctions.digamma(p[0]), 2e-15, "digamma(" + p[0] + ")");
      assertEquals(SpecialFunctions.digamma(p[0]), SpecialFunctions.polygamma(0, p[0]), 0.0);
    }
    double[][][] orders = {TRIGAMMA, TETRAGAMMA, null, PENTAGAMMA_4};
    for (int n = 1; n <= 4; n++) {
      if (orders[n - 1] != null) {
        for (double[] p : orders[n - 1]) {
          assertRelative(p[1], SpecialFunctions.polygamma(n, p[0]), 2e-15, "polygamma(" + n + ", " + p[0] + ")");
        }
      }
    }
  }

  @Test
  void gamma_family_satisfies_its_recurrences_and_reflections() {
    SplittableRandom rng = new SplittableRandom(5);
    for (int i = 0; i < 2000; i++) {
      double x = 0.5 + 20 * rng.nextDouble();
      assertClose(SpecialFunctions.lgamma(x) + Math.log(x), SpecialFunctions.lgamma(x + 1), 2e-14, "Γ(x+1) = xΓ(x) at " + x);
      assertClose(SpecialFunctions.digamma(x) + 1 / x, SpecialFunctions.digamma(x + 1), 2e-14, "ψ(x+1) at " + x);
      assertClose(SpecialFunctions.polygamma(1, x) - 1 / (x * x), SpecialFunctions.polygamma(1, x + 1), 2e-14,
          "ψ'(x+1) at " + x);
      double t = rng.nextDouble() * 0.98 + 0.01;   // in (0, 1), not an integer
      assertClose(Math.PI * Math.PI / Math.pow(Math.sin(Math.PI * t), 2),
          SpecialFunctions.polygamma(1, t) + SpecialFunctions.polygamma(1, 1 - t), 2e-14, "ψ'(t) + ψ'(1-t) at " + t);
    }
    // at its zeros lgamma is accurate in absolute terms only (the shifted Stirling sum cancels there)
    assertEquals(0.0, SpecialFunctions.lgamma(1), 4e-15);
    assertEquals(0.0, SpecialFunctions.lgamma(2), 4e-15);
    assertEquals(-0.5772156649015329, SpecialFunctions.digamma(1), 1e-15);   // -γ
  }

  @Test
  void gamma_family_at_poles_infinities_and_nan_follows_pytorch() {
    double inf = Double.POSITIVE_INFINITY;
    assertEquals(inf, SpecialFunctions.lgamma(0), 0.0);
    assertEquals(inf, SpecialFunctions.lgamma(-3), 0.0);
    assertEquals(inf, SpecialFunctions.lgamma(inf), 0.0);
    assertEquals(inf, SpecialFunctions.lgamma(-inf), 0.0);
    assertEquals(-inf, SpecialFunctions.digamma(0.0), 0.0);
    assertEquals(inf, SpecialFunctions.digamma(-0.0), 0.0);
    assertTrue(Double.isNaN(SpecialFunctions.digamma(-2)));
    assertEquals(inf, SpecialFunctions.digamma(inf), 0.0);
    assertEquals(inf, SpecialFunctions.polygamma(1, 0), 0.0);
    assertEquals(-inf, SpecialFunctions.polygamma(2, -4), 0.0);
    assertEquals(0.0, SpecialFunctions.polygamma(3, inf), 0.0);
    for (int n = 0; n < 4; n++) {
      assertTrue(Double.isNaN(SpecialFunctions.polygamma(n, Double.NaN)));
    }
    assertTrue(Double.isNaN(SpecialFunctions.lgamma(Double.NaN)));
    assertTrue(Double.isFinite(SpecialFunctions.lgamma(Double.MIN_VALUE)));
  }

  @Test
  void gradients_of_the_gamma_family_are_the_next_function() {
    Tensor x = Tensor.vector(0.3, 1.7, 6.5, -2.5);
    assertArrayEquals(x.digamma().toArray(), Autograd.grad(t -> t.lgamma().sum(), x).toArray(), 0.0);
    assertArrayEquals(x.polygamma(1).toArray(), Autograd.grad(t -> t.digamma().sum(), x).toArray(), 0.0);
    assertArrayEquals(x.polygamma(3).toArray(), Autograd.grad(t -> t.polygamma(2).sum(), x).toArray(), 0.0);
    assertArrayEquals(x.polygamma(1).toArray(), Autograd.hessian(t -> t.lgamma().sum(), x).diagonal().toArray(), 1e-15);
  }

  @Test
  void polygamma_rejects_a_negative_order() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1).polygamma(-1));
    assertEquals("polygamma: the order n must be >= 0; got -1", e.getMessage());
    assertEquals("polygamma(2)", new SpecialFunctions.Polygamma(2).toString());
  }
}
