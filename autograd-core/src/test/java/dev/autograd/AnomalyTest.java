package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AnomalyTest {

  private static final Tensor W = Tensor.of(new double[] {0.5, -0.25, 1, 0.75, -0.5, 0.25}, 2, 3);

  /** A few layers, then the log of numbers that are all negative: the first NaN is made by log. */
  private static Tensor deepForward(Tensor x) {
    Tensor h = x.matmul(W).tanh();    // in (-1, 1)
    Tensor shifted = h.sub(2);        // in (-3, -1): negative
    Tensor bad = shifted.log();       // NaN: the first non-finite value
    return bad.exp().mul(3).sum();    // would be NaN too, but the mode stopped before
  }

  /** sqrt at 0 is finite in the forward pass; its derivative 1/(2√x) is infinite there. */
  private static Tensor sqrtAtZero(Tensor x) {
    Tensor shifted = x.mul(2).sub(2); // 0 where x = 1
    return shifted.sqrt().add(shifted).sum();
  }

  @Test
  void forward_anomaly_names_the_op_that_first_produced_nan_deep_in_a_graph_and_its_line() {
    Tensor x = Tensor.of(new double[] {1, 2, -1, 0.5}, 2, 2).requiresGrad(true);
    AnomalyException e;
    try (var on = GradMode.anomalyDetection()) {
      e = assertThrows(AnomalyException.class, () -> deepForward(x));
    }
    assertEquals("log", e.op());
    String m = e.getMessage();
    assertTrue(m.contains("'log' produced NaN"), m);
    assertTrue(m.contains("shape [2, 3]"), m);
    assertTrue(m.contains("from finite inputs"), m);
    assertTrue(m.contains("AnomalyTest.deepForward(AnomalyTest.java:"), m);
  }

  @Test
  void backward_anomaly_names_the_rule_that_first_produced_infinity_and_where_its_node_was_created() {
    Tensor x = Tensor.vector(1, 3).requiresGrad(true);
    AnomalyException e;
    try (var on = GradMode.anomalyDetection()) {
      Tensor y = sqrtAtZero(x);
      assertTrue(y.isFinite(), "the forward pass is finite");
      e = assertThrows(AnomalyException.class, y::backward);
    }
    assertEquals("sqrt", e.op());
    String m = e.getMessage();
    assertTrue(m.contains("the derivative rule of 'sqrt' produced Infinity"), m);
    assertTrue(m.contains("node created at dev.autograd.AnomalyTest.sqrtAtZero(AnomalyTest.java:"), m);
  }

  @Test
  void backward_anomaly_through_the_functional_api_names_the_rule_and_the_users_lambda() {
    AnomalyException e;
    try (var on = GradMode.anomalyDetection()) {
      e = assertThrows(AnomalyException.class, () -> Autograd.grad(z -> z.sqrt().sum(), Tensor.vector(0, 1)));
    }
    assertEquals("sqrt", e.op());
    assertTrue(e.getMessage().contains("node created at dev.autograd.AnomalyTest.lambda$"), e.getMessage());
  }

  @Test
  void second_order_anomaly_names_the_rule_inside_the_first_backward_graph() {
    // d²/dx² x^1.5 = 0.75·x^-0.5: infinite at 0, made by the rule of the pow(0.5) node that
    // pow(1.5)'s own rule recorded
    AnomalyException e;
    try (var on = GradMode.anomalyDetection()) {
      e = assertThrows(AnomalyException.class, () -> Autograd.hessian(z -> z.pow(1.5).sum(), Tensor.vector(0, 1)));
    }
    assertEquals("pow", e.op());
    assertTrue(e.getMessage().contains("the derivative rule of 'pow(0.5)' produced Infinity"), e.getMessage());
  }

  /** {@code r = x}, whose rule returns NaN where x is 0. */
  static final class NanRule extends Primitive {
    @Override public String name() { return "nanRule"; }
    @Override protected Tensor forward(Tensor... in) { return in[0].map(v -> v); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return new Tensor[] {g.mul(node.input(0).map(v -> v == 0 ? Double.NaN : 1))};
    }
  }

  @Test
  void a_user_rule_returning_nan_is_named() {
    Tensor x = Tensor.vector(2, 0).requiresGrad(true);
    AnomalyException e;
    try (var on = GradMode.anomalyDetection()) {
      Tensor y = new NanRule().apply(x.mul(x)).sum(); // 0 where x is 0
      e = assertThrows(AnomalyException.class, y::backward);
    }
    assertEquals("nanRule", e.op());
    assertTrue(e.getMessage().contains("the derivative rule of 'nanRule'"), e.getMessage());
  }

  @Test
  void a_nan_that_no_op_produced_is_reported_at_the_first_op_that_reads_it() {
    Tensor x = Tensor.vector(1, Double.NaN).requiresGrad(true);
    AnomalyException e;
    try (var on = GradMode.anomalyDetection()) {
      e = assertThrows(AnomalyException.class, () -> x.mul(2));
    }
    assertEquals("mul", e.op());
    assertTrue(e.getMessage().contains("input 0 of 'mul' (shape [2]) already holds NaN"), e.getMessage());
  }

  @Test
  void a_graph_built_outside_the_mode_still_names_the_rule_and_says_how_to_find_the_line() {
    Tensor x = Tensor.vector(1, 3).requiresGrad(true);
    Tensor y = sqrtAtZero(x);
    assertNull(y.node().createdAt(), "nothing is recorded about call sites when the mode is off");
    AnomalyException e;
    try (var on = GradMode.anomalyDetection()) {
      e = assertThrows(AnomalyException.class, y::backward);
    }
    assertEquals("sqrt", e.op());
    assertTrue(e.getMessage().contains("build the graph inside GradMode.anomalyDetection()"), e.getMessage());
  }

  @Test
  void without_the_mode_non_finite_values_pass_silently() {
    Tensor x = Tensor.of(new double[] {1, 2, -1, 0.5}, 2, 2).requiresGrad(true);
    Tensor y = deepForward(x);
    assertFalse(y.isFinite());
    Tensor z = sqrtAtZero(Tensor.vector(1, 3).requiresGrad(true));
    z.backward(); // an infinite gradient, no exception
  }

  @Test
  void the_mode_is_per_scope_and_nests() {
    assertFalse(GradMode.isAnomalyDetectionEnabled());
    try (var outer = GradMode.anomalyDetection()) {
      try (var inner = GradMode.anomalyDetection()) {
        assertTrue(GradMode.isAnomalyDetectionEnabled());
      }
      assertTrue(GradMode.isAnomalyDetectionEnabled());
    }
    assertFalse(GradMode.isAnomalyDetectionEnabled());
  }
}
