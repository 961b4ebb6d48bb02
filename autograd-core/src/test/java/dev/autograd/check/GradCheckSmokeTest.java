package dev.autograd.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import org.junit.jupiter.api.Test;

class GradCheckSmokeTest {
  @Test
  void matmul_sigmoid_passes() {
    GradCheck.assertGradients(xs -> xs[0].matmul(xs[1]).sigmoid(), Tensor.randn(1, 3, 4), Tensor.randn(2, 4, 2));
  }

  @Test
  void broadcast_mul_passes() {
    GradCheck.assertGradients(xs -> xs[0].mul(xs[1]).tanh().sum(), Tensor.randn(1, 3, 4), Tensor.randn(2, 4));
  }

  @Test
  void a_wrong_rule_is_caught() {
    var r = GradCheck.check(xs -> xs[0].apply(new Wrong()), Tensor.randn(3, 2));
    assertFalse(r.passed(), r.report());
    assertTrue(r.report().contains("analytic"));
  }

  static final class Wrong extends dev.autograd.Primitive {
    @Override public String name() { return "wrongSquare"; }
    @Override protected Tensor forward(Tensor... in) { return in[0].map(v -> v * v); }
    @Override protected Tensor[] vjp(dev.autograd.Node node, Tensor g) { return new Tensor[] {g.mul(node.input(0)).mul(3)}; }
  }
}
