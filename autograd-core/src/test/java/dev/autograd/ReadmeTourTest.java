package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

/** The README's tour, kept compiling and checked. */
class ReadmeTourTest {

  @Test
  void the_tour_runs_and_gives_the_documented_values() {
    Tensor x = Tensor.matrix(new double[][] {{1, 2}, {3, 4}});
    Tensor w = Tensor.randn(42, 2, 3).requiresGrad(true);
    Tensor b = Tensor.zeros(3).requiresGrad(true);
    Tensor loss = x.matmul(w).add(b).sigmoid().square().mean();
    loss.backward();
    Tensor dw = w.grad();
    assertArrayEquals(new int[] {2, 3}, dw.shape());
    w.zeroGrad();

    Gradients g = Autograd.gradients(x.matmul(w).add(b).sigmoid().sum(), w, b);
    assertArrayEquals(new int[] {3}, g.get(b).shape());

    Tensor d = Autograd.grad(t -> t.pow(3).sum(), Tensor.vector(1, 2));
    assertArrayEquals(new double[] {3, 12}, d.toArray(), 1e-12);
    Tensor h = Autograd.hessian(t -> t.pow(3).sum(), Tensor.vector(1, 2));
    assertArrayEquals(new double[] {6, 0, 0, 12}, h.toArray(), 1e-12);
    Tensor hv = Autograd.hvp(t -> t.tanh().sum(), Tensor.vector(1, 2), Tensor.vector(1, 0));
    double t1 = Math.tanh(1);
    assertArrayEquals(new double[] {-2 * t1 * (1 - t1 * t1), 0}, hv.toArray(), 1e-12);
    Tensor jv = Autograd.jvp(t -> t.exp(), Tensor.vector(0, 1), Tensor.vector(1, 1));
    assertArrayEquals(new double[] {1, Math.E}, jv.toArray(), 1e-12);
    Tensor j = Autograd.jacobian(t -> t.softmax(0), Tensor.vector(1, 2, 3));
    assertArrayEquals(new int[] {3, 3}, j.shape());

    Tensor t = Tensor.scalar(0.5).requiresGrad(true);
    Tensor dt = Autograd.gradients(t.sigmoid(), Tensor.scalar(1), new Tensor[] {t}, true, true).get(0);
    Tensor d2t = Autograd.gradients(dt, t).get(0);
    double s = 1 / (1 + Math.exp(-0.5));
    assertEquals(s * (1 - s) * (1 - 2 * s), d2t.item(), 1e-15);

    try (var off = GradMode.noGrad()) {
      Tensor prediction = x.matmul(w).add(b).sigmoid();
      assertNotNull(prediction);
      assertEquals(null, prediction.node());
    }
  }
}
