package dev.autograd.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Autograd;
import dev.autograd.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The finite differences behind {@link GradCheck} never cry wolf: jumps of the second derivative,
 * kinks and values too large for differences are told apart from wrong rules, each in the report.
 */
class FiniteDifferencesTest {

  /** README's Huber loss, δ = 1. */
  static Tensor huber(Tensor prediction, Tensor target) {
    Tensor d = prediction.sub(target);
    return Tensor.where(d.abs().lt(1), d.square().mul(0.5), d.abs().sub(0.5)).mean();
  }

  private static void assertReportHas(GradCheck.Result r, String... parts) {
    String report = r.report();
    for (String p : parts) {
      assertTrue(report.contains(p), () -> "missing '" + p + "' in\n" + report);
    }
  }

  @Test
  void readme_huber_passes_at_delta_where_only_its_second_derivative_jumps() {
    // prediction − target = 1, −1 (exactly δ), 0.3 and 2.5
    Tensor prediction = Tensor.vector(1, -1, 0.3, 2.5);
    Tensor target = Tensor.vector(0, 0, 0, 0);
    Autograd.Fn f = xs -> huber(xs[0], xs[1]);
    GradCheck.Result r = GradCheck.check(f, prediction, target);
    assertTrue(r.passed(), r.report());
    assertTrue(r.conclusive(), r.report());
    assertTrue(r.kinks().isEmpty(), r.report());
    assertEquals(4, r.jumps().size(), r.report()); // elements 0 and 1 of both inputs
    GradCheck.Jump j = r.jumps().get(0);
    assertEquals(0.25, j.analytic(), 1e-15);
    assertEquals(0.25, j.numeric(), 1e-9);
    assertEquals(0.25, j.secondLeft(), 1e-6);   // ½d²/4 on the left of δ: f″ = 1/4
    assertEquals(0, j.secondRight(), 1e-6);     // |d| − ½ on the right: f″ = 0
    assertReportHas(r, "gradient check passed", "second derivative jumps (not failures): 4",
        "input 0, element [0]: differentiable, but the second derivative jumps here (left 0.25, right 0)");
    // second order: f′ has a kink at δ, which is reported as one
    GradCheck.Result second = GradCheck.checkSecondOrder(f, prediction, target);
    assertTrue(second.passed(), second.report());
    assertEquals(4, second.kinks().size(), second.report());
    GradCheck.assertSecondOrderGradients(f, prediction, target);
  }

  @Test
  void softsign_and_relu_squared_pass_at_zero() {
    Tensor x = Tensor.vector(0, 0.5, -1.5);
    GradCheck.Result softsign = GradCheck.check(xs -> xs[0].softsign().sum(), x);
    assertTrue(softsign.passed() && softsign.conclusive(), softsign.report());
    assertEquals(1, softsign.jumps().size(), softsign.report());
    assertEquals(-2, softsign.jumps().get(0).secondRight(), 1e-2); // f″(0±) = ∓2
    assertEquals(2, softsign.jumps().get(0).secondLeft(), 1e-2);
    assertReportHas(softsign, "input 0, element [0]: differentiable, but the second derivative jumps here");
    GradCheck.Result reluSquared = GradCheck.check(xs -> xs[0].relu().square().sum(), x);
    assertTrue(reluSquared.passed() && reluSquared.conclusive(), reluSquared.report());
    assertEquals(1, reluSquared.jumps().size(), reluSquared.report());
    assertReportHas(reluSquared, "second derivative jumps here (left 0, right 2)");
    // their second derivatives jump at 0: at second order, kinks
    GradCheck.Result second = GradCheck.checkSecondOrder(xs -> xs[0].relu().square().sum(), x);
    assertTrue(second.passed(), second.report());
    assertEquals(1, second.kinks().size(), second.report());
    assertTrue(GradCheck.checkSecondOrder(xs -> xs[0].softsign().sum(), x).passed());
  }

  @Test
  void a_wrong_rule_at_a_jump_of_the_second_derivative_still_fails() {
    // f = 2·relu(x)², written so that the engine sees 3·relu(x) where 4·relu(x) is right (a constant copy)
    Tensor x = Tensor.vector(0, 0.5);
    GradCheck.Result r = GradCheck.check(xs -> xs[0].relu().square().add(xs[0].relu().detach().mul(xs[0].relu()))
        .sum(), x);
    assertFalse(r.passed(), r.report());
    assertEquals(1, r.mismatches().size(), r.report()); // at 0.5; at 0 both are 0
  }

  /** Lennard-Jones energy Σ_{i<j} 4((1/r)¹² − (1/r)⁶) of points [n, 3]. */
  static Tensor lennardJones(Tensor points) {
    int n = points.shape()[0];
    Tensor d = points.unsqueeze(1).sub(points.unsqueeze(0));        // [n, n, 3]
    Tensor r2 = d.square().sum(new int[] {2}, false).add(Tensor.eye(n)); // 1 on the diagonal: 4(1 − 1) = 0 there
    Tensor inv6 = r2.pow(-3);
    return inv6.square().sub(inv6).mul(4).sum().mul(0.5);
  }

  @Test
  void lennard_jones_at_close_range_is_inconclusive_not_a_failure_and_blames_no_primitive() {
    // atoms 0 and 1 are 0.1 apart: E ≈ 4e12; the others are far from everything
    Tensor points = Tensor.of(new double[] {
        0, 0, 0,
        0.1, 0, 0,
        1.6, 0.3, -0.2,
        -0.4, 1.5, 0.9}, 4, 3).label("points");
    GradCheck.Result r = GradCheck.check(xs -> lennardJones(xs[0]), points);
    assertTrue(r.passed(), r.report());
    assertFalse(r.conclusive(), r.report());
    assertTrue(r.kinks().isEmpty(), r.report());
    assertTrue(r.divergence().isEmpty(), r.report());
    assertFalse(r.report().contains("diverging"), r.report());
    // the close pair's own coordinates (derivatives around 1e14) are judged; the far atoms' are not
    for (GradCheck.Inconclusive u : r.inconclusive()) {
      assertTrue(u.index()[0] >= 2 || Math.abs(u.analytic()) < 1e3, r.report());
    }
    assertReportHas(r, "inconclusive here (finite differences lose ", " digits at |f| ≈ 4e12)",
        "inconclusive (not failures; no primitive is blamed)");
    // a real error at the same point is still found: the energy doubled in the rule only
    GradCheck.Result wrong = GradCheck.check(xs -> lennardJones(xs[0]).add(lennardJones(xs[0]).sub(
        lennardJones(xs[0].detach()))), points);
    assertFalse(wrong.passed(), wrong.report());
  }

  @Test
  void relu_and_abs_at_zero_stay_kinks() {
    Tensor x = Tensor.vector(0, 1);
    GradCheck.Result r = GradCheck.check(xs -> xs[0].abs().add(xs[0].relu()).sum(), x);
    assertTrue(r.passed(), r.report());
    assertEquals(1, r.kinks().size(), r.report());
    assertEquals(-1, r.kinks().get(0).left(), 1e-6);
    assertEquals(2, r.kinks().get(0).right(), 1e-6);
    assertTrue(r.jumps().isEmpty(), r.report());
  }

  @Test
  void reports_print_the_direction_of_directional_and_second_order_checks_and_the_tolerance_formula() {
    Tensor x = Tensor.vector(0.5, 1.5, -1);
    GradCheck.Result second = GradCheck.checkSecondOrder(xs -> xs[0].apply(new GradCheckTest.WrongSquare()).sum(), x);
    Tensor[] u = second.secondOrderDirection().orElseThrow();
    assertEquals(1, u.length);
    String uText = GradCheckReport.vectors(u);
    assertReportHas(second, "direction u of the second-order check: input 0 [3] [", uText,
        "step 0.001·max(1, |x|), tolerance |analytic − numeric| ≤ 1e-7 + 1e-5·|numeric| + 2·estimate");
    GradCheck.Result fast = GradCheck.defaults().fast(2).run(xs -> xs[0].apply(new GradCheckTest.WrongSquare()).sum(), x);
    assertFalse(fast.passed());
    Tensor[] along = fast.mismatches().get(0).directionVectors();
    assertEquals(3, along[0].size());
    assertReportHas(fast, "along u = " + GradCheckReport.vectors(along));
    assertTrue(GradCheck.check(xs -> xs[0].square().sum(), x).secondOrderDirection().isEmpty());
  }
}
