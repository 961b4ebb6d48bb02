package dev.autograd.check;

import dev.autograd.Tensor;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Greedy shrinking: from a failing case, repeatedly move to the first candidate that is strictly
 * smaller and still fails, until no candidate does (or the budget of checks runs out). "Smaller"
 * compares, in order: the number of op nodes, the number of input elements, and how simple the
 * input values are (0 is simplest, then ±1, small integers, short decimals). Every move shrinks
 * that measure, so shrinking ends.
 *
 * @param <C> the kind of case (an expression, or inputs to a user's function)
 */
final class Shrinker<C> {
  private final Function<C, Iterator<C>> candidates;
  private final Function<C, long[]> size;
  private final Predicate<C> fails;
  private final int budget;
  private int checks;
  private int steps;

  Shrinker(Function<C, Iterator<C>> candidates, Function<C, long[]> size, Predicate<C> fails, int budget) {
    this.candidates = candidates;
    this.size = size;
    this.fails = fails;
    this.budget = budget;
  }

  C shrink(C start) {
    C current = start;
    long[] currentSize = size.apply(current);
    boolean progress = true;
    while (progress && checks < budget) {
      progress = false;
      Iterator<C> it = candidates.apply(current);
      while (it.hasNext() && checks < budget) {
        C c = it.next();
        if (c == null) {
          continue;
        }
        long[] s = size.apply(c);
        if (Arrays.compare(s, currentSize) >= 0) {
          continue;
        }
        checks++;
        boolean stillFails;
        try {
          stillFails = fails.test(c);
        } catch (RuntimeException e) {
          stillFails = false; // a candidate the check cannot even evaluate is not the failure we are after
        }
        if (stillFails) {
          current = c;
          currentSize = s;
          steps++;
          progress = true;
          break;
        }
      }
    }
    return current;
  }

  /** How many candidates were checked. */
  int checks() {
    return checks;
  }

  /** How many times a smaller failing case was found. */
  int steps() {
    return steps;
  }

  // ================================================================ shared measures and moves

  /** How complicated a number is to read: 0 for 0, 1 for ±1, then integers, then by significant digits. */
  static int complexity(double v) {
    if (v == 0) {
      return 0;
    }
    if (Math.abs(v) == 1) {
      return 1;
    }
    BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    int digits = Math.max(1, d.precision());
    boolean integer = v == Math.rint(v);
    return (integer ? 2 : 4) + digits;
  }

  static long complexity(Tensor t) {
    long c = 0;
    for (double v : t.storage()) {
      c += complexity(v);
    }
    return c;
  }

  /** Simpler values to try instead of {@code v}, simplest first. */
  static double[] simplerValues(double v) {
    Set<Double> out = new LinkedHashSet<>();
    double[] tries = {0, 1, -1, 2, -2, 0.5, -0.5, Math.rint(v), Math.rint(v * 10) / 10, Math.rint(v * 100) / 100};
    int c = complexity(v);
    for (double t : tries) {
      if (complexity(t) < c && t != v) {
        out.add(t == 0 ? 0.0 : t);
      }
    }
    double[] r = new double[out.size()];
    int i = 0;
    for (double t : out) {
      r[i++] = t;
    }
    return r;
  }

  /** Smaller shapes for one tensor: a dimension set to 1 or halved, or the leading axis dropped. */
  static List<int[]> smallerShapes(int[] shape) {
    List<int[]> out = new ArrayList<>();
    if (shape.length > 0) {
      out.add(Arrays.copyOfRange(shape, 1, shape.length));
    }
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] > 1) {
        int[] one = shape.clone();
        one[d] = 1;
        out.add(one);
        if (shape[d] > 3) {
          int[] half = shape.clone();
          half[d] = shape[d] / 2;
          out.add(half);
        }
      }
    }
    return out;
  }

  /**
   * The part of {@code t} at the start of every axis that fits {@code shape} (same rank, or fewer
   * leading axes, which are then taken at index 0).
   */
  static Tensor corner(Tensor t, int[] shape) {
    int[] from = t.shape();
    int drop = from.length - shape.length;
    double[] src = t.storage();
    double[] out = new double[Shapes.size(shape)];
    int[] strides = dev.autograd.Shape.strides(from);
    int[] idx = new int[shape.length];
    for (int o = 0; o < out.length; o++) {
      int off = 0;
      for (int d = 0; d < shape.length; d++) {
        off += idx[d] * strides[d + drop];
      }
      out[o] = src[off];
      for (int d = shape.length - 1; d >= 0; d--) {
        if (++idx[d] < shape[d]) {
          break;
        }
        idx[d] = 0;
      }
    }
    return Tensor.of(out, shape);
  }

  /** A tensor equal to {@code t} except element {@code j}. */
  static Tensor withElement(Tensor t, int j, double v) {
    double[] d = t.toArray();
    d[j] = v;
    return Tensor.of(d, t.shape());
  }

  // ================================================================ shrinking property-check cases

  /**
   * A shrinker of generated expressions: fewer op nodes first, then fewer input elements, lower
   * ranks and simpler values.
   */
  static Shrinker<Expr> ofExpressions(Predicate<Expr> fails, int budget) {
    return new Shrinker<>(Shrinker::expressionCandidates,
        e -> new long[] {e.nodeCount(), e.leafElements(), rankSum(e.inputs()), complexity(e.inputs())}, fails, budget);
  }

  /** A shrinker of inputs to a user's function: fewer input elements first, then lower ranks and simpler values. */
  static Shrinker<Tensor[]> ofInputs(Predicate<Tensor[]> fails, int budget) {
    return new Shrinker<>(Shrinker::inputCandidates,
        xs -> new long[] {0, elements(xs), rankSum(xs), complexity(xs)}, fails, budget);
  }

  /** A shrinker of inputs to a user's function with the user's own candidates, under the same measure. */
  static Shrinker<Tensor[]> ofInputs(Predicate<Tensor[]> fails, int budget, Function<Tensor[], Iterator<Tensor[]>> moves) {
    return new Shrinker<>(moves, xs -> new long[] {0, elements(xs), rankSum(xs), complexity(xs)}, fails, budget);
  }

  /** The number of elements of all the tensors. */
  static long elements(Tensor[] xs) {
    long n = 0;
    for (Tensor t : xs) {
      n += t.size();
    }
    return n;
  }

  /** Candidate smaller expressions, biggest reductions first. */
  static Iterator<Expr> expressionCandidates(Expr e) {
    List<Tensor> leaves = e.leafList();
    List<Expr.Def> defs = e.defs();
    int n = defs.size();
    List<Supplier<Expr>> moves = new ArrayList<>();
    // 1. an earlier step as the output
    for (int k = 0; k < n - 1; k++) {
      int last = k;
      moves.add(() -> Expr.build(leaves, defs.subList(0, last + 1)));
    }
    // 2. a step replaced by an input holding its value (cuts the subgraph above it)
    for (int k = 0; k < n - 1; k++) {
      int cut = k;
      moves.add(() -> {
        List<Tensor> more = new ArrayList<>(leaves);
        more.add(e.value(cut));
        return Expr.build(more, rewire(defs, cut, Expr.leafRef(leaves.size())));
      });
    }
    // 3. a step bypassed: its consumers read one of its arguments instead
    for (int k = 0; k < n - 1; k++) {
      for (int a : defs.get(k).args()) {
        int skip = k;
        moves.add(() -> Expr.build(leaves, rewire(defs, skip, a)));
      }
    }
    // 4. smaller inputs: one input at a time, then every input sharing a dimension
    for (int i = 0; i < leaves.size(); i++) {
      for (int[] s : smallerShapes(leaves.get(i).shape())) {
        int which = i;
        moves.add(() -> Expr.build(replace(leaves, which, corner(leaves.get(which), s)), defs));
      }
    }
    for (int dim : sharedDims(leaves)) {
      moves.add(() -> Expr.build(Arrays.asList(shrinkDim(leaves.toArray(new Tensor[0]), dim)), defs));
    }
    // 5. simpler values: a whole input at once, then one element at a time
    addValueMoves(leaves.toArray(new Tensor[0]), moves, xs -> Expr.build(Arrays.asList(xs), defs));
    return lazily(moves);
  }

  private static List<Expr.Def> rewire(List<Expr.Def> defs, int from, int to) {
    List<Expr.Def> out = new ArrayList<>(defs.size());
    for (int k = 0; k < defs.size(); k++) {
      Expr.Def d = defs.get(k);
      if (k > from) {
        int[] args = d.args().clone();
        for (int j = 0; j < args.length; j++) {
          if (args[j] == from) {
            args[j] = to;
          }
        }
        d = d.withArgs(args);
      }
      out.add(d);
    }
    return out;
  }

  private static List<Tensor> replace(List<Tensor> leaves, int i, Tensor t) {
    List<Tensor> out = new ArrayList<>(leaves);
    out.set(i, t);
    return out;
  }

  private static Set<Integer> sharedDims(List<Tensor> ts) {
    Set<Integer> dims = new LinkedHashSet<>();
    for (Tensor t : ts) {
      for (int d : t.shape()) {
        if (d > 1) {
          dims.add(d);
        }
      }
    }
    return dims;
  }

  /** Every axis of length {@code dim}, in every tensor, cut to length 1. */
  private static Tensor[] shrinkDim(Tensor[] ts, int dim) {
    Tensor[] out = new Tensor[ts.length];
    for (int i = 0; i < ts.length; i++) {
      int[] s = ts[i].shape();
      for (int d = 0; d < s.length; d++) {
        if (s[d] == dim) {
          s[d] = 1;
        }
      }
      out[i] = corner(ts[i], s);
    }
    return out;
  }

  private interface Rebuild<C> {
    C from(Tensor[] inputs);
  }

  private static <C> void addValueMoves(Tensor[] xs, List<Supplier<C>> moves, Rebuild<C> rebuild) {
    for (int i = 0; i < xs.length; i++) {
      int which = i;
      for (double v : new double[] {0, 1, -1, 0.5, 2}) {
        moves.add(() -> {
          Tensor[] copy = xs.clone();
          copy[which] = Tensor.full(v, xs[which].shape());
          return rebuild.from(copy);
        });
      }
    }
    for (int i = 0; i < xs.length; i++) {
      double[] d = xs[i].storage();
      for (int j = 0; j < d.length; j++) {
        for (double v : simplerValues(d[j])) {
          int which = i;
          int element = j;
          moves.add(() -> {
            Tensor[] copy = xs.clone();
            copy[which] = withElement(xs[which], element, v);
            return rebuild.from(copy);
          });
        }
      }
    }
  }

  private static <C> Iterator<C> lazily(List<Supplier<C>> moves) {
    Iterator<Supplier<C>> it = moves.iterator();
    return new Iterator<>() {
      @Override public boolean hasNext() { return it.hasNext(); }
      @Override public C next() { return it.next().get(); }
    };
  }

  private static long rankSum(Tensor[] xs) {
    long r = 0;
    for (Tensor t : xs) {
      r += t.rank();
    }
    return r;
  }

  private static long complexity(Tensor[] xs) {
    long c = 0;
    for (Tensor t : xs) {
      c += complexity(t);
    }
    return c;
  }

  /** Candidate smaller or simpler inputs to a user's function: shapes first, then values. */
  static Iterator<Tensor[]> inputCandidates(Tensor[] xs) {
    List<Supplier<Tensor[]>> moves = new ArrayList<>();
    for (int i = 0; i < xs.length; i++) {
      for (int[] s : smallerShapes(xs[i].shape())) {
        int which = i;
        moves.add(() -> {
          Tensor[] copy = xs.clone();
          copy[which] = corner(xs[which], s);
          return copy;
        });
      }
    }
    List<Tensor> list = Arrays.asList(xs);
    for (int dim : sharedDims(list)) {
      moves.add(() -> shrinkDim(xs, dim));
    }
    addValueMoves(xs, moves, copy -> copy);
    return lazily(moves);
  }
}
