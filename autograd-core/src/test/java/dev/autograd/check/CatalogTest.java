package dev.autograd.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Autograd;
import dev.autograd.GradMode;
import dev.autograd.Gradients;
import dev.autograd.Graph;
import dev.autograd.Node;
import dev.autograd.OpsClasses;
import dev.autograd.Primitive;
import dev.autograd.Tensor;
import dev.autograd.ops.Elementwise;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class CatalogTest {

  /** Random inputs (shapes, values, parameters) per spec, each checked at first and second order. */
  private static final int TRIALS_PER_SPEC = 25;

  /**
   * Every concrete subclass of {@link Primitive} in package {@code dev.autograd.ops}, found two ways:
   * by listing the package's class files (top-level and nested) and by the nested classes of the
   * holder classes found there.
   */
  static Set<Class<? extends Primitive>> primitivesInOps() {
    Set<Class<? extends Primitive>> found = OpsClasses.primitives();
    Set<Class<? extends Primitive>> nested = new HashSet<>();
    for (Class<?> holder : OpsClasses.holders()) {
      for (Class<?> c : holder.getDeclaredClasses()) {
        addIfPrimitive(nested, c);
      }
    }
    assertFalse(nested.isEmpty(), "the holder classes declare no primitive");
    assertTrue(found.containsAll(nested), "the class-file scan missed nested primitives: " + nested);
    return found;
  }

  @SuppressWarnings("unchecked")
  private static void addIfPrimitive(Set<Class<? extends Primitive>> into, Class<?> c) {
    if (Primitive.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers()) && !c.isInterface()) {
      into.add((Class<? extends Primitive>) c);
    }
  }

  private static String names(Set<Class<? extends Primitive>> classes) {
    return classes.stream().map(Class::getName).sorted().collect(Collectors.joining(", "));
  }

  @Test
  void catalog_covers_every_primitive_in_dev_autograd_ops() throws Exception {
    Set<Class<? extends Primitive>> all = primitivesInOps();
    // So that a broken scan cannot make the test pass vacuously.
    assertFalse(all.isEmpty(), "the reflection scan found no primitive in dev.autograd.ops");
    Set<Class<? extends Primitive>> missing = new HashSet<>(all);
    missing.removeAll(Catalog.builtIns().primitives());
    assertTrue(missing.isEmpty(), "primitives without a spec in Catalog.builtIns() (add one to BuiltInSpecs): "
        + names(missing));
    assertEquals(all, Catalog.builtIns().primitives());
  }

  @Test
  void every_spec_records_the_primitive_it_names() {
    SplittableRandom rng = new SplittableRandom(11);
    for (OpSpec spec : Catalog.builtIns().specs()) {
      for (int trial = 0; trial < 5; trial++) {
        Case c = Case.draw(spec, rng);
        Tensor[] xs = new Tensor[c.inputs.length];
        for (int i = 0; i < xs.length; i++) {
          xs[i] = c.inputs[i].copy().requiresGrad(true);
        }
        Tensor y;
        try (var on = GradMode.enableGrad()) {
          y = c.app.apply(xs);
        }
        Set<Class<?>> recorded = new HashSet<>();
        for (Node n : Graph.topologicalOrder(y)) {
          recorded.add(n.op().getClass());
        }
        assertTrue(recorded.contains(spec.primitive()),
            () -> spec.name() + " should record " + spec.primitive().getName() + " but recorded " + recorded);
      }
    }
  }

  /** One drawn application of a spec with inputs from its domains. */
  record Case(OpSpec spec, OpSpec.Application app, Tensor[] inputs) {
    static Case draw(OpSpec spec, SplittableRandom rng) {
      for (int attempt = 0; attempt < 100; attempt++) {
        int[][] shapes = spec.shapes(rng, null);
        OpSpec.Application app = spec.instantiate(rng, shapes);
        if (app != null) {
          Tensor[] xs = new Tensor[shapes.length];
          for (int i = 0; i < xs.length; i++) {
            xs[i] = spec.domain(i).sample(rng, shapes[i]);
          }
          return new Case(spec, app, xs);
        }
      }
      throw new AssertionError(spec.name() + ": could not draw an application in 100 attempts");
    }

    String describe() {
      StringBuilder b = new StringBuilder(spec.name()).append(" as ");
      String[] args = new String[inputs.length];
      for (int i = 0; i < args.length; i++) {
        args[i] = JavaCode.tensor(inputs[i]);
      }
      return b.append(app.code(args)).toString();
    }
  }

  /**
   * The engine's {@code H·u} for {@code s = Σ f(x)} and a random {@code u}: the gradient of
   * {@code Σᵢ ⟨uᵢ, ∂s/∂xᵢ⟩}. Its largest absolute element.
   */
  private static double maxAbsHessianTimesU(Autograd.Fn f, Tensor[] xs, SplittableRandom rng) {
    Tensor[] u = new Tensor[xs.length];
    for (int i = 0; i < xs.length; i++) {
      u[i] = Tensor.uniform(rng, 0.5, 1.5, xs[i].shape());
    }
    Gradients hu = Autograd.grad(zs -> {
      Gradients g = Autograd.grad(ys -> f.apply(ys).sum(), zs);
      Tensor total = Tensor.scalar(0);
      for (int i = 0; i < zs.length; i++) {
        total = total.add(g.get(i).mul(u[i]).sum());
      }
      return total;
    }, xs);
    double m = 0;
    for (int i = 0; i < xs.length; i++) {
      for (double v : hu.get(i).toArray()) {
        m = Math.max(m, Math.abs(v));
      }
    }
    return m;
  }

  /** The checks of one drawn case with every input differentiable: first and second order. */
  private static List<GradCheck.Result> allInputsChecks(Case c) {
    Autograd.Fn f = c.app::apply;
    GradCheck checker = GradCheck.defaults().step(c.spec.step());
    return List.of(checker.run(f, c.inputs), checker.runSecondOrder(f, c.inputs));
  }

  /**
   * For a spec of more than one differentiable input: each input on its own, the others passed as
   * constants, at first and second order (input 0 first, then input 1, ...). Catches a rule that
   * computes one input's gradient only when another input needs one. Empty for a unary spec.
   */
  private static List<GradCheck.Result> eachInputAloneChecks(Case c) {
    List<GradCheck.Result> results = new ArrayList<>();
    if (c.spec.arity() < 2) {
      return results;
    }
    Autograd.Fn f = c.app::apply;
    for (int i = 0; i < c.spec.arity(); i++) {
      results.add(GradCheck.defaults().step(c.spec.step()).runInputAlone(i, f, c.inputs));
      results.add(GradCheck.defaults().step(c.spec.step()).runSecondOrderInputAlone(i, f, c.inputs));
    }
    return results;
  }

  /** Adds a failure for each result that failed or met a kink (the domains keep inputs away from kinks). */
  private static void collectFailures(Case c, List<GradCheck.Result> results, List<String> failures) {
    for (GradCheck.Result r : results) {
      if (!r.passed() || !r.kinks().isEmpty()) {
        failures.add(c.describe() + "\n" + r.report());
      }
    }
  }

  /**
   * One dynamic test per spec, each with a seed of its own, so that a failure names its op and a
   * tool can run one op's checks alone (mutation testing runs, for a mutant, only the specs whose
   * checks executed it: see MUTATION.md). Each spec: first and second order with every input
   * differentiable, each input alone, and {@code H·u = 0} exactly where its second derivative is
   * zero (and not always 0 where it is not, so its second-order check compared real numbers).
   */
  @TestFactory
  Stream<DynamicTest> every_catalogued_primitive_passes_first_and_second_order_checks() {
    return Catalog.builtIns().specs().stream()
        .map(spec -> DynamicTest.dynamicTest(spec.name(), () -> checkSpec(spec)));
  }

  private static void checkSpec(OpSpec spec) {
    SplittableRandom rng = new SplittableRandom(spec.name().hashCode() * 31L + spec.arity());
    List<String> failures = new ArrayList<>();
    int nonZeroHu = 0;
    long derivatives = 0;
    for (int trial = 0; trial < TRIALS_PER_SPEC; trial++) {
      Case c = Case.draw(spec, rng);
      List<GradCheck.Result> all = allInputsChecks(c);
      for (GradCheck.Result r : all) {
        derivatives += r.checked();
      }
      collectFailures(c, all, failures);
      collectFailures(c, eachInputAloneChecks(c), failures);
      double hu = maxAbsHessianTimesU(c.app::apply, c.inputs, rng);
      if (spec.secondDerivative() == OpSpec.SecondDerivative.NONZERO) {
        nonZeroHu += hu > 1e-9 ? 1 : 0;
      } else if (hu != 0) {
        failures.add(c.describe() + ": the second derivative should be zero here, but H·u has an element " + hu);
      }
    }
    assertTrue(failures.isEmpty(), failures.size() + " checks failed:\n"
        + String.join("\n\n", failures.subList(0, Math.min(3, failures.size()))));
    assertTrue(derivatives > 0, spec.name() + ": no derivative was compared");
    if (spec.secondDerivative() == OpSpec.SecondDerivative.NONZERO) {
      assertTrue(nonZeroHu > 0, spec.name() + ": every trial had H·u = 0; its second-order check would be trivial");
    }
  }

  /** Binary elementwise specs draw broadcasting shapes often, so broadcasting rules are checked. */
  @Test
  void elementwise_specs_draw_broadcast_cases() {
    SplittableRandom rng = new SplittableRandom(2026);
    int broadcastCases = 0;
    for (OpSpec spec : Catalog.builtIns().specs()) {
      for (int trial = 0; trial < TRIALS_PER_SPEC; trial++) {
        Case c = Case.draw(spec, rng);
        if (c.inputs.length == 2 && !Arrays.equals(c.inputs[0].shape(), c.inputs[1].shape())
            && spec.primitive().getEnclosingClass() == Elementwise.class) {
          broadcastCases++;
        }
      }
    }
    assertTrue(broadcastCases >= 40, "too few broadcast cases: " + broadcastCases);
  }

  /**
   * {@code x·y} whose rule computes input 1's gradient only when input 0 needs one: it tests
   * {@code needsGrad(0)} where {@code needsGrad(1)} was meant. With both inputs differentiable it
   * is right; with input 1 alone it returns no gradient.
   */
  static final class GatedMultiply extends Primitive {
    @Override public String name() { return "gatedMul"; }
    @Override protected Tensor forward(Tensor... in) { return in[0].mul(in[1]); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return new Tensor[] {
          node.needsGrad(0) ? g.mul(node.input(1)) : null,
          node.needsGrad(0) ? g.mul(node.input(0)) : null};
    }
  }

  @Test
  void a_rule_gating_one_inputs_gradient_on_another_fails_only_the_per_input_check() {
    OpSpec gated = OpSpec.binary("gatedMul", (a, b) -> new GatedMultiply().apply(a, b), Domain.real(), Domain.real());
    assertEquals(GatedMultiply.class, gated.primitive());
    SplittableRandom rng = new SplittableRandom(7);
    for (int trial = 0; trial < 5; trial++) {
      Case c = Case.draw(gated, rng);
      List<String> allFailures = new ArrayList<>();
      collectFailures(c, allInputsChecks(c), allFailures);
      assertTrue(allFailures.isEmpty(), () -> "with every input differentiable the rule is right:\n" + allFailures);

      List<GradCheck.Result> alone = eachInputAloneChecks(c);
      assertEquals(4, alone.size(), "inputs 0 and 1, first and second order");
      assertTrue(alone.get(0).passed(), alone.get(0).report());
      assertTrue(alone.get(1).passed(), alone.get(1).report());
      GradCheck.Result inputOne = alone.get(2);
      assertFalse(inputOne.passed(), () -> "input 1 alone must fail:\n" + inputOne.report());
      assertTrue(inputOne.mismatches().stream().allMatch(m -> m.input() == 1 && m.analytic() == 0), inputOne.report());
      assertTrue(inputOne.report().contains("input 1 alone (the others constant)"), inputOne.report());
      GradCheck.Divergence d = inputOne.divergence().orElseThrow(() -> new AssertionError(inputOne.report()));
      assertEquals(GatedMultiply.class, d.op().getClass());
      // alone.get(3), second order in input 1 alone, has nothing to catch: x·y is linear in y.
    }
  }

  @Test
  void users_catalog_entries_get_the_per_input_check_through_the_checker() {
    OpSpec gated = OpSpec.binary("gatedMul", (a, b) -> new GatedMultiply().apply(a, b), Domain.real(), Domain.real());
    PropertyCheck.Report r = PropertyCheck.expressions(Catalog.builtIns().with(gated)).requiring("gatedMul")
        .checker(GradCheck.defaults().eachInputAlone(true)).cases(50).seed(3).run();
    assertFalse(r.passed(), r.report());
    PropertyCheck.Failure f = r.failure().orElseThrow();
    assertEquals(PropertyCheck.Kind.FIRST_ORDER, f.kind());
    assertTrue(f.javaCode().contains("GradCheck.defaults().eachInputAlone(true).assertPasses("), f.javaCode());
    assertTrue(r.report().contains("alone (the others constant)"), r.report());
  }

  @Test
  void permuting_a_matrix_by_the_identity_order_keeps_its_values() {
    // Found by the catalog check: the 2-D fast path transposed whatever the order.
    Tensor m = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor same = m.permute(0, 1);
    assertEquals(Arrays.toString(m.toArray()), Arrays.toString(same.toArray()));
    assertEquals(Arrays.toString(new int[] {2, 3}), Arrays.toString(same.shape()));
    assertEquals(4.0, m.permute(1, 0).get(0, 1));
  }

  @Test
  void domains_keep_inputs_where_ops_are_defined_and_away_from_kinks() {
    SplittableRandom rng = new SplittableRandom(5);
    Domain positive = Catalog.builtIns().get("log").domain(0);
    Domain relu = Catalog.builtIns().get("relu").domain(0);
    Domain max = Catalog.builtIns().get("max").domain(0);
    for (int i = 0; i < 50; i++) {
      assertTrue(Arrays.stream(positive.sample(rng, 3, 3).toArray()).allMatch(v -> v >= 0.1));
      assertTrue(Arrays.stream(relu.sample(rng, 3, 3).toArray()).allMatch(v -> Math.abs(v) >= 0.05));
    }
    assertFalse(positive.admits(Tensor.vector(1, -0.5)));
    assertFalse(relu.admits(Tensor.vector(0.01)));
    assertFalse(max.admits(Tensor.vector(1, 2, 1)), "a tie is not admitted for max");
    assertTrue(max.admits(Tensor.vector(1, 2, 1.5)));
  }

  @Test
  void catalog_names_are_unique_and_lookups_explain_themselves() {
    OpSpec neg = Catalog.builtIns().get("neg");
    IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> Catalog.builtIns().with(neg));
    assertTrue(dup.getMessage().contains("'neg'"), dup.getMessage());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> Catalog.builtIns().get("nope"));
    assertTrue(unknown.getMessage().contains("nope"), unknown.getMessage());
    assertEquals(Catalog.builtIns().size() - 1, Catalog.builtIns().without("neg").size());
    Set<String> seen = new TreeSet<>();
    for (OpSpec s : Catalog.builtIns().specs()) {
      assertTrue(seen.add(s.name()));
      assertNotNull(s.primitive(), s.name());
    }
  }
}
