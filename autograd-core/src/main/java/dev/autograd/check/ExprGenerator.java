package dev.autograd.check;

import dev.autograd.GradMode;
import dev.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Draws random expression graphs over a catalog. Each step picks an op, then its first input: most
 * often the latest step nobody has consumed yet (so graphs grow deep), sometimes any earlier value,
 * sometimes a fresh leaf; the op's shape rule then says what the other inputs must look like, and an
 * existing value of that shape is reused (so values are shared: diamonds, {@code x·x}) or a fresh
 * leaf is drawn from the op's domain. An input is only ever a value its op's domain admits, so
 * every generated graph is defined and away from kinks.
 */
final class ExprGenerator {
  private final Catalog catalog;
  private final List<OpSpec> specs;
  private final int maxNodes;

  ExprGenerator(Catalog catalog, int maxNodes) {
    if (catalog.size() == 0) {
      throw new IllegalArgumentException("property check: the catalog has no ops");
    }
    if (maxNodes < 1) {
      throw new IllegalArgumentException("property check: maxNodes must be at least 1; got " + maxNodes);
    }
    this.catalog = catalog;
    // Ops checked at a coarser step (they round, as the float32 conversions do) stay out.
    this.specs = catalog.specs().stream().filter(s -> s.step() == GradCheck.DEFAULT_STEP).toList();
    this.maxNodes = maxNodes;
  }

  /** A random valid expression (containing {@code required}, when given). */
  Expr generate(RandomGenerator rng, OpSpec required) {
    for (int attempt = 0; attempt < 200; attempt++) {
      Expr e = attempt(rng, required);
      if (e != null && (required == null || e.specs().contains(required))) {
        return e;
      }
    }
    throw new IllegalStateException(
        "property check: could not generate an expression" + (required == null ? "" : " using '" + required.name()
            + "'") + " in 200 attempts; check the op's domains and shape rule");
  }

  private Expr attempt(RandomGenerator rng, OpSpec required) {
    int target = 1 + rng.nextInt(maxNodes);
    List<Tensor> leaves = new ArrayList<>();
    List<Expr.Def> defs = new ArrayList<>();
    List<Tensor> stepValues = new ArrayList<>();
    List<Boolean> consumed = new ArrayList<>();
    boolean usedRequired = false;
    for (int tries = 0; defs.size() < target && tries < target * 40; tries++) {
      boolean last = defs.size() == target - 1;
      OpSpec spec = required != null && !usedRequired && (last || rng.nextInt(3) == 0)
          ? required
          : specs.get(rng.nextInt(specs.size()));

      // input 0: the latest step nobody consumed yet (so the graph stays connected and grows deep;
      // an op that cannot take it is skipped); for an op of several inputs sometimes another value
      // or a fresh leaf instead, with the dangling step offered to its other inputs
      int ref0;
      int frontier = latestUnconsumed(consumed);
      if (frontier >= 0 && (spec.arity() == 1 || rng.nextInt(100) < 70)) {
        if (!spec.domain(0).admits(stepValues.get(frontier))) {
          continue;
        }
        ref0 = frontier;
      } else {
        ref0 = pickFirst(rng, spec, leaves, stepValues);
      }
      int[] first = ref0 == NEW ? null : value(ref0, leaves, stepValues).shape();
      int[][] shapes = spec.shapes(rng, first);
      if (shapes == null || shapes.length != spec.arity()) {
        continue;
      }
      List<Tensor> fresh = new ArrayList<>();
      int[] args = new int[spec.arity()];
      Tensor[] in = new Tensor[spec.arity()];
      if (ref0 == NEW) {
        in[0] = spec.domain(0).sample(rng, shapes[0]);
        fresh.add(in[0]);
        args[0] = Expr.leafRef(leaves.size());
      } else {
        in[0] = value(ref0, leaves, stepValues);
        args[0] = ref0;
      }
      for (int i = 1; i < spec.arity(); i++) {
        int reuse = rng.nextInt(10) < 5 ? findWithShape(rng, spec.domain(i), shapes[i], leaves, stepValues, consumed)
            : NEW;
        if (reuse == NEW && rng.nextInt(10) < 7) {
          reuse = findDangling(spec, i, in, shapes, stepValues, consumed, ref0);
        }
        if (reuse == NEW) {
          in[i] = spec.domain(i).sample(rng, shapes[i]);
          args[i] = Expr.leafRef(leaves.size() + fresh.size());
          fresh.add(in[i]);
        } else {
          in[i] = value(reuse, leaves, stepValues);
          args[i] = reuse;
        }
      }
      long paramSeed = rng.nextLong();
      int[][] actual = new int[in.length][];
      for (int i = 0; i < in.length; i++) {
        actual[i] = in[i].shape();
      }
      OpSpec.Application app = spec.instantiate(new SplittableRandom(paramSeed), actual);
      if (app == null) {
        continue;
      }
      Tensor v;
      try (var off = GradMode.noGrad()) {
        v = app.apply(in);
      } catch (RuntimeException e) {
        continue;
      }
      if (v == null || !v.isFinite() || v.size() > Expr.MAX_ELEMENTS) {
        continue;
      }
      leaves.addAll(fresh);
      for (int a : args) {
        if (!Expr.isLeaf(a)) {
          consumed.set(a, true);
        }
      }
      defs.add(new Expr.Def(spec, paramSeed, args));
      stepValues.add(v);
      consumed.add(false);
      usedRequired |= spec == required;
    }
    return defs.isEmpty() ? null : Expr.build(leaves, defs);
  }

  private static final int NEW = Integer.MIN_VALUE;

  private static Tensor value(int ref, List<Tensor> leaves, List<Tensor> steps) {
    return Expr.isLeaf(ref) ? leaves.get(Expr.leafIndex(ref)) : steps.get(ref);
  }

  /**
   * A step nobody consumed yet that input {@code i} can take in place of the proposed shape (e.g. a
   * broadcast-compatible one), so that separate chains merge; or NEW.
   */
  private static int findDangling(OpSpec spec, int i, Tensor[] in, int[][] proposed, List<Tensor> steps,
      List<Boolean> consumed, int ref0) {
    for (int k = steps.size() - 1; k >= 0; k--) {
      if (consumed.get(k) || k == ref0 || !spec.domain(i).admits(steps.get(k))) {
        continue;
      }
      int[][] trial = proposed.clone();
      for (int j = 0; j < i; j++) {
        trial[j] = in[j].shape();
      }
      trial[i] = steps.get(k).shape();
      if (spec.instantiate(new SplittableRandom(k), trial) != null) {
        return k;
      }
    }
    return NEW;
  }

  private static int latestUnconsumed(List<Boolean> consumed) {
    for (int k = consumed.size() - 1; k >= 0; k--) {
      if (!consumed.get(k)) {
        return k;
      }
    }
    return -1;
  }

  private static int pickFirst(RandomGenerator rng, OpSpec spec, List<Tensor> leaves, List<Tensor> steps) {
    Domain d = spec.domain(0);
    if (rng.nextInt(100) < 60) {
      List<Integer> ok = new ArrayList<>();
      for (int k = 0; k < steps.size(); k++) {
        if (d.admits(steps.get(k))) {
          ok.add(k);
        }
      }
      for (int i = 0; i < leaves.size(); i++) {
        if (d.admits(leaves.get(i))) {
          ok.add(Expr.leafRef(i));
        }
      }
      if (!ok.isEmpty()) {
        return ok.get(rng.nextInt(ok.size()));
      }
    }
    return NEW;
  }

  /** A value of exactly this shape in the domain: a dangling step if there is one, else any value; or NEW. */
  private static int findWithShape(RandomGenerator rng, Domain d, int[] shape, List<Tensor> leaves,
      List<Tensor> steps, List<Boolean> consumed) {
    List<Integer> ok = new ArrayList<>();
    for (int k = 0; k < steps.size(); k++) {
      if (!consumed.get(k) && Arrays.equals(steps.get(k).shape(), shape) && d.admits(steps.get(k))) {
        ok.add(k);
      }
    }
    if (!ok.isEmpty()) {
      return ok.get(rng.nextInt(ok.size()));
    }
    for (int k = 0; k < steps.size(); k++) {
      if (Arrays.equals(steps.get(k).shape(), shape) && d.admits(steps.get(k))) {
        ok.add(k);
      }
    }
    for (int i = 0; i < leaves.size(); i++) {
      if (Arrays.equals(leaves.get(i).shape(), shape) && d.admits(leaves.get(i))) {
        ok.add(Expr.leafRef(i));
      }
    }
    return ok.isEmpty() ? NEW : ok.get(rng.nextInt(ok.size()));
  }

  Catalog catalog() {
    return catalog;
  }
}
