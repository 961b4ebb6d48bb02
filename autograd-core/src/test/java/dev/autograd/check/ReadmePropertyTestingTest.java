package dev.autograd.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Autograd;
import dev.autograd.Node;
import dev.autograd.Primitive;
import dev.autograd.Tensor;
import org.junit.jupiter.api.Test;

/** The README section "Property-testing your own gradients", kept compiling and passing. */
class ReadmePropertyTestingTest {

  /** The README's {@code Cube}: y = x³, dx = grad · 3x². */
  static final class Cube extends Primitive {
    @Override public String name() { return "cube"; }
    @Override protected Tensor forward(Tensor... in) { return in[0].map(v -> v * v * v); }
    @Override protected Tensor[] vjp(Node node, Tensor grad) {
      return new Tensor[] {grad.mul(node.input(0).square().mul(3))};
    }
  }

  static Tensor huber(Tensor prediction, Tensor target) {
    Tensor d = prediction.sub(target);
    return Tensor.where(d.abs().lt(1), d.square().mul(0.5), d.abs().sub(0.5)).mean();
  }

  @Test
  void one_function_at_one_point() {
    Tensor prediction = Tensor.randn(1, 4, 3);
    Tensor target = Tensor.randn(2, 3);
    GradCheck.assertGradients(xs -> huber(xs[0], xs[1]), prediction, target);
    GradCheck.assertSecondOrderGradients(xs -> huber(xs[0], xs[1]), prediction, target);
    Autograd.Fn f = xs -> xs[0].tanh().square().sum();
    Tensor bigInput = Tensor.randn(3, 300, 300);
    GradCheck.Result r = GradCheck.defaults().tolerance(1e-6, 1e-4).fast(8).run(f, bigInput);
    assertTrue(r.passed(), r.report());
    assertEquals(8, r.checked());
  }

  @Test
  void huber_has_the_right_first_and_second_derivatives() {
    PropertyCheck.function("huber", xs -> huber(xs[0], xs[1]), Domain.real(), Domain.real())
        .shapes(rng -> Shapes.broadcastPair(rng, 3, 3))   // pairs of shapes that broadcast together
        .cases(200).secondOrder(true)
        .assertPasses();
  }

  @Test
  void cube_composes_with_every_built_in_op() {
    OpSpec cube = OpSpec.unary("cube", x -> new Cube().apply(x), Domain.real());
    PropertyCheck.expressions(Catalog.builtIns().with(cube))
        .requiring("cube")                                 // every graph uses it
        .cases(500).seed(42).maxNodes(6).secondOrder(true)
        .assertPasses();
  }

  static Tensor smoothL1(Tensor d) {
    return Tensor.where(d.abs().lt(1), d.square().mul(0.5), d.abs().sub(0.5)).sum();
  }

  static Tensor randomSpd(java.util.random.RandomGenerator rng, int n) {
    Tensor b = Tensor.uniform(rng, -1, 1, n, n);
    return b.matmul(b.transpose()).add(Tensor.eye(n).mul(n));
  }

  @Test
  void checks_that_never_cry_wolf() {
    GradCheck.Result atDelta = GradCheck.check(xs -> smoothL1(xs[0]), Tensor.vector(1, -1, 0.3));
    atDelta.assertPassed();
    assertEquals(2, atDelta.jumps().size(), atDelta.report());
    PropertyCheck.function("logdet", xs -> dev.autograd.Linalg.logdet(xs[0]), rng -> new Tensor[] {randomSpd(rng, 3)})
        .cases(100).secondOrder(true)
        .assertPasses();
  }

  @Test
  void readme_huber_passes_at_every_point_including_delta() {
    for (double d : new double[] {-2.5, -1, -0.5, 0, 0.5, 1, 2.5}) {
      Tensor prediction = Tensor.vector(d, d + 1, d - 1);
      Tensor target = Tensor.vector(0, 1, -1);
      GradCheck.assertGradients(xs -> huber(xs[0], xs[1]), prediction, target);
      GradCheck.assertSecondOrderGradients(xs -> huber(xs[0], xs[1]), prediction, target);
    }
  }
}
