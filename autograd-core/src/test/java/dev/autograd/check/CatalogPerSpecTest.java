package dev.autograd.check;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Autograd;
import dev.autograd.Gradients;
import dev.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link CatalogTest}'s gradient checks, one dynamic test per spec: the same checks (first and
 * second order with every input differentiable, each input alone, {@code H·u = 0} where the second
 * derivative is zero), with a seed of the spec's own, so that a failure names its op and a tool
 * can run the checks of one op alone. Mutation testing relies on that: PIT runs, for a mutant in
 * one primitive, only the specs whose check executed the mutated code (see MUTATION.md), where
 * CatalogTest's single test would run every spec for every mutant.
 */
class CatalogPerSpecTest {

  private static final int TRIALS_PER_SPEC = 25;

  @TestFactory
  Stream<DynamicTest> every_spec_passes_its_gradient_checks() {
    return Catalog.builtIns().specs().stream().map(spec -> DynamicTest.dynamicTest(spec.name(), () -> check(spec)));
  }

  private static void check(OpSpec spec) {
    SplittableRandom rng = new SplittableRandom(spec.name().hashCode() * 31L + spec.arity());
    List<String> failures = new ArrayList<>();
    int nonZeroHu = 0;
    for (int trial = 0; trial < TRIALS_PER_SPEC; trial++) {
      CatalogTest.Case c = CatalogTest.Case.draw(spec, rng);
      Autograd.Fn f = c.app()::apply;
      List<GradCheck.Result> results = new ArrayList<>();
      results.add(GradCheck.check(f, c.inputs()));
      results.add(GradCheck.checkSecondOrder(f, c.inputs()));
      if (spec.arity() > 1) {
        for (int i = 0; i < spec.arity(); i++) {
          results.add(GradCheck.defaults().runInputAlone(i, f, c.inputs()));
          results.add(GradCheck.defaults().runSecondOrderInputAlone(i, f, c.inputs()));
        }
      }
      for (GradCheck.Result r : results) {
        if (!r.passed() || !r.kinks().isEmpty()) {
          failures.add(c.describe() + "\n" + r.report());
        }
      }
      double hu = maxAbsHessianTimesU(f, c.inputs(), rng);
      if (spec.secondDerivative() == OpSpec.SecondDerivative.NONZERO) {
        nonZeroHu += hu > 1e-9 ? 1 : 0;
      } else if (hu != 0) {
        failures.add(c.describe() + ": the second derivative should be zero here, but H·u has an element " + hu);
      }
    }
    assertTrue(failures.isEmpty(), failures.size() + " checks failed:\n"
        + String.join("\n\n", failures.subList(0, Math.min(3, failures.size()))));
    if (spec.secondDerivative() == OpSpec.SecondDerivative.NONZERO) {
      assertTrue(nonZeroHu > 0, spec.name() + ": every trial had H·u = 0; its second-order check would be trivial");
    }
  }

  /** The largest element of {@code H·u} for {@code s = Σ f(x)} and a random {@code u} (as in CatalogTest). */
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
}
