package dev.autograd.check;

import dev.autograd.AnomalyException;
import dev.autograd.Autograd;
import dev.autograd.GradMode;
import dev.autograd.Graph;
import dev.autograd.Node;
import dev.autograd.Primitive;
import dev.autograd.Tensor;
import java.util.List;

/**
 * Names the first diverging primitive of a failed check: re-runs the function with recording (and
 * anomaly mode, for creation sites) and checks every recorded node's rule on its own recorded
 * inputs, in topological order; the first node that fails is the {@link GradCheck.Divergence}.
 */
final class DivergenceLocator {
  /** Nodes whose inputs hold more elements than this are checked along random directions. */
  private static final int LOCAL_ELEMENTWISE_LIMIT = 4096;

  /** The comparison for one node alone: the check's settings, without locating, fast on big inputs. */
  private final FiniteDifferences local;

  DivergenceLocator(GradCheck settings) {
    this.local = new FiniteDifferences(
        settings.locateDivergence(false).fastAbove(Math.min(settings.fastAbove, LOCAL_ELEMENTWISE_LIMIT)));
  }

  /**
   * {@code failed} with the divergence found (or the number of nodes searched when none is).
   *
   * @param xs the inputs the check used
   * @param differentiable which inputs require a gradient in the re-run (null: all of them); the
   *     others are passed as constants, as in the check that failed
   */
  GradCheck.Result locate(GradCheck.Result failed, Autograd.Fn f, Tensor[] xs, boolean secondOrder,
      boolean[] differentiable) {
    Tensor[] leaves = new Tensor[xs.length];
    for (int i = 0; i < xs.length; i++) {
      leaves[i] = differentiable == null || differentiable[i] ? xs[i].copy().requiresGrad(true) : xs[i].copy();
    }
    Tensor y;
    try {
      try (var on = GradMode.enableGrad(); var anomaly = GradMode.anomalyDetection()) {
        y = f.apply(leaves);
      }
    } catch (AnomalyException e) {
      try (var on = GradMode.enableGrad()) {
        y = f.apply(leaves);
      }
    }
    List<Node> order = Graph.topologicalOrder(y);
    for (int k = 0; k < order.size(); k++) {
      Node node = order.get(k);
      GradCheck.Result r = checkNode(node, secondOrder);
      if (r != null && !r.passed()) {
        return failed.with(
            new GradCheck.Divergence(node.op(), node.toString(), k + 1, order.size(), site(node), r), order.size());
      }
    }
    return failed.with(null, order.size());
  }

  /**
   * Checks one recorded node's rule on copies of its recorded inputs, differentiating those that
   * required a gradient; null when it cannot be checked. The op is applied only as the check
   * needs: a primitive keeps no state between applications.
   */
  private GradCheck.Result checkNode(Node node, boolean secondOrder) {
    Primitive op = node.op();
    Tensor[] recorded = node.inputs();
    int count = 0;
    for (Tensor t : recorded) {
      count += t.requiresGrad() ? 1 : 0;
    }
    if (count == 0) {
      return null;
    }
    int[] differentiable = new int[count];
    Tensor[] fixed = new Tensor[recorded.length];
    for (int i = 0, k = 0; i < recorded.length; i++) {
      fixed[i] = recorded[i].copy();
      if (recorded[i].requiresGrad()) {
        differentiable[k++] = i;
      }
    }
    Autograd.Fn alone = FiniteDifferences.restrictedTo(in -> op.apply(in), fixed, differentiable);
    Tensor[] zs = new Tensor[count];
    String[] names = new String[count];
    for (int k = 0; k < count; k++) {
      zs[k] = fixed[differentiable[k]].copy();
    }
    try {
      return secondOrder
          ? local.secondOrder(alone, zs, names, differentiable, "")
          : local.firstOrder(alone, zs, names, differentiable, "");
    } catch (RuntimeException e) {
      return null; // e.g. not finite next to its inputs: nothing to say about this node
    }
  }

  private static StackTraceElement site(Node node) {
    StackTraceElement[] at = node.createdAt();
    if (at == null || at.length == 0 || isCheckerCode(at[0].getClassName())) {
      return null; // created by the property checker's own expressions, not by a line of the user's
    }
    return at[0];
  }

  private static boolean isCheckerCode(String className) {
    String outer = className.replaceAll("\\$.*", "");
    return outer.startsWith("dev.autograd.check.") && !outer.endsWith("Test");
  }
}
