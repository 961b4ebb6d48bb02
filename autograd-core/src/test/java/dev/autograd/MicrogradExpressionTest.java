package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The expression from micrograd's README, whose values are known. */
class MicrogradExpressionTest {

  @Test
  void expression_has_known_value_and_gradients() {
    Tensor a = Tensor.scalar(-4).requiresGrad(true);
    Tensor b = Tensor.scalar(2).requiresGrad(true);
    Tensor c = a.add(b);
    Tensor d = a.mul(b).add(b.pow(3));
    c = c.add(c).add(1);
    c = c.add(1).add(c).add(a.neg());
    d = d.add(d.mul(2)).add(b.add(a).relu());
    d = d.add(d.mul(3)).add(b.sub(a).relu());
    Tensor e = c.sub(d);
    Tensor f = e.pow(2);
    Tensor g = f.div(2.0).add(f.rdiv(10.0));
    g.backward();
    assertEquals(24.7041, g.item(), 5e-5);
    assertEquals(138.8338, a.grad().item(), 5e-5);
    assertEquals(645.5773, b.grad().item(), 5e-5);
  }

  @Test
  void functional_call_gives_the_same_gradients_without_touching_leaves() {
    Tensor a = Tensor.scalar(-4).requiresGrad(true);
    Tensor b = Tensor.scalar(2).requiresGrad(true);
    Gradients gs = Autograd.grad(xs -> expression(xs[0], xs[1]), a, b);
    assertEquals(24.7041, gs.value().item(), 5e-5);
    assertEquals(138.8338, gs.get(a).item(), 5e-5);
    assertEquals(645.5773, gs.get(b).item(), 5e-5);
    assertEquals(null, a.grad());
  }

  static Tensor expression(Tensor a, Tensor b) {
    Tensor c = a.add(b);
    Tensor d = a.mul(b).add(b.pow(3));
    c = c.add(c).add(1);
    c = c.add(1).add(c).add(a.neg());
    d = d.add(d.mul(2)).add(b.add(a).relu());
    d = d.add(d.mul(3)).add(b.sub(a).relu());
    Tensor e = c.sub(d);
    Tensor f = e.pow(2);
    return f.div(2.0).add(f.rdiv(10.0));
  }
}
