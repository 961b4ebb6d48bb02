package dev.autograd.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Autograd;
import dev.autograd.Node;
import dev.autograd.Primitive;
import dev.autograd.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GradCheckTest {

  /** {@code r = x²} whose rule claims {@code dx = 3x·g} instead of {@code 2x·g}. */
  static final class WrongSquare extends Primitive {
    @Override public String name() { return "wrongSquare"; }
    @Override protected Tensor forward(Tensor... in) { return in[0].map(v -> v * v); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return new Tensor[] {g.mul(node.input(0)).mul(3)}; }
  }

  /**
   * {@code r = x³} with the correct first derivative {@code 3x²}, but computed with {@code map}: a
   * constant, so the rule's own derivative (needed for second order) is lost.
   */
  static final class CubeWithConstantRule extends Primitive {
    @Override public String name() { return "cubeConstantRule"; }
    @Override protected Tensor forward(Tensor... in) { return in[0].map(v -> v * v * v); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return new Tensor[] {g.mul(node.input(0).map(v -> 3 * v * v))};
    }
  }

  @Test
  void defaults_are_the_documented_step_and_tolerances() {
    GradCheck d = GradCheck.defaults();
    assertEquals(1e-3, d.step());
    assertEquals(1e-7, d.absoluteTolerance());
    assertEquals(1e-5, d.relativeTolerance());
    GradCheck changed = d.step(1e-4).tolerance(1e-3, 1e-2);
    assertEquals(1e-4, changed.step());
    assertEquals(1e-3, changed.absoluteTolerance());
    assertEquals(1e-2, changed.relativeTolerance());
    assertEquals(1e-3, d.step(), "configuration returns a new checker");
  }

  @Test
  void a_correct_composite_function_passes_at_first_and_second_order() {
    Tensor a = Tensor.randn(1, 3, 4);
    Tensor b = Tensor.randn(2, 4, 2);
    GradCheck.Result r = GradCheck.check(xs -> xs[0].matmul(xs[1]).sigmoid(), a, b);
    assertTrue(r.passed(), r.report());
    assertEquals(12 + 8, r.checked());
    GradCheck.Result second = GradCheck.checkSecondOrder(xs -> xs[0].matmul(xs[1]).tanh().square().sum(), a, b);
    assertTrue(second.passed(), second.report());
    assertTrue(second.isSecondOrder());
  }

  @Test
  void failure_report_names_input_element_both_values_both_errors_and_the_tolerance() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2).label("x");
    Autograd.Fn f = xs -> xs[0].apply(new WrongSquare()).sum();
    GradCheck.Result r = GradCheck.check(f, x);
    assertFalse(r.passed());
    assertEquals(6, r.mismatches().size());
    GradCheck.Mismatch m = r.mismatches().get(3); // element [1, 1] holds 4
    assertEquals(0, m.input());
    assertArrayEquals(new int[] {1, 1}, m.index());
    assertEquals(12.0, m.analytic(), 1e-12);
    assertEquals(8.0, m.numeric(), 1e-6);
    assertEquals(4.0, m.absoluteError(), 1e-6);
    assertEquals(0.5, m.relativeError(), 1e-6);
    // atol + rtol·|numeric| + 2·estimate: the estimate (rounding, at most a few ulps of |f| per step) is tiny here
    assertEquals(1e-7 + 1e-5 * 8.0, m.allowed(), 1e-8);
    assertEquals(m.allowed(), 1e-7 + 1e-5 * Math.abs(m.numeric()) + 2 * m.errorEstimate(), 1e-18);
    assertTrue(m.errorEstimate() < 1e-8, r.report());
    String report = r.report();
    for (String expected : new String[] {
        "input 0 ('x'), element [1, 1]", "analytic 12", "numeric 8", "|analytic − numeric| 4",
        "> allowed 8.01", "atol 1e-7 + rtol 1e-5·|numeric| + 2·estimate", "step 0.001, error estimate ", "relative error 0.5",
        "first diverging primitive: 'wrongSquare'"}) {
      assertTrue(report.contains(expected), () -> "missing '" + expected + "' in\n" + report);
    }
    AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.assertGradients(f, x));
    assertEquals(report, e.getMessage());
  }

  @Test
  void the_first_diverging_primitive_is_found_deep_in_a_graph_with_its_creation_site() {
    Tensor x = Tensor.uniform(new SplittableRandom(3), 0.5, 1.5, 4);
    Tensor w = Tensor.randn(4, 4, 4);
    GradCheck.Result r = GradCheck.check(xs -> {
      Tensor h = xs[1].matmul(xs[0]).tanh();         // nodes 1-4: reshape, matmul, reshape, tanh
      Tensor bad = h.exp().apply(new WrongSquare());  // nodes 5-6
      return bad.add(h).log1p().sum();                // nodes 7-9
    }, x, w);
    assertFalse(r.passed());
    GradCheck.Divergence d = r.divergence().orElseThrow(() -> new AssertionError(r.report()));
    assertInstanceOf(WrongSquare.class, d.op());
    assertEquals(6, d.position());
    assertEquals(9, d.nodeCount());
    assertNotNull(d.createdAt(), r.report());
    assertEquals(GradCheckTest.class.getName(), d.createdAt().getClassName().replaceAll("\\$.*", ""));
    assertFalse(d.local().passed());
    assertTrue(r.report().contains("node 6 of 9"), r.report());
  }

  @Test
  void a_value_computed_outside_the_graph_is_diagnosed_when_no_primitive_diverges() {
    Tensor x = Tensor.vector(0.5, 1.5, -2);
    // x * constant(x): the constant factor is invisible to the engine, so d/dx is off, yet every recorded op is right.
    GradCheck.Result r = GradCheck.check(xs -> xs[0].mul(xs[0].map(v -> v)).sum(), x);
    assertFalse(r.passed());
    assertTrue(r.divergence().isEmpty());
    assertTrue(r.report().contains("no single primitive disagrees"), r.report());
  }

  @Test
  void relu_at_zero_is_reported_as_a_kink_not_a_failure() {
    Tensor x = Tensor.vector(-1, 0, 2);
    GradCheck.Result r = GradCheck.check(xs -> xs[0].relu().sum(), x);
    assertTrue(r.passed(), r.report());
    assertEquals(1, r.kinks().size(), r.report());
    GradCheck.Kink k = r.kinks().get(0);
    assertArrayEquals(new int[] {1}, k.index());
    assertEquals(0.0, k.left(), 1e-6);
    assertEquals(1.0, k.right(), 1e-6);
    assertEquals(0.0, k.analytic());
    assertTrue(r.report().contains("not differentiable here (a kink)"), r.report());
  }

  @Test
  void abs_at_zero_max_ties_and_clamp_bounds_are_kinks() {
    GradCheck.Result abs = GradCheck.check(xs -> xs[0].abs().sum(), Tensor.vector(0, 3));
    assertTrue(abs.passed(), abs.report());
    assertEquals(1, abs.kinks().size(), abs.report());
    assertEquals(-1.0, abs.kinks().get(0).left(), 1e-6);
    assertEquals(1.0, abs.kinks().get(0).right(), 1e-6);

    GradCheck.Result max = GradCheck.check(xs -> xs[0].max(), Tensor.vector(2, 1, 2));
    assertTrue(max.passed(), max.report());
    assertEquals(2, max.kinks().size(), max.report());

    GradCheck.Result clamp = GradCheck.check(xs -> xs[0].clamp(-1, 1).sum(), Tensor.vector(1, 0.5));
    assertTrue(clamp.passed(), clamp.report());
    assertEquals(1, clamp.kinks().size(), clamp.report());
  }

  @Test
  void without_kink_awareness_a_kink_is_a_failure() {
    GradCheck.Result r = GradCheck.defaults().kinkAware(false).run(xs -> xs[0].relu().sum(), Tensor.vector(-1, 0, 2));
    assertFalse(r.passed());
    assertEquals(1, r.mismatches().size());
    assertTrue(r.kinks().isEmpty());
  }

  @Test
  void smooth_functions_with_strong_curvature_are_not_mistaken_for_kinks() {
    Tensor x = Tensor.vector(0.05, 0.2, 3);
    GradCheck.Result r = GradCheck.check(xs -> xs[0].log().add(xs[0].pow(-2)).sum(), x);
    assertTrue(r.passed(), r.report());
    assertTrue(r.kinks().isEmpty(), r.report());
    GradCheck.Result wrong = GradCheck.check(xs -> xs[0].apply(new WrongSquare()).mul(1e3).sum(), x);
    assertEquals(3, wrong.mismatches().size(), wrong.report());
    assertTrue(wrong.kinks().isEmpty(), wrong.report());
  }

  @Test
  void second_order_check_catches_a_rule_whose_own_gradient_is_lost() {
    Tensor x = Tensor.vector(0.5, -1.5, 2);
    Autograd.Fn f = xs -> xs[0].apply(new CubeWithConstantRule()).sum();
    assertTrue(GradCheck.check(f, x).passed(), "first derivatives are right");
    GradCheck.Result second = GradCheck.checkSecondOrder(f, x);
    assertFalse(second.passed(), second.report());
    GradCheck.Divergence d = second.divergence().orElseThrow(() -> new AssertionError(second.report()));
    assertInstanceOf(CubeWithConstantRule.class, d.op());
    assertTrue(second.report().contains("second order"), second.report());
    // the right second derivatives: d/dx (3x²·u) = 6x·u
    GradCheck.assertSecondOrderGradients(xs -> xs[0].pow(3).sum(), x);
  }

  @Test
  void fast_mode_checks_random_directions_of_a_large_input() {
    Tensor a = Tensor.randn(5, 120, 150);
    Tensor b = Tensor.randn(6, 150, 80);
    GradCheck fast = GradCheck.defaults().fast(3);
    GradCheck.Result r = fast.run(xs -> xs[0].matmul(xs[1]).tanh(), a, b);
    assertTrue(r.passed(), r.report());
    assertTrue(r.isDirectional());
    assertEquals(3, r.checked());
    GradCheck.Result wrong = fast.run(xs -> xs[0].matmul(xs[1]).apply(new WrongSquare()), a, b);
    assertFalse(wrong.passed());
    assertEquals(3, wrong.mismatches().size());
    assertTrue(wrong.mismatches().get(0).where().startsWith("direction 0"), wrong.report());
    assertInstanceOf(WrongSquare.class, wrong.divergence().orElseThrow().op());
  }

  @Test
  void fast_above_switches_to_directions_only_for_large_inputs() {
    GradCheck g = GradCheck.defaults().fastAbove(100);
    assertFalse(g.run(xs -> xs[0].exp().sum(), Tensor.randn(1, 10)).isDirectional());
    GradCheck.Result big = g.run(xs -> xs[0].exp().sum(), Tensor.randn(1, 20, 20));
    assertTrue(big.isDirectional());
    assertEquals(4, big.checked());
  }

  @Test
  void fast_second_order_check_combines_both() {
    Tensor x = Tensor.randn(7, 40, 30);
    GradCheck.Result r = GradCheck.defaults().fast(2).runSecondOrder(xs -> xs[0].sigmoid().square().sum(), x);
    assertTrue(r.passed(), r.report());
    assertTrue(r.isDirectional() && r.isSecondOrder());
  }

  /** {@code r = x²} whose rule is off by a relative {@code error}: {@code dx = 2x·(1 + error)·g}. */
  static final class SlightlyWrongSquare extends Primitive {
    private final double error;

    SlightlyWrongSquare(double error) {
      this.error = error;
    }

    @Override public String name() { return "slightlyWrongSquare"; }
    @Override protected Tensor forward(Tensor... in) { return in[0].map(v -> v * v); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return new Tensor[] {g.mul(node.input(0)).mul(2 * (1 + error))};
    }
  }

  @Test
  void tolerance_and_step_are_applied() {
    Tensor x = Tensor.vector(0.3, 0.7);
    // a rule off by one part in 10⁴: beyond the default rtol 1e-5, within rtol 1e-3
    Autograd.Fn slightlyWrong = xs -> xs[0].apply(new SlightlyWrongSquare(1e-4)).sum();
    GradCheck.Result strict = GradCheck.check(slightlyWrong, x);
    assertEquals(2, strict.mismatches().size(), strict.report());
    assertEquals(1e-4, strict.mismatches().get(0).relativeError(), 1e-7);
    assertTrue(GradCheck.defaults().tolerance(1e-7, 1e-3).run(slightlyWrong, x).passed());
    // a failure is re-checked at a quarter of the step, which the report gives (x ≤ 1: the step is not scaled)
    assertEquals(2.5e-4, strict.mismatches().get(0).step(), 1e-18);
    assertEquals(0.025, GradCheck.defaults().step(0.1).run(slightlyWrong, x).mismatches().get(0).step(), 1e-15);
    // a coarse step: the five-point estimate of exp at h = 0.5 is off by about h⁴/30·eˣ ≈ 4e-3; the
    // second look at h/4 is 256 times closer, and |N(h) − N(h/4)|/3 bounds its error: it passes
    Autograd.Fn exp = xs -> xs[0].exp().sum();
    GradCheck.Result coarse = GradCheck.defaults().step(0.5).kinkAware(false).run(exp, x);
    assertTrue(coarse.passed(), coarse.report());
    assertTrue(coarse.conclusive(), coarse.report());
  }

  @Test
  void steps_scale_with_the_input() {
    // at x = 1e4 a fixed step of 1e-3 would lose 7 digits to rounding; h·max(1, |x|) = 10 keeps them
    Tensor x = Tensor.vector(1e4, -3e5);
    GradCheck.Result r = GradCheck.check(xs -> xs[0].square().mul(1e-3).sum(), x);
    assertTrue(r.passed() && r.conclusive(), r.report());
    GradCheck.Result wrong = GradCheck.check(xs -> xs[0].apply(new SlightlyWrongSquare(1e-4)).sum(), x);
    assertEquals(10 / 4.0, wrong.mismatches().get(0).step(), 1e-12);
    assertEquals(3e5 * 1e-3 / 4, wrong.mismatches().get(1).step(), 1e-9);
  }

  @Test
  void near_the_edge_of_its_domain_the_step_shrinks_to_fit() {
    // log at 1e-4: the stencil x ± 2h with h = 1e-3 would reach negative numbers
    GradCheck.Result r = GradCheck.check(xs -> xs[0].log().sum(), Tensor.vector(1e-4, 2));
    assertTrue(r.passed(), r.report());
  }

  @Test
  void inputs_are_not_modified_and_non_finite_inputs_or_values_are_rejected() {
    Tensor x = Tensor.vector(1, 2, 3);
    double[] before = x.toArray();
    GradCheck.check(xs -> xs[0].square().sum(), x);
    assertArrayEquals(before, x.toArray());
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
        () -> GradCheck.check(xs -> xs[0].sum(), Tensor.vector(1, Double.NaN)));
    assertTrue(nan.getMessage().contains("input 0"), nan.getMessage());
    IllegalArgumentException domain = assertThrows(IllegalArgumentException.class,
        () -> GradCheck.check(xs -> xs[0].log().sum(), Tensor.vector(-1, 2)));
    assertTrue(domain.getMessage().contains("not finite"), domain.getMessage());
    assertThrows(IllegalArgumentException.class, () -> GradCheck.check(xs -> xs[0].sum()));
    assertThrows(IllegalArgumentException.class, () -> GradCheck.defaults().step(0));
  }

  @Test
  void non_scalar_outputs_are_checked_through_every_element() {
    // The second output element alone is wrong: weighting must expose it.
    GradCheck.Result r = GradCheck.check(
        xs -> Tensor.concat(0, xs[0].square(), xs[0].apply(new WrongSquare())), Tensor.vector(1.5));
    assertFalse(r.passed(), r.report());
  }

  @Test
  void an_input_the_output_ignores_has_zero_gradient_and_passes() {
    GradCheck.Result r = GradCheck.check(xs -> xs[0].sum(), Tensor.vector(1, 2), Tensor.vector(3));
    assertTrue(r.passed(), r.report());
    assertEquals(3, r.checked());
  }

  @Test
  void each_input_alone_catches_a_rule_that_gates_one_inputs_gradient_on_another() {
    Tensor x = Tensor.vector(0.5, -1.5, 2).label("x");
    Tensor y = Tensor.vector(1.25, 0.75, -0.5).label("y");
    Autograd.Fn f = xs -> new CatalogTest.GatedMultiply().apply(xs[0], xs[1]).sum();
    assertTrue(GradCheck.check(f, x, y).passed(), "with both inputs differentiable the rule is right");
    assertTrue(GradCheck.defaults().runInputAlone(0, f, x, y).passed());

    GradCheck.Result alone = GradCheck.defaults().runInputAlone(1, f, x, y);
    assertFalse(alone.passed());
    assertEquals(3, alone.checked(), "only input 1's elements");
    assertEquals(1, alone.mismatches().get(0).input());
    assertEquals(0.0, alone.mismatches().get(0).analytic());
    assertTrue(alone.report().contains("input 1 ('y') alone (the others constant)"), alone.report());
    assertTrue(alone.report().contains("first diverging primitive: 'gatedMul'"), alone.report());

    GradCheck each = GradCheck.defaults().eachInputAlone(true);
    GradCheck.Result r = each.run(f, x, y);
    assertFalse(r.passed(), r.report());
    assertEquals(alone.report(), r.report().replace(", each input also checked alone", ""));
    AssertionError e = assertThrows(AssertionError.class, () -> each.assertPasses(f, x, y));
    assertTrue(e.getMessage().contains("input 1 ('y') alone"), e.getMessage());
  }

  @Test
  void each_input_alone_counts_every_check_and_is_printed_in_settings_and_code() {
    Tensor a = Tensor.vector(0.5, 1.5);
    Tensor b = Tensor.vector(-1, 2);
    Autograd.Fn f = xs -> xs[0].mul(xs[1]).tanh().sum();
    GradCheck each = GradCheck.defaults().eachInputAlone(true);
    GradCheck.Result r = each.run(f, a, b);
    assertTrue(r.passed(), r.report());
    assertEquals(4 + 2 + 2, r.checked(), "both inputs together, then each alone");
    assertTrue(r.report().contains("and each input alone (the others constant)"), r.report());
    assertTrue(r.report().contains("each input also checked alone"), r.report());
    GradCheck.Result second = each.runSecondOrder(f, a, b);
    assertTrue(second.passed() && second.isSecondOrder(), second.report());
    assertEquals(8, second.checked());
    Autograd.Fn unary = xs -> xs[0].exp().sum();
    assertEquals(GradCheck.check(unary, a).report(), each.run(unary, a).report()
        .replace(", each input also checked alone", ""), "one input: nothing more to check");
    assertEquals("GradCheck.defaults().eachInputAlone(true).assertPasses", each.javaCall(false));
    assertEquals("GradCheck.assertGradients", each.eachInputAlone(false).javaCall(false));
    assertFalse(GradCheck.defaults().toString().contains("alone"));
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> GradCheck.defaults().runInputAlone(2, f, a, b));
    assertTrue(bad.getMessage().contains("no input 2"), bad.getMessage());
  }
}
