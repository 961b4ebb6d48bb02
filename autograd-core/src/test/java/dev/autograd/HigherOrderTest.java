package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Gradients of gradients, compared with finite differences of the engine's first derivative. */
class HigherOrderTest {
  private static final double H = 1e-5;

  /** Central difference of the engine's first derivative: f''(x) ≈ (f'(x+h) - f'(x-h)) / 2h. */
  private static double numericSecond(UnaryOperator<Tensor> f, double x) {
    double up = Autograd.grad(f, Tensor.scalar(x + H)).item();
    double down = Autograd.grad(f, Tensor.scalar(x - H)).item();
    return (up - down) / (2 * H);
  }

  private static void assertSecondDerivative(UnaryOperator<Tensor> f, double x, double closedForm) {
    double analytic = Autograd.grad(z -> Autograd.grad(f, z), Tensor.scalar(x)).item();
    double numeric = numericSecond(f, x);
    assertEquals(numeric, analytic, 1e-7 + 1e-5 * Math.abs(numeric), "engine vs finite difference at " + x);
    assertEquals(closedForm, analytic, 1e-12 + 1e-10 * Math.abs(closedForm), "engine vs closed form at " + x);
  }

  @Test
  void second_derivative_of_sigmoid() {
    for (double x : new double[] {-3, -0.5, 0, 0.7, 2.5}) {
      double s = 1 / (1 + Math.exp(-x));
      assertSecondDerivative(Tensor::sigmoid, x, s * (1 - s) * (1 - 2 * s));
    }
  }

  @Test
  void second_derivative_of_tanh() {
    for (double x : new double[] {-2, -0.3, 0, 0.4, 1.5}) {
      double t = Math.tanh(x);
      assertSecondDerivative(Tensor::tanh, x, -2 * t * (1 - t * t));
    }
  }

  @Test
  void second_and_third_derivatives_of_cube() {
    for (double x : new double[] {-2, -0.5, 0, 1, 3}) {
      assertSecondDerivative(z -> z.pow(3), x, 6 * x);
      assertSecondDerivative(z -> z.mul(z).mul(z), x, 6 * x);
      double third = Autograd.grad(a -> Autograd.grad(b -> Autograd.grad(c -> c.pow(3), b), a), Tensor.scalar(x)).item();
      assertEquals(6, third, 1e-12);
    }
  }

  @Test
  void hessian_vector_product_of_a_small_mlp_loss_matches_finite_differences() {
    Tensor x = Tensor.randn(1, 8, 3);
    Tensor y = Tensor.rand(2, 8, 1).gt(0.5);
    int[] s1 = {3, 5};
    int[] s2 = {5, 1};
    // All parameters in one flat vector θ, so the Hessian is a matrix.
    UnaryOperator<Tensor> loss = theta -> {
      Tensor w1 = theta.slice(0, 0, 15).reshape(s1);
      Tensor b1 = theta.slice(0, 15, 20);
      Tensor w2 = theta.slice(0, 20, 25).reshape(s2);
      Tensor z = x.matmul(w1).add(b1).tanh().matmul(w2);
      return z.softplus().sub(y.mul(z)).mean();   // binary cross-entropy from logits
    };
    Tensor theta = Tensor.randn(3, 25).mul(0.5);
    Tensor v = Tensor.randn(4, 25);
    Tensor hv = Autograd.hvp(loss, theta, v);
    // Directional difference of the gradient: H·v ≈ (∇L(θ + hv) - ∇L(θ - hv)) / 2h.
    double h = 1e-5;
    Tensor up = Autograd.grad(loss, theta.add(v.mul(h)));
    Tensor down = Autograd.grad(loss, theta.sub(v.mul(h)));
    Tensor numeric = up.sub(down).div(2 * h);
    for (int i = 0; i < 25; i++) {
      double n = numeric.get(i);
      assertEquals(n, hv.get(i), 1e-7 + 1e-5 * Math.abs(n), "component " + i);
    }
    // The full Hessian agrees with the Hessian-vector product and is symmetric.
    Tensor hess = Autograd.hessian(loss, theta);
    assertArrayEquals(new int[] {25, 25}, hess.shape());
    assertArrayEquals(hv.toArray(), hess.matmul(v).toArray(), 1e-10);
    assertArrayEquals(hess.toArray(), hess.transpose().toArray(), 1e-12);
  }

  @Test
  void jvp_equals_jacobian_times_tangent() {
    Tensor x = Tensor.randn(5, 4);
    Tensor v = Tensor.randn(6, 4);
    Tensor w = Tensor.randn(7, 3, 4);
    UnaryOperator<Tensor> f = z -> w.matmul(z.tanh()).exp();
    Tensor jac = Autograd.jacobian(f, x);
    assertArrayEquals(new int[] {3, 4}, jac.shape());
    Tensor jv = Autograd.jvp(f, x, v);
    assertArrayEquals(jac.matmul(v).toArray(), jv.toArray(), 1e-12);
  }

  @Test
  void jacobian_matches_finite_differences() {
    Tensor x = Tensor.vector(0.3, -0.2, 0.9);
    UnaryOperator<Tensor> f = z -> Tensor.concat(0, z.sigmoid().mul(z.slice(0, 0, 1)), z.square().sum().reshape(1));
    Tensor jac = Autograd.jacobian(f, x);
    assertArrayEquals(new int[] {4, 3}, jac.shape());
    double h = 1e-6;
    for (int j = 0; j < 3; j++) {
      double[] p = x.toArray();
      double[] m = x.toArray();
      p[j] += h;
      m[j] -= h;
      Tensor col = f.apply(Tensor.vector(p)).sub(f.apply(Tensor.vector(m))).div(2 * h);
      for (int i = 0; i < 4; i++) {
        assertEquals(col.get(i), jac.get(i, j), 1e-7 + 1e-5 * Math.abs(col.get(i)));
      }
    }
  }

  @Test
  void vjp_returns_value_and_products() {
    Tensor x = Tensor.vector(1, 2, 3);
    Gradients r = Autograd.vjp(xs -> xs[0].square(), new Tensor[] {x}, Tensor.vector(1, 0, 2));
    assertArrayEquals(new double[] {1, 4, 9}, r.value().toArray(), 0);
    assertArrayEquals(new double[] {2, 0, 12}, r.get(0).toArray(), 0);
  }

  @Test
  void value_and_grad_of_several_inputs() {
    Tensor a = Tensor.vector(1, 2);
    Tensor b = Tensor.vector(3, 4);
    Gradients r = Autograd.valueAndGrad(xs -> xs[0].mul(xs[1]).sum(), a, b);
    assertEquals(11, r.value().item(), 0);
    assertArrayEquals(b.toArray(), r.get(a).toArray(), 0);
    assertArrayEquals(a.toArray(), r.get(b).toArray(), 0);
    assertFalse(r.get(a).requiresGrad());
    assertNull(a.grad());
  }

  @Test
  void without_create_graph_no_backward_graph_is_recorded() {
    Tensor x = Tensor.vector(1, 2).requiresGrad(true);
    Gradients g = Autograd.gradients(x.sigmoid().sum(), x);
    assertNull(g.get(0).node());
    Gradients g2 = Autograd.gradients(x.sigmoid().sum(), Tensor.scalar(1), new Tensor[] {x}, true, true);
    assertEquals("sigmoidGrad", g2.get(0).node().op().name());
  }

  @Test
  void a_user_primitive_with_a_differentiable_rule_supports_second_derivatives() {
    final class Cube extends Primitive {
      @Override public String name() { return "cube"; }
      @Override protected Tensor forward(Tensor... in) { return in[0].map(v -> v * v * v); }
      @Override protected Tensor[] vjp(Node node, Tensor g) {
        return new Tensor[] {g.mul(node.input(0).square().mul(3))};
      }
    }
    UnaryOperator<Tensor> f = z -> new Cube().apply(z);
    assertEquals(12, Autograd.grad(f, Tensor.scalar(2)).item(), 1e-12);
    assertSecondDerivative(f, 2, 12);
    assertSecondDerivative(f, -1.5, -9);
  }
}
