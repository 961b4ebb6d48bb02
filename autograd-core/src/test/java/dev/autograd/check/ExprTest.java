package dev.autograd.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExprTest {
  private static final Catalog OPS = Catalog.builtIns();

  private static Expr.Def def(String op, int... args) {
    return new Expr.Def(OPS.get(op), 0, args);
  }

  @Test
  void build_keeps_only_what_the_output_depends_on() {
    List<Tensor> leaves = List.of(Tensor.vector(1, 2), Tensor.vector(3, 4), Tensor.vector(0.5, 0.25));
    // t0 = x0 + x1 (unused), t1 = exp(x2), t2 = t1 * x0
    Expr e = Expr.build(leaves, List.of(def("add", -1, -2), def("exp", -3), def("mul", 1, -1)));
    assertNotNull(e);
    assertEquals(2, e.nodeCount());
    assertEquals(2, e.leafCount());
    assertEquals(List.of("exp", "mul"), e.opNames());
    Tensor y = e.function().apply(e.inputs());
    assertEquals(Math.exp(0.5) * 1, y.get(0), 1e-12);
    assertEquals(Math.exp(0.25) * 2, y.get(1), 1e-12);
  }

  @Test
  void build_rejects_inputs_outside_a_domain_and_shapes_an_op_cannot_take() {
    assertNull(Expr.build(List.of(Tensor.vector(-1, 2)), List.of(def("log", -1))), "log of a negative number");
    assertNull(Expr.build(List.of(Tensor.vector(1, 0)), List.of(def("relu", -1))), "relu at its kink");
    assertNull(Expr.build(List.of(Tensor.vector(1, 2), Tensor.vector(1, 2, 3)), List.of(def("add", -1, -2))),
        "shapes [2] and [3] do not broadcast");
    assertNull(Expr.build(List.of(Tensor.vector(1)), List.of()), "no steps");
  }

  @Test
  void printed_code_names_inputs_and_temporaries() {
    Expr e = Expr.build(List.of(Tensor.vector(1, 0.5), Tensor.scalar(2)),
        List.of(def("exp", -1), def("mul", 0, -2)));
    String code = e.toJava("GradCheck.assertGradients");
    assertEquals("Tensor x0 = Tensor.vector(1, 0.5);\n"
        + "Tensor x1 = Tensor.scalar(2);\n"
        + "GradCheck.assertGradients(xs -> {\n"
        + "  Tensor t0 = xs[0].exp();\n"
        + "  return t0.mul(xs[1]);\n"
        + "}, x0, x1);", code);
    assertTrue(e.toString().startsWith("xs[0].exp().mul(xs[1])"), e.toString());
  }
}
