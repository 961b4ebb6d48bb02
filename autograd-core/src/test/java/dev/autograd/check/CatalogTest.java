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
import dev.autograd.Primitive;
import dev.autograd.Tensor;
import dev.autograd.ops.Elementwise;
import dev.autograd.ops.LinearAlgebra;
import dev.autograd.ops.Movement;
import dev.autograd.ops.Reduce;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CatalogTest {

  /** Random inputs (shapes, values, parameters) per spec, each checked at first and second order. */
  private static final int TRIALS_PER_SPEC = 25;

  /**
   * Every concrete subclass of {@link Primitive} in package {@code dev.autograd.ops}, found two ways:
   * by listing the package's class files (top-level and nested) and by the nested classes of the
   * four holder classes.
   */
  static Set<Class<? extends Primitive>> primitivesInOps() throws IOException, URISyntaxException {
    Set<Class<? extends Primitive>> found = new HashSet<>();
    ClassLoader loader = Primitive.class.getClassLoader();
    Enumeration<URL> roots = loader.getResources("dev/autograd/ops");
    List<String> classNames = new ArrayList<>();
    while (roots.hasMoreElements()) {
      URL url = roots.nextElement();
      if (url.getProtocol().equals("file")) {
        try (Stream<Path> files = Files.list(Paths.get(url.toURI()))) {
          files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class"))
              .forEach(n -> classNames.add("dev.autograd.ops." + n.substring(0, n.length() - 6)));
        }
      } else if (url.getProtocol().equals("jar")) {
        String jar = url.getPath().substring("file:".length(), url.getPath().indexOf('!'));
        try (JarFile jf = new JarFile(jar)) {
          jf.stream().map(e -> e.getName())
              .filter(n -> n.startsWith("dev/autograd/ops/") && n.endsWith(".class") && n.indexOf('/', 17) < 0)
              .forEach(n -> classNames.add(n.substring(0, n.length() - 6).replace('/', '.')));
        }
      }
    }
    for (String name : classNames) {
      try {
        addIfPrimitive(found, Class.forName(name, false, loader));
      } catch (ClassNotFoundException e) {
        throw new AssertionError("listed but not loadable: " + name, e);
      }
    }
    Set<Class<? extends Primitive>> nested = new HashSet<>();
    for (Class<?> holder : new Class<?>[] {Elementwise.class, Reduce.class, Movement.class, LinearAlgebra.class}) {
      for (Class<?> c : holder.getDeclaredClasses()) {
        addIfPrimitive(nested, c);
      }
    }
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
    // A floor, so that a broken scan cannot make the test pass vacuously (37 when this was written).
    assertTrue(all.size() >= 37, "the reflection scan found only " + all.size() + ": " + names(all));
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

  @Test
  void every_catalogued_primitive_passes_first_and_second_order_checks() throws Exception {
    SplittableRandom rng = new SplittableRandom(2026);
    Map<Class<? extends Primitive>, Integer> checkedPerPrimitive = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    Map<String, Integer> nonZeroSecondDerivative = new LinkedHashMap<>();
    int checks = 0;
    long derivatives = 0;
    int broadcastCases = 0;
    for (OpSpec spec : Catalog.builtIns().specs()) {
      for (int trial = 0; trial < TRIALS_PER_SPEC; trial++) {
        Case c = Case.draw(spec, rng);
        Autograd.Fn f = c.app::apply;
        if (c.inputs.length == 2 && !Arrays.equals(c.inputs[0].shape(), c.inputs[1].shape())
            && spec.primitive().getEnclosingClass() == Elementwise.class) {
          broadcastCases++;
        }
        GradCheck.Result first = GradCheck.check(f, c.inputs);
        GradCheck.Result second = GradCheck.checkSecondOrder(f, c.inputs);
        checks += 2;
        derivatives += first.checked() + second.checked();
        for (GradCheck.Result r : new GradCheck.Result[] {first, second}) {
          if (!r.passed() || !r.kinks().isEmpty()) {
            failures.add(c.describe() + "\n" + r.report());
          }
        }
        checkedPerPrimitive.merge(spec.primitive(), 1, Integer::sum);
        double hu = maxAbsHessianTimesU(f, c.inputs, rng);
        if (spec.secondDerivative() == OpSpec.SecondDerivative.NONZERO) {
          nonZeroSecondDerivative.merge(spec.name(), hu > 1e-9 ? 1 : 0, Integer::sum);
        } else if (hu != 0) {
          failures.add(c.describe() + ": the second derivative should be zero here, but H·u has an element " + hu);
        }
      }
    }
    // Where the second derivative is not identically zero, the second-order check compared real numbers.
    nonZeroSecondDerivative.forEach((name, count) ->
        assertTrue(count > 0, name + ": every trial had H·u = 0; its second-order check would be trivial"));
    assertTrue(failures.isEmpty(), failures.size() + " of " + checks + " checks failed:\n"
        + String.join("\n\n", failures.subList(0, Math.min(5, failures.size()))));
    // The count: every primitive found by reflection was checked, and nothing else.
    assertEquals(primitivesInOps().size(), checkedPerPrimitive.size(), "primitives checked: " + checkedPerPrimitive);
    assertEquals(38, checkedPerPrimitive.size(), "primitives checked: " + checkedPerPrimitive);
    assertEquals(Catalog.builtIns().size() * TRIALS_PER_SPEC * 2, checks);
    assertTrue(broadcastCases >= 40, "too few broadcast cases: " + broadcastCases);
    assertTrue(derivatives >= 10_000, "derivatives compared: " + derivatives);
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
