package dev.autograd.check;

import dev.autograd.Autograd;
import dev.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Property-based gradient testing: checks gradients (first and, optionally, second order) over many
 * generated cases and, on a failure, shrinks it to a minimal failing case printed as Java code to
 * paste into a test. Needs no test framework; {@link Report#assertPassed()} throws an
 * {@link AssertionError}, so it runs inside a plain JUnit test.
 *
 * <h2>Random expression graphs</h2>
 *
 * <pre>{@code
 * PropertyCheck.expressions()                       // over Catalog.builtIns()
 *     .cases(1000).seed(42).maxNodes(6).secondOrder(true)
 *     .run().assertPassed();
 *
 * OpSpec cube = OpSpec.unary("cube", x -> new Cube().apply(x), Domain.real());
 * PropertyCheck.expressions(Catalog.builtIns().with(cube))
 *     .requiring("cube")                            // every graph uses it, among built-ins
 *     .cases(300).run().assertPassed();
 * }</pre>
 *
 * <h2>A user's function</h2>
 *
 * <pre>{@code
 * PropertyCheck.function("huber", xs -> huber(xs[0], xs[1]), Domain.real(), Domain.real())
 *     .shapes(rng -> Shapes.broadcastPair(rng, 2, 4))
 *     .cases(200).run().assertPassed();
 * }</pre>
 *
 * <p>Each case has its own seed, drawn from the run's seed: the report prints both, and
 * {@code replay(caseSeed)} re-runs just that case. The seed is fixed (0) unless set, so a run is
 * reproducible; pass a fresh seed (e.g. {@code System.nanoTime()}) to explore new cases.
 *
 * <p>A runner is configured by its methods and then run; it is not meant to be shared between
 * threads while being configured.
 */
public final class PropertyCheck {
  private PropertyCheck() {}

  /** Random expression graphs over the built-in ops. */
  public static Expressions expressions() {
    return expressions(Catalog.builtIns());
  }

  /** Random expression graphs over the ops of a catalog. */
  public static Expressions expressions(Catalog catalog) {
    return new Expressions(Objects.requireNonNull(catalog, "catalog"));
  }

  /**
   * A user's function of {@code domains.length} tensors, called with random inputs from those
   * domains; {@code name} is how the printed code refers to it.
   */
  public static FunctionCheck function(String name, Autograd.Fn f, Domain... domains) {
    return new FunctionCheck(name, f, domains);
  }

  /** What failed: first derivatives, second derivatives, or the check could not even run (an exception). */
  public enum Kind { FIRST_ORDER, SECOND_ORDER, ERROR }

  /** Draws the shapes of all inputs of one case. */
  @FunctionalInterface
  public interface ShapeSource {
    int[][] draw(RandomGenerator rng);
  }

  // ================================================================ settings shared by both runners

  /** Settings common to both runners. */
  abstract static class Settings<S extends Settings<S>> {
    /** Runs the configured number of cases; stops at the first failure and shrinks it. */
    public Report run() {
      SplittableRandom master = new SplittableRandom(seed);
      long[] caseSeeds = new long[cases];
      for (int i = 0; i < cases; i++) {
        caseSeeds[i] = master.nextLong();
      }
      return runCases(caseSeeds);
    }

    /** Runs {@link #run()} and throws an {@link AssertionError} with the report if a case fails. */
    public Report assertPasses() {
      Report r = run();
      r.assertPassed();
      return r;
    }

    /** Re-runs one case, by the case seed a report printed. */
    public Report replay(long caseSeed) {
      return runCases(new long[] {caseSeed});
    }

    /** Runs the cases with these seeds (each seed determines one case). */
    abstract Report runCases(long[] caseSeeds);

    int cases = 100;
    long seed = 0;
    boolean secondOrder = false;
    GradCheck checker = GradCheck.defaults();
    int shrinkBudget = 2000;

    abstract S self();

    /** Number of cases to generate (default 100). */
    public S cases(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("property check: cases must be at least 1; got " + n);
      }
      cases = n;
      return self();
    }

    /** The run's seed (default 0); every case's seed is drawn from it. */
    public S seed(long s) {
      seed = s;
      return self();
    }

    /** Whether to check second derivatives too (default false). */
    public S secondOrder(boolean on) {
      secondOrder = on;
      return self();
    }

    /** The gradient checker to use (default {@link GradCheck#defaults()}: step 1e-6, atol 1e-7, rtol 1e-5). */
    public S checker(GradCheck c) {
      checker = Objects.requireNonNull(c, "checker");
      return self();
    }

    /** At most this many candidate cases are checked while shrinking a failure (default 2000). */
    public S shrinkBudget(int n) {
      shrinkBudget = n;
      return self();
    }

    /** The failing kind of a case, or null when it passes. */
    Kind failure(Autograd.Fn f, Tensor[] xs, GradCheck c) {
      try {
        if (!c.run(f, xs).passed()) {
          return Kind.FIRST_ORDER;
        }
        if (secondOrder && !c.runSecondOrder(f, xs).passed()) {
          return Kind.SECOND_ORDER;
        }
        return null;
      } catch (RuntimeException e) {
        return Kind.ERROR;
      }
    }

    /** Whether a (shrunk) case still fails the same way. */
    boolean stillFails(Kind kind, Class<?> error, Autograd.Fn f, Tensor[] xs, GradCheck c) {
      try {
        return switch (kind) {
          case FIRST_ORDER -> !c.run(f, xs).passed();
          case SECOND_ORDER -> !c.runSecondOrder(f, xs).passed();
          case ERROR -> {
            try {
              c.run(f, xs);
              if (secondOrder) {
                c.runSecondOrder(f, xs);
              }
              yield false;
            } catch (RuntimeException e) {
              yield e.getClass() == error;
            }
          }
        };
      } catch (RuntimeException e) {
        return false;
      }
    }

    /** The full check result for a failing case, with the diverging primitive located; null for an error. */
    GradCheck.Result result(Kind kind, Autograd.Fn f, Tensor[] xs) {
      try {
        return kind == Kind.SECOND_ORDER ? checker.runSecondOrder(f, xs) : kind == Kind.FIRST_ORDER
            ? checker.run(f, xs) : null;
      } catch (RuntimeException e) {
        return null;
      }
    }

    RuntimeException error(Autograd.Fn f, Tensor[] xs) {
      try {
        checker.run(f, xs);
        if (secondOrder) {
          checker.runSecondOrder(f, xs);
        }
        return null;
      } catch (RuntimeException e) {
        return e;
      }
    }

    String checkCall(Kind kind) {
      return checker.javaCall(kind == Kind.SECOND_ORDER);
    }
  }

  // ================================================================ random expressions

  /** A runner over random expression graphs. */
  public static final class Expressions extends Settings<Expressions> {
    private final Catalog catalog;
    private int maxNodes = 6;
    private OpSpec required;

    Expressions(Catalog catalog) {
      this.catalog = catalog;
    }

    @Override Expressions self() {
      return this;
    }

    /** Largest number of op nodes per graph (default 6); each graph has 1 to this many. */
    public Expressions maxNodes(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("property check: maxNodes must be at least 1; got " + n);
      }
      maxNodes = n;
      return this;
    }

    /** Every generated graph uses the named op (e.g. the user's own primitive). */
    public Expressions requiring(String specName) {
      required = catalog.get(specName);
      return this;
    }

    /** Generates one expression for a case seed (what the run checks as that case). */
    public Expr generate(long caseSeed) {
      return new ExprGenerator(catalog, maxNodes).generate(new SplittableRandom(caseSeed), required);
    }


    @Override
    Report runCases(long[] caseSeeds) {
      ExprGenerator generator = new ExprGenerator(catalog, maxNodes);
      Map<String, Integer> usage = new TreeMap<>();
      int nodes = 0;
      GradCheck quick = checker.locateDivergence(false);
      for (int i = 0; i < caseSeeds.length; i++) {
        Expr e = generator.generate(new SplittableRandom(caseSeeds[i]), required);
        nodes += e.nodeCount();
        for (String op : e.opNames()) {
          usage.merge(op, 1, Integer::sum);
        }
        Kind kind = failure(e.function(), e.inputs(), quick);
        if (kind != null) {
          Failure f = shrink(e, kind, i, caseSeeds[i], quick);
          return new Report("random expressions over " + catalog.size() + " ops", seed, i + 1, caseSeeds.length,
              nodes, usage, f);
        }
      }
      return new Report("random expressions over " + catalog.size() + " ops", seed, caseSeeds.length,
          caseSeeds.length, nodes, usage, null);
    }

    private Failure shrink(Expr original, Kind kind, int index, long caseSeed, GradCheck quick) {
      RuntimeException originalError = kind == Kind.ERROR ? error(original.function(), original.inputs()) : null;
      Class<?> errorClass = originalError == null ? null : originalError.getClass();
      Shrinker<Expr> shrinker = new Shrinker<>(
          PropertyCheck::candidates,
          e -> new long[] {e.nodeCount(), e.leafElements(), rankSum(e.inputs()), complexity(e.inputs())},
          e -> stillFails(kind, errorClass, e.function(), e.inputs(), quick),
          shrinkBudget);
      Expr small = shrinker.shrink(original);
      GradCheck.Result result = result(kind, small.function(), small.inputs());
      RuntimeException error = kind == Kind.ERROR ? error(small.function(), small.inputs()) : null;
      String code = small.toJava(checkCall(kind));
      return new Failure(kind, seed, index, caseSeed, original.toString(), original.nodeCount(),
          original.leafElements(), small, small.inputs(), small.toString(), small.nodeCount(), shrinker.steps(),
          shrinker.checks(), result, error, imports(code) + code);
    }
  }

  /** Candidate smaller expressions, biggest reductions first (see {@link Shrinker}). */
  static Iterator<Expr> candidates(Expr e) {
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
      for (int[] s : Shrinker.smallerShapes(leaves.get(i).shape())) {
        int which = i;
        moves.add(() -> Expr.build(replace(leaves, which, Shrinker.corner(leaves.get(which), s)), defs));
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
      out[i] = Shrinker.corner(ts[i], s);
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
        for (double v : Shrinker.simplerValues(d[j])) {
          int which = i;
          int element = j;
          moves.add(() -> {
            Tensor[] copy = xs.clone();
            copy[which] = Shrinker.withElement(xs[which], element, v);
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
      c += Shrinker.complexity(t);
    }
    return c;
  }

  private static String imports(String code) {
    StringBuilder b = new StringBuilder("// import dev.autograd.Tensor;\n// import dev.autograd.check.GradCheck;\n");
    for (String holder : new String[] {"Elementwise", "LinearAlgebra", "Movement", "Reduce"}) {
      if (code.contains(holder + ".")) {
        b.append("// import dev.autograd.ops.").append(holder).append(";\n");
      }
    }
    return b.toString();
  }

  // ================================================================ a user's function

  /** A runner over random inputs to one user function. */
  public static final class FunctionCheck extends Settings<FunctionCheck> {
    private final String name;
    private final Autograd.Fn f;
    private final Domain[] domains;
    private ShapeSource shapes;

    FunctionCheck(String name, Autograd.Fn f, Domain[] domains) {
      if (name == null || name.isEmpty() || f == null || domains == null || domains.length == 0) {
        throw new IllegalArgumentException(
            "property check: a function check needs a name, the function and one domain per input");
      }
      this.name = name;
      this.f = f;
      this.domains = domains.clone();
      int arity = domains.length;
      this.shapes = rng -> {
        int[] s = Shapes.random(rng, 3, 3);
        int[][] all = new int[arity][];
        Arrays.fill(all, s);
        return all;
      };
    }

    @Override FunctionCheck self() {
      return this;
    }

    /** How to draw the inputs' shapes (default: one random shape of rank 0..3, dimensions 1..3, for all inputs). */
    public FunctionCheck shapes(ShapeSource source) {
      shapes = Objects.requireNonNull(source, "shapes");
      return this;
    }


    /** The inputs of one case. */
    public Tensor[] generate(long caseSeed) {
      RandomGenerator rng = new SplittableRandom(caseSeed);
      int[][] s = shapes.draw(rng);
      if (s == null || s.length != domains.length) {
        throw new IllegalArgumentException(
            "property check '" + name + "': the shape source must give " + domains.length + " shapes; got "
                + (s == null ? "null" : s.length));
      }
      Tensor[] xs = new Tensor[s.length];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = domains[i].sample(rng, s[i]);
      }
      return xs;
    }

    @Override
    Report runCases(long[] caseSeeds) {
      GradCheck quick = checker.locateDivergence(false);
      for (int i = 0; i < caseSeeds.length; i++) {
        Tensor[] xs = generate(caseSeeds[i]);
        Kind kind = failure(f, xs, quick);
        if (kind != null) {
          return new Report("function '" + name + "'", seed, i + 1, caseSeeds.length, 0, Map.of(),
              shrink(xs, kind, i, caseSeeds[i], quick));
        }
      }
      return new Report("function '" + name + "'", seed, caseSeeds.length, caseSeeds.length, 0, Map.of(), null);
    }

    private boolean admitted(Tensor[] xs) {
      for (int i = 0; i < xs.length; i++) {
        if (!domains[i].admits(xs[i])) {
          return false;
        }
      }
      return true;
    }

    private Failure shrink(Tensor[] original, Kind kind, int index, long caseSeed, GradCheck quick) {
      RuntimeException originalError = kind == Kind.ERROR ? error(f, original) : null;
      Class<?> errorClass = originalError == null ? null : originalError.getClass();
      Shrinker<Tensor[]> shrinker = new Shrinker<>(
          this::candidates,
          xs -> new long[] {0, elements(xs), rankSum(xs), complexity(xs)},
          xs -> admitted(xs) && stillFails(kind, errorClass, f, xs, quick),
          shrinkBudget);
      Tensor[] small = shrinker.shrink(original);
      StringBuilder code = new StringBuilder("// ").append(name).append(": the function under test\n");
      for (int i = 0; i < small.length; i++) {
        code.append("Tensor x").append(i).append(" = ").append(JavaCode.tensor(small[i])).append(";\n");
      }
      code.append(checkCall(kind)).append('(').append(name);
      for (int i = 0; i < small.length; i++) {
        code.append(", x").append(i);
      }
      code.append(");");
      return new Failure(kind, seed, index, caseSeed, describe(original), 0, (int) elements(original), null,
          copies(small), describe(small), 0, shrinker.steps(), shrinker.checks(), result(kind, f, small),
          kind == Kind.ERROR ? error(f, small) : null, imports(code.toString()) + code);
    }

    private Iterator<Tensor[]> candidates(Tensor[] xs) {
      List<Supplier<Tensor[]>> moves = new ArrayList<>();
      for (int i = 0; i < xs.length; i++) {
        for (int[] s : Shrinker.smallerShapes(xs[i].shape())) {
          int which = i;
          moves.add(() -> {
            Tensor[] copy = xs.clone();
            copy[which] = Shrinker.corner(xs[which], s);
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

    private String describe(Tensor[] xs) {
      StringBuilder b = new StringBuilder(name).append('(');
      for (int i = 0; i < xs.length; i++) {
        b.append(i == 0 ? "" : ", ").append(JavaCode.tensor(xs[i]));
      }
      return b.append(')').toString();
    }
  }

  private static long elements(Tensor[] xs) {
    long n = 0;
    for (Tensor t : xs) {
      n += t.size();
    }
    return n;
  }

  private static Tensor[] copies(Tensor[] xs) {
    Tensor[] c = new Tensor[xs.length];
    for (int i = 0; i < xs.length; i++) {
      c[i] = xs[i].copy();
    }
    return c;
  }

  // ================================================================ results

  /**
   * A failing case, before and after shrinking.
   *
   * @param kind what failed
   * @param seed the run's seed
   * @param caseIndex which case failed (from 0)
   * @param caseSeed the failing case's own seed (for {@code replay})
   * @param original the case as generated
   * @param originalNodes op nodes in the generated expression (0 for a user function)
   * @param originalElements input elements in the generated case
   * @param shrunk the minimal expression (null for a user function)
   * @param shrunkInputs the minimal case's inputs
   * @param shrunkDescription the minimal case, readable
   * @param shrunkNodes op nodes in the minimal expression (0 for a user function)
   * @param shrinkSteps how many times a smaller failing case was found
   * @param shrinkChecks how many candidates were checked
   * @param result the gradient check of the minimal case (null when it threw)
   * @param error the exception of the minimal case (for {@link Kind#ERROR})
   * @param javaCode the minimal case as Java statements to paste into a test
   */
  public record Failure(Kind kind, long seed, int caseIndex, long caseSeed, String original, int originalNodes,
      int originalElements, Expr shrunk, Tensor[] shrunkInputs, String shrunkDescription, int shrunkNodes,
      int shrinkSteps, int shrinkChecks, GradCheck.Result result, RuntimeException error, String javaCode) {

    /** The largest number of elements of any input of the minimal case. */
    public int shrunkLargestInput() {
      int n = 0;
      for (Tensor t : shrunkInputs) {
        n = Math.max(n, t.size());
      }
      return n;
    }

    @Override
    public Tensor[] shrunkInputs() {
      return copies(shrunkInputs);
    }
  }

  /** The outcome of a property run. */
  public static final class Report {
    private final String what;
    private final long seed;
    private final int casesRun;
    private final int planned;
    private final int totalNodes;
    private final Map<String, Integer> usage;
    private final Failure failure;

    Report(String what, long seed, int casesRun, int planned, int totalNodes, Map<String, Integer> usage,
        Failure failure) {
      this.what = what;
      this.seed = seed;
      this.casesRun = casesRun;
      this.planned = planned;
      this.totalNodes = totalNodes;
      this.usage = Collections.unmodifiableMap(new TreeMap<>(usage));
      this.failure = failure;
    }

    /** True when every case passed. */
    public boolean passed() {
      return failure == null;
    }

    /** Number of cases run (up to and including a failing one). */
    public int cases() {
      return casesRun;
    }

    /** The run's seed. */
    public long seed() {
      return seed;
    }

    /** Total op nodes over all generated expressions. */
    public int totalNodes() {
      return totalNodes;
    }

    /** How often each op was used in generated expressions. */
    public Map<String, Integer> opUsage() {
      return usage;
    }

    /** The failing case, shrunk, if any. */
    public Optional<Failure> failure() {
      return Optional.ofNullable(failure);
    }

    /** Throws an {@link AssertionError} carrying {@link #report()} if a case failed. */
    public void assertPassed() {
      if (failure != null) {
        throw new AssertionError(report());
      }
    }

    /** A readable account: cases and seed, and for a failure the shrunk case, its check report and Java code. */
    public String report() {
      if (failure == null) {
        return "property check passed: " + casesRun + " cases of " + what + " (seed " + seed + ")"
            + (totalNodes > 0 ? ", " + totalNodes + " op nodes in all" : "");
      }
      Failure f = failure;
      StringBuilder b = new StringBuilder("property check FAILED (")
          .append(f.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
          .append(") on case ").append(f.caseIndex() + 1).append(" of ").append(planned).append(", ").append(what)
          .append(" (seed ").append(seed).append(", case seed ").append(f.caseSeed()).append("L: replay(")
          .append(f.caseSeed()).append("L) re-runs it)");
      b.append("\n  generated: ").append(f.original());
      b.append("\n  shrunk in ").append(f.shrinkSteps()).append(" steps (").append(f.shrinkChecks())
          .append(" candidates checked) to: ").append(f.shrunkDescription());
      if (f.result() != null) {
        b.append("\n  ").append(f.result().report().replace("\n", "\n  "));
      }
      if (f.error() != null) {
        b.append("\n  the check threw: ").append(f.error());
      }
      b.append("\n  paste into a test:\n    ").append(f.javaCode().replace("\n", "\n    "));
      return b.toString();
    }

    @Override
    public String toString() {
      return report();
    }
  }
}
