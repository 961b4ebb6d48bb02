package dev.autograd.check;

import dev.autograd.Autograd;
import dev.autograd.GradMode;
import dev.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * An expression graph over catalogued ops: input tensors (leaves) and a list of steps, each applying
 * one {@link OpSpec} to leaves or earlier steps; the last step is the output. Generated at random by
 * the {@link PropertyCheck}, shrunk when it fails, and printed as Java code.
 *
 * <p>An expression is valid by construction: every step's inputs lie in its op's domains, its
 * parameters (axes, indices, ...) fit its inputs' shapes, and every value is finite. Parameters are
 * drawn from a per-step seed, so an expression rebuilt with other input shapes draws parameters that
 * fit the new shapes. Immutable.
 */
public final class Expr {
  /** Largest number of elements any step may produce (keeps element-by-element checks cheap). */
  static final int MAX_ELEMENTS = 64;

  /**
   * One step: an op, the seed its parameters are drawn from, and its arguments: {@code k ≥ 0} is
   * step k's result, {@code -(i + 1)} is leaf i.
   */
  record Def(OpSpec spec, long paramSeed, int[] args) {
    Def withArgs(int[] newArgs) {
      return new Def(spec, paramSeed, newArgs);
    }
  }

  private final List<Tensor> leaves;
  private final List<Def> defs;
  private final List<OpSpec.Application> apps;
  private final List<Tensor> values;

  private Expr(List<Tensor> leaves, List<Def> defs, List<OpSpec.Application> apps, List<Tensor> values) {
    this.leaves = leaves;
    this.defs = defs;
    this.apps = apps;
    this.values = values;
  }

  static int leafRef(int i) {
    return -i - 1;
  }

  static boolean isLeaf(int ref) {
    return ref < 0;
  }

  static int leafIndex(int ref) {
    return -ref - 1;
  }

  /**
   * Builds an expression, keeping only the steps and leaves the last step depends on: instantiates
   * every step for its inputs' shapes and checks domains and values. Returns null when the
   * expression is not valid (no steps, a shape the op rejects, an input outside a domain, a value
   * that is not finite or too large).
   */
  static Expr build(List<Tensor> leafValues, List<Def> allDefs) {
    if (allDefs.isEmpty()) {
      return null;
    }
    // Keep what the output depends on (walk backwards: arguments always point to earlier steps).
    int n = allDefs.size();
    boolean[] keepStep = new boolean[n];
    boolean[] keepLeaf = new boolean[leafValues.size()];
    keepStep[n - 1] = true;
    for (int k = n - 1; k >= 0; k--) {
      if (!keepStep[k]) {
        continue;
      }
      for (int a : allDefs.get(k).args()) {
        if (isLeaf(a)) {
          keepLeaf[leafIndex(a)] = true;
        } else if (a < k) {
          keepStep[a] = true;
        } else {
          return null;
        }
      }
    }
    int[] leafMap = new int[leafValues.size()];
    List<Tensor> leaves = new ArrayList<>();
    for (int i = 0; i < leafValues.size(); i++) {
      leafMap[i] = keepLeaf[i] ? leaves.size() : -1;
      if (keepLeaf[i]) {
        leaves.add(leafValues.get(i).copy());
      }
    }
    int[] stepMap = new int[n];
    List<Def> defs = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      stepMap[k] = keepStep[k] ? defs.size() : -1;
      if (keepStep[k]) {
        int[] args = allDefs.get(k).args().clone();
        for (int j = 0; j < args.length; j++) {
          args[j] = isLeaf(args[j]) ? leafRef(leafMap[leafIndex(args[j])]) : stepMap[args[j]];
        }
        defs.add(allDefs.get(k).withArgs(args));
      }
    }
    // Instantiate and evaluate, checking domains.
    List<OpSpec.Application> apps = new ArrayList<>();
    List<Tensor> values = new ArrayList<>();
    try (var off = GradMode.noGrad()) {
      for (Def d : defs) {
        if (d.args().length != d.spec().arity()) {
          return null;
        }
        Tensor[] in = new Tensor[d.args().length];
        int[][] shapes = new int[in.length][];
        for (int j = 0; j < in.length; j++) {
          in[j] = isLeaf(d.args()[j]) ? leaves.get(leafIndex(d.args()[j])) : values.get(d.args()[j]);
          shapes[j] = in[j].shape();
          if (!d.spec().domain(j).admits(in[j])) {
            return null;
          }
        }
        OpSpec.Application app = d.spec().instantiate(new SplittableRandom(d.paramSeed()), shapes);
        if (app == null) {
          return null;
        }
        Tensor v;
        try {
          v = app.apply(in);
        } catch (RuntimeException e) {
          return null;
        }
        if (v == null || !v.isFinite() || v.size() > MAX_ELEMENTS || maxAbs(v) > 1e4) {
          return null;
        }
        apps.add(app);
        values.add(v);
      }
    }
    return new Expr(Collections.unmodifiableList(leaves), List.copyOf(defs), List.copyOf(apps),
        Collections.unmodifiableList(values));
  }

  private static double maxAbs(Tensor t) {
    double m = 0;
    for (double v : t.storage()) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  // ================================================================ reading

  /**
   * Number of steps (op applications).
   *
   * @return the number of steps the output depends on, counting the output's own, at least 1
   */
  public int nodeCount() {
    return defs.size();
  }

  /**
   * Number of input tensors.
   *
   * @return the number of leaves the output depends on
   */
  public int leafCount() {
    return leaves.size();
  }

  /**
   * Total number of elements over all inputs.
   *
   * @return the sum of the leaves' sizes
   */
  public int leafElements() {
    int n = 0;
    for (Tensor t : leaves) {
      n += t.size();
    }
    return n;
  }

  /**
   * The largest number of elements of any one input.
   *
   * @return the largest leaf's size, 0 when there is no leaf
   */
  public int largestLeaf() {
    int n = 0;
    for (Tensor t : leaves) {
      n = Math.max(n, t.size());
    }
    return n;
  }

  /**
   * Copies of the input tensors, in order.
   *
   * @return a new array of new tensors, leaf {@code i} at index {@code i}, none requiring a gradient
   */
  public Tensor[] inputs() {
    Tensor[] xs = new Tensor[leaves.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = leaves.get(i).copy();
    }
    return xs;
  }

  /**
   * The names of the specs used, in step order (with repeats).
   *
   * @return a new list of {@link #nodeCount()} names, the output's op last
   */
  public List<String> opNames() {
    List<String> names = new ArrayList<>();
    for (Def d : defs) {
      names.add(d.spec().name());
    }
    return names;
  }

  /**
   * The distinct specs used.
   *
   * @return a new set, in the order of first use
   */
  public Set<OpSpec> specs() {
    Set<OpSpec> s = new LinkedHashSet<>();
    for (Def d : defs) {
      s.add(d.spec());
    }
    return s;
  }

  /**
   * The expression as a function of its inputs: {@code xs[i]} replaces leaf i.
   *
   * @return a function of {@link #leafCount()} tensors, each of its leaf's shape, returning the last
   *     step's result; it throws an {@link IllegalArgumentException} for another number of tensors
   */
  public Autograd.Fn function() {
    return xs -> {
      if (xs.length != leaves.size()) {
        throw new IllegalArgumentException(
            "expression: needs " + leaves.size() + " input tensors; got " + xs.length);
      }
      Tensor[] results = new Tensor[defs.size()];
      for (int k = 0; k < defs.size(); k++) {
        int[] args = defs.get(k).args();
        Tensor[] in = new Tensor[args.length];
        for (int j = 0; j < args.length; j++) {
          in[j] = isLeaf(args[j]) ? xs[leafIndex(args[j])] : results[args[j]];
        }
        results[k] = apps.get(k).apply(in);
      }
      return results[results.length - 1];
    };
  }

  // ================================================================ for the shrinker

  List<Tensor> leafList() {
    return leaves;
  }

  List<Def> defs() {
    return defs;
  }

  Tensor value(int step) {
    return values.get(step);
  }

  // ================================================================ printing

  private String arg(int ref) {
    return isLeaf(ref) ? "xs[" + leafIndex(ref) + "]" : "t" + ref;
  }

  /** The expression as one Java expression in the inputs {@code xs[i]}, e.g. {@code xs[0].log().sum()}. */
  String inline() {
    String[] code = new String[defs.size()];
    for (int k = 0; k < defs.size(); k++) {
      int[] args = defs.get(k).args();
      String[] a = new String[args.length];
      for (int j = 0; j < args.length; j++) {
        a[j] = isLeaf(args[j]) ? arg(args[j]) : code[args[j]];
      }
      code[k] = apps.get(k).code(a);
    }
    return code[code.length - 1];
  }

  /**
   * Java statements that rebuild the inputs and run the check: {@code checkCall} is the method to
   * call with the function and the inputs, e.g. {@code GradCheck.assertGradients}.
   */
  String toJava(String checkCall) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < leaves.size(); i++) {
      b.append("Tensor x").append(i).append(" = ").append(JavaCode.tensor(leaves.get(i))).append(";\n");
    }
    b.append(checkCall).append("(xs -> ");
    if (defs.size() == 1) {
      b.append(inline());
    } else {
      b.append("{\n");
      for (int k = 0; k < defs.size(); k++) {
        int[] args = defs.get(k).args();
        String[] a = new String[args.length];
        for (int j = 0; j < args.length; j++) {
          a[j] = arg(args[j]);
        }
        String line = apps.get(k).code(a);
        if (k < defs.size() - 1) {
          b.append("  Tensor t").append(k).append(" = ").append(line).append(";\n");
        } else {
          b.append("  return ").append(line).append(";\n");
        }
      }
      b.append("}");
    }
    for (int i = 0; i < leaves.size(); i++) {
      b.append(", x").append(i);
    }
    return b.append(");").toString();
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(inline()).append("  with ");
    for (int i = 0; i < leaves.size(); i++) {
      b.append(i == 0 ? "" : ", ").append("xs[").append(i).append("] of shape ")
          .append(Arrays.toString(leaves.get(i).shape()));
    }
    return b.toString();
  }
}
