package dev.autograd.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Node;
import dev.autograd.Primitive;
import dev.autograd.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class PropertyCheckTest {

  /** {@code r = x³}, {@code dx = 3x²·g}: a correct user primitive whose rule is differentiable. */
  public static final class Cube extends Primitive {
    @Override public String name() { return "cube"; }
    @Override protected Tensor forward(Tensor... in) { return in[0].map(v -> v * v * v); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return new Tensor[] {g.mul(node.input(0).square().mul(3))};
    }
  }

  /** {@code r = x³} with a derivative off by a factor of 2: {@code dx = 6x²·g}. */
  public static final class WrongCube extends Primitive {
    @Override public String name() { return "wrongCube"; }
    @Override protected Tensor forward(Tensor... in) { return in[0].map(v -> v * v * v); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return new Tensor[] {g.mul(node.input(0).square().mul(6))};
    }
  }

  /**
   * {@code r = x·y} whose first derivatives are right but whose rule for dy is written with a
   * constant copy of x, so its second (mixed) derivative is lost.
   */
  public static final class MulWithConstantRule extends Primitive {
    @Override public String name() { return "mulConstantRule"; }
    @Override protected Tensor forward(Tensor... in) { return in[0].detach().mul(in[1].detach()); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return new Tensor[] {g.mul(node.input(1)), g.mul(node.input(0).detach())};
    }
  }

  /** {@code r = 2x} whose rule returns a gradient of the wrong shape (one number): the engine refuses it. */
  public static final class BadShapeRule extends Primitive {
    @Override public String name() { return "badShapeRule"; }
    @Override protected Tensor forward(Tensor... in) { return in[0].map(v -> 2 * v); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return new Tensor[] {g.sum().mul(2).reshape(1, 1, 1, 1)};
    }
  }

  @Test
  void a_rule_the_engine_rejects_is_reported_as_an_error_and_shrunk() {
    OpSpec bad = OpSpec.unary("badShapeRule", x -> new BadShapeRule().apply(x), Domain.real());
    PropertyCheck.Report r = PropertyCheck.expressions(Catalog.builtIns().with(bad)).requiring("badShapeRule")
        .cases(10).seed(1).run();
    PropertyCheck.Failure f = r.failure().orElseThrow();
    assertEquals(PropertyCheck.Kind.ERROR, f.kind());
    assertInstanceOf(IllegalStateException.class, f.error());
    assertTrue(f.error().getMessage().contains("derivative rule of 'badShapeRule'"), r.report());
    assertTrue(f.shrunkNodes() <= 2, r.report());
    assertTrue(r.report().contains("the check threw"), r.report());
  }

  @Test
  void a_thousand_random_expression_graphs_pass_first_and_second_order_checks() {
    PropertyCheck.Report r = PropertyCheck.expressions().cases(1000).seed(20261126).maxNodes(8).secondOrder(true)
        .run();
    r.assertPassed(); // on failure: the seed, the case seed, the shrunk case and code to paste
    assertEquals(1000, r.cases());
    assertTrue(r.totalNodes() >= 3000, "graphs should average at least 3 op nodes; got " + r.totalNodes());
    Set<String> unused = new HashSet<>();
    for (OpSpec s : Catalog.builtIns().specs()) {
      if (!r.opUsage().containsKey(s.name()) && s.step() == GradCheck.DEFAULT_STEP) {   // coarser-step ops stay out
        unused.add(s.name());
      }
    }
    assertTrue(unused.isEmpty(), "ops never used in 1000 graphs: " + unused);
  }

  @Test
  void a_thousand_larger_graphs_pass_first_order_checks() {
    PropertyCheck.Report r = PropertyCheck.expressions().cases(1000).seed(7_000_001).maxNodes(14).run();
    r.assertPassed();
    assertTrue(r.totalNodes() >= 5000, "graphs should average at least 5 op nodes; got " + r.totalNodes());
  }

  @Test
  void a_wrong_user_primitive_is_caught_and_shrunk_to_a_tiny_case() {
    OpSpec wrong = OpSpec.unary("wrongCube", x -> new WrongCube().apply(x), Domain.real());
    PropertyCheck.Report r = PropertyCheck.expressions(Catalog.builtIns().with(wrong))
        .requiring("wrongCube").maxNodes(8).cases(50).seed(7).run();
    assertFalse(r.passed());
    PropertyCheck.Failure f = r.failure().orElseThrow();
    assertEquals(PropertyCheck.Kind.FIRST_ORDER, f.kind());
    assertTrue(f.shrunkNodes() <= 3, "shrunk to " + f.shrunkNodes() + " nodes:\n" + r.report());
    assertTrue(f.shrunkLargestInput() <= 2, "shrunk to an input of " + f.shrunkLargestInput() + " elements:\n"
        + r.report());
    assertTrue(f.shrunk().opNames().contains("wrongCube"), r.report());
    // The report names the seed, the primitive that diverges, and prints code.
    String report = r.report();
    assertTrue(report.contains("seed 7"), report);
    assertTrue(report.contains("replay(" + f.caseSeed() + "L)"), report);
    assertTrue(report.contains("first diverging primitive: 'wrongCube'"), report);
    assertTrue(f.javaCode().contains("new dev.autograd.check.PropertyCheckTest.WrongCube().apply(xs[0])"),
        f.javaCode());
    // Replaying the case seed finds the same failure.
    PropertyCheck.Report again = PropertyCheck.expressions(Catalog.builtIns().with(wrong)).requiring("wrongCube")
        .maxNodes(8).replay(f.caseSeed());
    assertFalse(again.passed());
    assertEquals(f.shrunkDescription(), again.failure().orElseThrow().shrunkDescription());
  }

  @Test
  void the_printed_code_compiles_and_reproduces_the_failure(@TempDir Path dir) throws Exception {
    OpSpec wrong = OpSpec.unary("wrongCube", x -> new WrongCube().apply(x), Domain.real());
    PropertyCheck.Failure f = PropertyCheck.expressions(Catalog.builtIns().with(wrong)).requiring("wrongCube")
        .maxNodes(5).cases(20).seed(3).run().failure().orElseThrow();
    String source = "import dev.autograd.Tensor;\n"
        + "import dev.autograd.check.GradCheck;\n"
        + "import dev.autograd.ops.*;\n"
        + "public class Pasted {\n  public static void run() {\n" + f.javaCode() + "\n  }\n}\n";
    Object error = compileAndRun(dir, source);
    assertInstanceOf(AssertionError.class, error, "the pasted code should fail its gradient check:\n" + source);
    assertTrue(((AssertionError) error).getMessage().contains("wrongCube"), ((AssertionError) error).getMessage());
  }

  /** Compiles a class {@code Pasted} against the test class path and returns what {@code Pasted.run()} throws. */
  private static Object compileAndRun(Path dir, String source) throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertNotNull(javac, "tests run on a JDK");
    Path file = dir.resolve("Pasted.java");
    Files.writeString(file, source, StandardCharsets.UTF_8);
    String classPath = System.getProperty("java.class.path") + File.pathSeparator
        + Path.of(PropertyCheckTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        + File.pathSeparator
        + Path.of(Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = javac.run(null, null, new PrintStream(err, true, StandardCharsets.UTF_8),
        "-cp", classPath, "-d", dir.toString(), file.toString());
    assertEquals(0, status, () -> "javac failed:\n" + err.toString(StandardCharsets.UTF_8) + "\n" + source);
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
        PropertyCheckTest.class.getClassLoader())) {
      Method run = loader.loadClass("Pasted").getMethod("run");
      try {
        run.invoke(null);
        return null;
      } catch (InvocationTargetException e) {
        return e.getCause();
      }
    }
  }

  @Test
  void a_correct_user_primitive_passes_among_the_built_ins_at_first_and_second_order() {
    OpSpec cube = OpSpec.unary("cube", x -> new Cube().apply(x), Domain.real());
    assertEquals(Cube.class, cube.primitive(), "the primitive class is found by applying the op once");
    PropertyCheck.Report r = PropertyCheck.expressions(Catalog.builtIns().with(cube)).requiring("cube")
        .cases(200).seed(11).secondOrder(true).run();
    r.assertPassed();
    assertEquals(200, r.opUsage().get("cube") >= 200 ? 200 : r.opUsage().get("cube"), "every graph uses cube");
  }

  @Test
  void a_rule_that_loses_its_own_gradient_is_caught_at_second_order_only() {
    OpSpec spec = OpSpec.binary("mulConstantRule", (a, b) -> new MulWithConstantRule().apply(a, b),
        Domain.real(), Domain.real());
    Catalog ops = Catalog.builtIns().with(spec);
    PropertyCheck.expressions(ops).requiring("mulConstantRule").cases(100).seed(5).run().assertPassed();
    PropertyCheck.Report second = PropertyCheck.expressions(ops).requiring("mulConstantRule").cases(100).seed(5)
        .secondOrder(true).run();
    PropertyCheck.Failure f = second.failure().orElseThrow(() -> new AssertionError(second.report()));
    assertEquals(PropertyCheck.Kind.SECOND_ORDER, f.kind());
    assertTrue(f.shrunkNodes() <= 3, second.report());
    assertTrue(f.javaCode().contains("GradCheck.assertSecondOrderGradients"), f.javaCode());
    assertTrue(second.report().contains("first diverging primitive: 'mulConstantRule'"), second.report());
  }

  @Test
  void a_users_function_is_property_tested_over_broadcast_shapes() {
    // Huber loss of a prediction against a target that broadcasts with it.
    PropertyCheck.Report r = PropertyCheck.function("huber", xs -> {
      Tensor d = xs[0].sub(xs[1]);
      Tensor small = d.abs().lt(1);
      return Tensor.where(small, d.square().mul(0.5), d.abs().sub(0.5)).mean();
    }, Domain.real().sampling(-3, 3), Domain.real())
        .shapes(rng -> Shapes.broadcastPair(rng, 3, 3))
        .cases(300).seed(9).run();
    r.assertPassed();
    assertEquals(300, r.cases());
  }

  @Test
  void a_wrong_user_function_is_shrunk_and_printed_with_its_name() {
    // x·sin(x) with sin(x) computed outside the graph: its derivative x·cos(x) is lost.
    PropertyCheck.Report r = PropertyCheck.function("xSinX", xs -> xs[0].mul(xs[0].map(Math::sin)).sum(),
        Domain.real()).cases(20).seed(4).run();
    PropertyCheck.Failure f = r.failure().orElseThrow();
    assertTrue(f.shrunkLargestInput() <= 2, r.report());
    assertTrue(f.javaCode().contains("GradCheck.assertGradients(xSinX, x0);"), f.javaCode());
    assertTrue(r.report().contains("no single primitive disagrees"), r.report());
  }

  @Test
  void the_same_seed_generates_the_same_graphs_and_another_seed_others() {
    PropertyCheck.Expressions ex = PropertyCheck.expressions().maxNodes(6);
    for (long s = 0; s < 20; s++) {
      assertEquals(ex.generate(s).toString(), ex.generate(s).toString());
    }
    PropertyCheck.Report a = PropertyCheck.expressions().cases(50).seed(1).run();
    PropertyCheck.Report b = PropertyCheck.expressions().cases(50).seed(1).run();
    PropertyCheck.Report c = PropertyCheck.expressions().cases(50).seed(2).run();
    assertEquals(a.opUsage(), b.opUsage());
    assertFalse(a.opUsage().equals(c.opUsage()));
  }

  @Test
  void generated_graphs_respect_domains_and_include_broadcasting() {
    PropertyCheck.Expressions ex = PropertyCheck.expressions().maxNodes(6);
    int broadcast = 0;
    for (long s = 0; s < 300; s++) {
      Expr e = ex.generate(s);
      Tensor[] xs = e.inputs();
      assertTrue(e.function().apply(xs).isFinite());
      for (int i = 0; i + 1 < xs.length; i++) {
        if (!Arrays.equals(xs[i].shape(), xs[i + 1].shape())) {
          broadcast++;
        }
      }
    }
    assertTrue(broadcast > 50, "inputs of different shapes: " + broadcast);
  }

  // ================================================================ issue 13: never cry wolf, keep the bug

  /**
   * {@code r = x·|x|}, whose rule is right for x ≥ 0 ({@code dx = 2|x|·g}) and wrong below
   * ({@code 3|x|·g}). At 0 the rule is right, but the second derivative jumps (from −2 to 2), where
   * the central rule is off by {@code 2h/3}: a shrinker that trusted it would report 0.
   */
  public static final class SignedSquareWrongBelowZero extends Primitive {
    @Override public String name() { return "signedSquareWrongBelowZero"; }
    @Override protected Tensor forward(Tensor... in) { return in[0].map(v -> v * Math.abs(v)); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor x = node.input(0);
      Tensor slope = Tensor.where(x.lt(0), x.abs().mul(3), x.abs().mul(2));
      return new Tensor[] {g.mul(slope)};
    }
  }

  @Test
  void a_rule_wrong_only_below_zero_is_found_and_shrunk_to_a_negative_case_that_still_fails() {
    dev.autograd.Autograd.Fn signedSquare = xs -> new SignedSquareWrongBelowZero().apply(xs[0]).sum();
    // at 0 the rule is right: a jump of the second derivative, not a failure
    GradCheck.Result atZero = GradCheck.check(signedSquare, Tensor.scalar(0));
    assertTrue(atZero.passed(), atZero.report());
    assertEquals(1, atZero.jumps().size(), atZero.report());
    PropertyCheck.Report r = PropertyCheck.function("signedSquare", signedSquare, Domain.real())
        .cases(50).seed(3).run();
    PropertyCheck.Failure f = r.failure().orElseThrow(() -> new AssertionError(r.report()));
    assertEquals(PropertyCheck.Kind.FIRST_ORDER, f.kind());
    Tensor[] small = f.shrunkInputs();
    assertEquals(1, small[0].size(), r.report());
    assertTrue(small[0].storage()[0] < 0, r.report());          // not the point 0, where the rule is right
    GradCheck.Result again = GradCheck.check(signedSquare, small);
    assertFalse(again.passed(), again.report());                 // the minimal case reproduces ...
    assertTrue(again.conclusive(), again.report());              // ... conclusively
    assertEquals(0.5, f.result().mismatches().get(0).relativeError(), 1e-6, r.report());
    String report = r.report();
    for (String expected : new String[] {"first diverging primitive: 'signedSquareWrongBelowZero'",
        "analytic 3, numeric 2", "GradCheck.assertGradients(signedSquare, x0);"}) {
      assertTrue(report.contains(expected), () -> "missing '" + expected + "' in\n" + report);
    }
    assertTrue(f.javaCode().contains("Tensor x0 = Tensor.scalar(-1);") || f.javaCode().contains("Tensor.vector(-1)"),
        f.javaCode());
  }

  /** {@code r = x³} whose rule {@code dx = g·3x²} takes 3x² as a constant: right at first order, its own gradient lost. */
  public static final class CubeWithConstantRule extends Primitive {
    @Override public String name() { return "cubeWithConstantRule"; }
    @Override protected Tensor forward(Tensor... in) { return in[0].map(v -> v * v * v); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return new Tensor[] {g.mul(node.input(0).map(v -> 3 * v * v))};
    }
  }

  @Test
  void a_rule_wrong_only_in_its_second_derivative_is_found_with_second_order_on() {
    dev.autograd.Autograd.Fn cube = xs -> new CubeWithConstantRule().apply(xs[0]).sum();
    PropertyCheck.function("cube", cube, Domain.real()).cases(40).seed(5).assertPasses(); // first order: right
    PropertyCheck.Report r = PropertyCheck.function("cube", cube, Domain.real()).cases(40).seed(5)
        .secondOrder(true).run();
    PropertyCheck.Failure f = r.failure().orElseThrow(() -> new AssertionError(r.report()));
    assertEquals(PropertyCheck.Kind.SECOND_ORDER, f.kind());
    String report = r.report();
    for (String expected : new String[] {"property check FAILED (second order)",
        "second order: ∂/∂x ⟨u, ∇f⟩ = H·u", "direction u of the second-order check: input 0 ",
        "first diverging primitive: 'cubeWithConstantRule'", "GradCheck.assertSecondOrderGradients(cube, x0);",
        "+ 2·estimate"}) {
      assertTrue(report.contains(expected), () -> "missing '" + expected + "' in\n" + report);
    }
  }

  /** n points in a box of side 3 with every pair at least d apart (rejection sampling). */
  static Tensor pointsApart(java.util.random.RandomGenerator rng, int n, double d) {
    double[] p = new double[3 * n];
    for (int i = 0; i < n; i++) {
      boolean ok;
      do {
        for (int k = 0; k < 3; k++) {
          p[3 * i + k] = rng.nextDouble(0, 3);
        }
        ok = true;
        for (int j = 0; j < i && ok; j++) {
          double s = 0;
          for (int k = 0; k < 3; k++) {
            s += (p[3 * i + k] - p[3 * j + k]) * (p[3 * i + k] - p[3 * j + k]);
          }
          ok = s >= d * d;
        }
      } while (!ok);
    }
    return Tensor.of(p, n, 3);
  }

  @Test
  void custom_generators_draw_points_apart_spd_matrices_and_probability_vectors_with_labels() {
    PropertyCheck.function("energy", xs -> FiniteDifferencesTest.lennardJones(xs[0]),
            rng -> new Tensor[] {pointsApart(rng, 4, 0.9)})
        .cases(30).secondOrder(true).assertPasses();
    PropertyCheck.function("logdet", xs -> dev.autograd.Linalg.logdet(xs[0]), rng -> {
      Tensor b = Tensor.uniform(rng, -1, 1, 3, 3);
      return new Tensor[] {b.matmul(b.transpose()).add(Tensor.eye(3).mul(0.5))}; // symmetric positive-definite
    }).cases(30).secondOrder(true).assertPasses();
    dev.autograd.Autograd.Fn nll = xs -> {
      int[] labels = Arrays.stream(xs[1].storage()).mapToInt(v -> (int) v).toArray();
      return xs[0].log().mul(Tensor.oneHot(labels, xs[0].shape()[1])).sum().neg();
    };
    PropertyCheck.Report ok = PropertyCheck.function("nll", nll, rng -> {
      Tensor logits = Tensor.uniform(rng, -2, 2, 4, 3);
      Tensor p = logits.exp().div(logits.exp().sum(new int[] {1}, true));     // rows sum to 1
      double[] labels = new double[4];
      for (int i = 0; i < 4; i++) {
        labels[i] = rng.nextInt(3);
      }
      return new Tensor[] {p, Tensor.vector(labels)};
    }).constants(1).cases(30).secondOrder(true).run();
    ok.assertPassed();
  }

  @Test
  void custom_inputs_are_not_shrunk_unless_a_simplifier_is_given_and_constants_print_as_constants() {
    // p·log p with log p computed outside the graph: wrong; the labels (input 1) are held constant
    dev.autograd.Autograd.Fn wrong = xs -> xs[0].mul(xs[0].map(Math::log)).mul(xs[1]).sum();
    PropertyCheck.InputSource source = rng -> new Tensor[] {
        Tensor.uniform(rng, 0.2, 0.8, 5), Tensor.vector(1, 0, 2, 1, 0)};
    PropertyCheck.Report asGenerated = PropertyCheck.function("wrong", wrong, source).constants(1).cases(5).run();
    PropertyCheck.Failure f = asGenerated.failure().orElseThrow();
    assertEquals(0, f.shrinkSteps(), asGenerated.report());
    assertEquals(f.original(), f.shrunkDescription());
    assertTrue(f.javaCode().contains("Tensor x1 = Tensor.vector(1, 0, 2, 1, 0);  // a constant, not differentiated"),
        f.javaCode());
    assertTrue(f.javaCode().contains("GradCheck.assertGradients(xs -> wrong.apply(new Tensor[] {xs[0], x1}), x0);"),
        f.javaCode());
    // a simplifier that proposes shorter vectors (both inputs, keeping their pairing) and rounder values
    PropertyCheck.Report shrunk = PropertyCheck.function("wrong", wrong, source).constants(1).cases(5)
        .simplifier(xs -> {
          java.util.List<Tensor[]> out = new java.util.ArrayList<>();
          int n = xs[0].size();
          if (n > 1) {
            out.add(new Tensor[] {Tensor.vector(Arrays.copyOf(xs[0].storage(), n - 1)),
                Tensor.vector(Arrays.copyOf(xs[1].storage(), n - 1))});
          }
          out.add(new Tensor[] {Tensor.full(0.5, xs[0].shape()), xs[1]});
          return out;
        }).run();
    PropertyCheck.Failure g = shrunk.failure().orElseThrow();
    assertTrue(g.shrinkSteps() > 0, shrunk.report());
    assertTrue(g.shrunkLargestInput() <= 2, shrunk.report());
    assertFalse(GradCheck.check(zs -> wrong.apply(new Tensor[] {zs[0], g.shrunkInputs()[1]}),
        g.shrunkInputs()[0]).passed(), shrunk.report());
  }
}
