package dev.autograd.check;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Autograd;
import dev.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A NaN is never hidden, by any catalogued primitive: where an output depends on an element, a NaN
 * there shows in the output; and where a derivative depends on that element's value (the op is not
 * linear in it), the NaN shows in a gradient too.
 */
class NanPropagationTest {
  private static final int TRIALS = 20;

  @Test
  void every_primitive_keeps_a_nan_in_its_value_and_its_gradients() {
    List<String> hidden = new ArrayList<>();
    int checked = 0;
    for (OpSpec spec : Catalog.builtIns().specs()) {
      SplittableRandom rng = new SplittableRandom(spec.name().hashCode());
      for (int trial = 0; trial < TRIALS; trial++) {
        int[][] shapes = spec.shapes(rng, null);
        OpSpec.Application app = spec.instantiate(rng, shapes);
        if (app == null) {
          continue;
        }
        Tensor[] clean = new Tensor[shapes.length];
        for (int i = 0; i < clean.length; i++) {
          clean[i] = spec.domain(i).sample(rng, shapes[i]);
        }
        for (int i = 0; i < clean.length; i++) {
          int input = i;
          // Does the output depend on element 0 of this input? Ask the clean gradient of a random projection.
          Tensor probe = app.apply(leaves(clean));
          Tensor weights = Tensor.uniform(rng, 0.5, 1.5, probe.shape());
          Tensor dependence = Autograd.grad(xs -> app.apply(xs).mul(weights).sum(), leaves(clean)).get(input);
          if (dependence.storage()[0] == 0) {
            continue;
          }
          Tensor[] dirty = leaves(clean);
          dirty[input] = dirty[input].copy();
          dirty[input].storage()[0] = Double.NaN;
          Tensor[] xs = leaves(dirty);
          Tensor y = app.apply(xs);
          checked++;
          if (!hasNaN(y)) {
            hidden.add(spec.name() + " input " + input + ": value " + y + " for " + app);
            continue;
          }
          // Does any derivative depend on element 0's value? Compare the clean gradients with those
          // after moving the element; an op linear in this input has the same gradients at NaN too.
          Tensor[] moved = leaves(clean);
          moved[input].storage()[0] += 0.25;
          Tensor[] g0 = Autograd.grad(ys -> app.apply(ys).mul(weights).sum(), leaves(clean)).toArray();
          Tensor[] g1 = Autograd.grad(ys -> app.apply(ys).mul(weights).sum(), leaves(moved)).toArray();
          boolean dependsOnValue = false;
          for (int k = 0; k < g0.length; k++) {
            dependsOnValue |= !java.util.Arrays.equals(g0[k].storage(), g1[k].storage());
          }
          if (!dependsOnValue) {
            continue;
          }
          Tensor[] g = Autograd.grad(ys -> app.apply(ys).mul(weights).sum(), xs).toArray();
          boolean any = false;
          for (Tensor t : g) {
            any |= hasNaN(t);
          }
          if (!any) {
            hidden.add(spec.name() + " input " + input + ": finite gradients at NaN for " + app);
          }
        }
      }
    }
    assertTrue(checked > 100, "only " + checked + " cases checked");
    assertTrue(hidden.isEmpty(), "NaN hidden:\n" + String.join("\n", hidden));
  }

  private static Tensor[] leaves(Tensor[] ts) {
    Tensor[] out = new Tensor[ts.length];
    for (int i = 0; i < ts.length; i++) {
      out[i] = ts[i].detach().copy().requiresGrad(true);
    }
    return out;
  }

  private static boolean hasNaN(Tensor t) {
    for (double v : t.storage()) {
      if (Double.isNaN(v)) {
        return true;
      }
    }
    return false;
  }
}
