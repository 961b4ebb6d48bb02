package dev.autograd.check;

import dev.autograd.Autograd;
import dev.autograd.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
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
 * <h2>Inputs with a joint structure</h2>
 *
 * Domains are per element. Points at least {@code d} apart, a positive-definite matrix, a
 * probability vector or integer labels come from a custom generator of all inputs, a function of
 * the case's seeded random source; inputs that must not be differentiated are held constant:
 *
 * <pre>{@code
 * PropertyCheck.function("nll", nll, rng -> new Tensor[] {probabilities(rng, 4, 3), labels(rng, 4, 3)})
 *     .constants(1)                                 // the labels: passed as they are, not differentiated
 *     .simplifier(xs -> List.of(fewerRows(xs)))     // optional: how to shrink a failing case
 *     .cases(200).secondOrder(true).assertPasses();
 * }</pre>
 *
 * <h2>Shrinking keeps the bug</h2>
 *
 * A shrink step is taken only when the smaller case still fails <em>conclusively</em>: the check is
 * re-run on it with the error estimate, and a case where finite differences are inconclusive, or
 * where the difference is a kink or a jump of the second derivative, does not count. The minimal
 * case printed therefore reproduces the failure (a rule wrong only for {@code x < 0} shrinks to a
 * negative {@code x}, not to 0). Custom inputs are not shrunk unless a simplifier is given.
 *
 * <p>The checker decides what each case compares: {@code .checker(GradCheck.defaults().eachInputAlone(true))}
 * also checks every input of a case on its own, the others constant, which catches a rule that
 * computes one input's gradient only when another input needs one (see {@link GradCheck}).
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

  /**
   * Random expression graphs over the built-in ops.
   *
   * @return a new runner over {@link Catalog#builtIns()}, with the default settings
   */
  public static Expressions expressions() {
    return expressions(Catalog.builtIns());
  }

  /**
   * Random expression graphs over the ops of a catalog.
   *
   * @param catalog the ops the graphs are built from
   * @return a new runner with the default settings
   * @throws NullPointerException when {@code catalog} is null
   */
  public static Expressions expressions(Catalog catalog) {
    return new Expressions(Objects.requireNonNull(catalog, "catalog"));
  }

  /**
   * A user's function of {@code domains.length} tensors, called with random inputs from those
   * domains; {@code name} is how the printed code refers to it.
   *
   * @param name the function's name in printed code, non-empty (e.g. a method the test defines)
   * @param f the function checked, of {@code domains.length} tensors, returning any shape
   * @param domains one per input, at least one
   * @return a new runner with the default settings, drawing one shape for all inputs
   * @throws IllegalArgumentException when the name is null or empty, {@code f} is null, or no domain
   *     is given
   */
  public static FunctionCheck function(String name, Autograd.Fn f, Domain... domains) {
    if (domains == null || domains.length == 0) {
      throw new IllegalArgumentException(
          "property check: a function check needs a name, the function and one domain per input");
    }
    return new FunctionCheck(name, f, domains, null);
  }

  /**
   * A user's function called with inputs from a custom generator: any function of a seeded random
   * source, so inputs with a joint structure can be drawn (points at least {@code d} apart, a
   * symmetric positive-definite matrix, a probability vector, integer labels). Generated cases are
   * not shrunk unless {@link FunctionCheck#simplifier(Simplifier) a simplifier} is given; inputs
   * that must not be differentiated (labels, masks) are named by {@link FunctionCheck#constants(int...)}.
   *
   * <pre>{@code
   * PropertyCheck.function("energy", xs -> energy(xs[0]), rng -> new Tensor[] {pointsApart(rng, 5, 0.8)})
   *     .cases(100).secondOrder(true).assertPasses();
   * }</pre>
   *
   * @param name the function's name in printed code, non-empty (the {@link Autograd.Fn} variable a test defines)
   * @param f the function checked, of as many tensors as {@code inputs} draws, returning any shape
   * @param inputs draws the inputs of one case from the case's random source
   * @return a new runner with the default settings, without shrinking
   * @throws IllegalArgumentException when the name is null or empty, or {@code f} or {@code inputs} is null
   */
  public static FunctionCheck function(String name, Autograd.Fn f, InputSource inputs) {
    if (inputs == null) {
      throw new IllegalArgumentException("property check: a function check needs an input generator; got null");
    }
    return new FunctionCheck(name, f, null, inputs);
  }

  /** Draws all inputs of one case (a custom generator, see {@link #function(String, Autograd.Fn, InputSource)}). */
  @FunctionalInterface
  public interface InputSource {
    /**
     * Draws the inputs for one case; the same random source state must give the same inputs.
     *
     * @param rng the source of randomness of this case (seeded from the case seed)
     * @return the inputs, at least one finite tensor; the checker copies them
     */
    Tensor[] draw(RandomGenerator rng);
  }

  /** Proposes simpler variants of a failing case's inputs, for shrinking. */
  @FunctionalInterface
  public interface Simplifier {
    /**
     * Candidate simplifications of {@code inputs}, simplest first; each must be a valid case (for
     * example still positive-definite). A candidate is taken only when it is smaller (fewer
     * elements, lower rank or simpler values) and still fails conclusively.
     *
     * @param inputs the current failing case (do not modify)
     * @return the candidates, possibly empty
     */
    List<Tensor[]> simpler(Tensor[] inputs);
  }

  /** What failed: first derivatives, second derivatives, or the check could not even run (an exception). */
  public enum Kind {
    /** The first derivatives disagree with finite differences. */
    FIRST_ORDER,
    /** The second derivatives (derivatives of the derivative rules) disagree. */
    SECOND_ORDER,
    /** The check threw an exception. */
    ERROR
  }

  /** Draws the shapes of all inputs of one case. */
  @FunctionalInterface
  public interface ShapeSource {
    /**
     * Draws the shapes for one case.
     *
     * @param rng the source of randomness of this case
     * @return one shape per input
     */
    int[][] draw(RandomGenerator rng);
  }

  // ================================================================ settings shared by both runners

  /** Settings common to both runners. */
  abstract static class Settings<S extends Settings<S>> {
    /**
     * Runs the configured number of cases; stops at the first failure and shrinks it.
     *
     * @return the outcome; the same settings give the same report
     */
    public Report run() {
      SplittableRandom master = new SplittableRandom(seed);
      long[] caseSeeds = new long[cases];
      for (int i = 0; i < cases; i++) {
        caseSeeds[i] = master.nextLong();
      }
      return runCases(caseSeeds);
    }

    /**
     * Runs {@link #run()} and throws an {@link AssertionError} with the report if a case fails.
     *
     * @return the outcome of a run in which every case passed
     */
    public Report assertPasses() {
      Report r = run();
      r.assertPassed();
      return r;
    }

    /**
     * Re-runs one case, by the case seed a report printed.
     *
     * @param caseSeed the case's own seed, as in {@link Failure#caseSeed()}
     * @return the outcome of that one case, shrunk when it fails
     */
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

    /**
     * Number of cases to generate (default 100).
     *
     * @param n the number of cases, at least 1
     * @return this runner
     * @throws IllegalArgumentException when {@code n < 1}
     */
    public S cases(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("property check: cases must be at least 1; got " + n);
      }
      cases = n;
      return self();
    }

    /**
     * The run's seed (default 0); every case's seed is drawn from it.
     *
     * @param s any value; the same seed gives the same cases
     * @return this runner
     */
    public S seed(long s) {
      seed = s;
      return self();
    }

    /**
     * Whether to check second derivatives too (default false).
     *
     * @param on true to check second derivatives of every case whose first derivatives pass
     * @return this runner
     */
    public S secondOrder(boolean on) {
      secondOrder = on;
      return self();
    }

    /**
     * The gradient checker to use (default {@link GradCheck#defaults()}: five-point differences with
     * step {@code 1e-3·max(1, |x|)}, atol 1e-7, rtol 1e-5, plus twice the finite-difference error
     * estimate; a failure is re-checked at a quarter of the step before it counts).
     *
     * @param c the checker; its divergence location is used only for the shrunk case's report
     * @return this runner
     * @throws NullPointerException when {@code c} is null
     */
    public S checker(GradCheck c) {
      checker = Objects.requireNonNull(c, "checker");
      return self();
    }

    /**
     * At most this many candidate cases are checked while shrinking a failure (default 2000).
     *
     * @param n the budget; 0 or less reports the failing case as generated
     * @return this runner
     */
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

    /**
     * Whether a (shrunk) case still fails the same way, conclusively: a {@link GradCheck.Mismatch}
     * is beyond the tolerance that includes the finite-difference error estimate, so a candidate
     * that is only inconclusive, a kink or a jump of the second derivative is not taken.
     */
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

    /**
     * Largest number of op nodes per graph (default 6); each graph has 1 to this many.
     *
     * @param n the largest number, at least 1
     * @return this runner
     * @throws IllegalArgumentException when {@code n < 1}
     */
    public Expressions maxNodes(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("property check: maxNodes must be at least 1; got " + n);
      }
      maxNodes = n;
      return this;
    }

    /**
     * Every generated graph uses the named op (e.g. the user's own primitive).
     *
     * @param specName the {@link OpSpec#name()} of a spec in this runner's catalog
     * @return this runner
     * @throws IllegalArgumentException when the catalog has no spec of that name
     */
    public Expressions requiring(String specName) {
      required = catalog.get(specName);
      return this;
    }

    /**
     * Generates one expression for a case seed (what the run checks as that case).
     *
     * @param caseSeed the case's own seed, as in {@link Failure#caseSeed()}
     * @return the expression, of 1 to {@code maxNodes} steps
     */
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
      Shrinker<Expr> shrinker = Shrinker.ofExpressions(
          e -> stillFails(kind, errorClass, e.function(), e.inputs(), quick), shrinkBudget);
      Expr small = shrinker.shrink(original);
      GradCheck.Result result = result(kind, small.function(), small.inputs());
      RuntimeException error = kind == Kind.ERROR ? error(small.function(), small.inputs()) : null;
      String code = small.toJava(checkCall(kind));
      return new Failure(kind, seed, index, caseSeed, original.toString(), original.nodeCount(),
          original.leafElements(), small, small.inputs(), small.toString(), small.nodeCount(), shrinker.steps(),
          shrinker.checks(), result, error, PropertyCheckReport.pasteable(code));
    }
  }

  // ================================================================ a user's function

  /** A runner over random inputs to one user function. */
  public static final class FunctionCheck extends Settings<FunctionCheck> {
    private final String name;
    private final Autograd.Fn f;
    private final Domain[] domains;
    private final InputSource source;
    private ShapeSource shapes;
    private Simplifier simplifier;
    private boolean shrinking;
    private int[] constants = new int[0];

    FunctionCheck(String name, Autograd.Fn f, Domain[] domains, InputSource source) {
      if (name == null || name.isEmpty() || f == null) {
        throw new IllegalArgumentException(
            "property check: a function check needs a name, the function and one domain per input");
      }
      this.name = name;
      this.f = f;
      this.domains = domains == null ? null : domains.clone();
      this.source = source;
      this.shrinking = source == null;
      int arity = domains == null ? 0 : domains.length;
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

    /**
     * How to draw the inputs' shapes (default: one random shape of rank 0..3, dimensions 1..3, for all inputs).
     *
     * @param source draws one shape per domain, each with every dimension positive
     * @return this runner
     * @throws NullPointerException when {@code source} is null
     * @throws IllegalStateException when the inputs come from a custom generator (it draws the shapes too)
     */
    public FunctionCheck shapes(ShapeSource source) {
      if (this.source != null) {
        throw new IllegalStateException(
            "property check '" + name + "': shapes(...) applies to inputs drawn from domains; the custom "
                + "generator draws its own shapes");
      }
      shapes = Objects.requireNonNull(source, "shapes");
      return this;
    }

    /**
     * Shrinks a failing case with the user's simplifier instead of the built-in moves (smaller
     * shapes, simpler values), which know nothing of a custom generator's invariants.
     *
     * @param s proposes simpler valid cases
     * @return this runner, shrinking failures
     * @throws NullPointerException when {@code s} is null
     */
    public FunctionCheck simplifier(Simplifier s) {
      simplifier = Objects.requireNonNull(s, "simplifier");
      shrinking = true;
      return this;
    }

    /**
     * Reports a failing case as generated, without shrinking (the default for a custom generator
     * without a {@link #simplifier(Simplifier) simplifier}).
     *
     * @return this runner
     */
    public FunctionCheck noShrinking() {
      shrinking = false;
      return this;
    }

    /**
     * Inputs passed to the function as constants, not differentiated (integer labels, masks, fixed data).
     *
     * @param positions input positions, each {@code ≥ 0}; at least one input must remain differentiated
     * @return this runner
     * @throws IllegalArgumentException when a position is negative
     */
    public FunctionCheck constants(int... positions) {
      for (int p : positions) {
        if (p < 0) {
          throw new IllegalArgumentException("property check '" + name + "': no input " + p + " to hold constant");
        }
      }
      constants = positions.clone();
      return this;
    }

    /**
     * The inputs of one case.
     *
     * @param caseSeed the case's own seed, as in {@link Failure#caseSeed()}
     * @return new tensors: one per domain, input {@code i} admitted by domain {@code i}; or those the
     *     custom generator drew
     * @throws IllegalArgumentException when the shape source does not give one shape per domain, or
     *     the generator gives no input, a null one or a constant position it does not have
     */
    public Tensor[] generate(long caseSeed) {
      RandomGenerator rng = new SplittableRandom(caseSeed);
      if (source != null) {
        Tensor[] xs = source.draw(rng);
        if (xs == null || xs.length == 0 || Arrays.asList(xs).contains(null)) {
          throw new IllegalArgumentException(
              "property check '" + name + "': the input generator must give at least one tensor and no null");
        }
        for (int p : constants) {
          if (p >= xs.length) {
            throw new IllegalArgumentException("property check '" + name + "': input " + p
                + " is to be held constant, but the generator gave " + xs.length + " inputs");
          }
        }
        return FiniteDifferences.copies(xs);
      }
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

    /** The positions differentiated. */
    private int[] differentiated(int n) {
      boolean[] fixed = new boolean[n];
      for (int p : constants) {
        if (p < n) {
          fixed[p] = true;
        }
      }
      int[] out = new int[n];
      int k = 0;
      for (int i = 0; i < n; i++) {
        if (!fixed[i]) {
          out[k++] = i;
        }
      }
      return Arrays.copyOf(out, k);
    }

    /** The function of the differentiated inputs only, the constants fixed at this case's values. */
    private Autograd.Fn checked(Tensor[] xs) {
      int[] which = differentiated(xs.length);
      return which.length == xs.length ? f : FiniteDifferences.restrictedTo(f, FiniteDifferences.copies(xs), which);
    }

    private Tensor[] differentiable(Tensor[] xs) {
      int[] which = differentiated(xs.length);
      if (which.length == 0) {
        throw new IllegalArgumentException(
            "property check '" + name + "': every input is held constant; nothing to differentiate");
      }
      Tensor[] out = new Tensor[which.length];
      for (int k = 0; k < which.length; k++) {
        out[k] = xs[which[k]];
      }
      return out;
    }

    @Override
    Report runCases(long[] caseSeeds) {
      GradCheck quick = checker.locateDivergence(false);
      for (int i = 0; i < caseSeeds.length; i++) {
        Tensor[] xs = generate(caseSeeds[i]);
        Kind kind = failure(checked(xs), differentiable(xs), quick);
        if (kind != null) {
          return new Report("function '" + name + "'", seed, i + 1, caseSeeds.length, 0, Map.of(),
              shrink(xs, kind, i, caseSeeds[i], quick));
        }
      }
      return new Report("function '" + name + "'", seed, caseSeeds.length, caseSeeds.length, 0, Map.of(), null);
    }

    private boolean admitted(Tensor[] xs) {
      if (domains == null) {
        return true;
      }
      for (int i = 0; i < xs.length; i++) {
        if (!domains[i].admits(xs[i])) {
          return false;
        }
      }
      return true;
    }

    private Failure shrink(Tensor[] original, Kind kind, int index, long caseSeed, GradCheck quick) {
      RuntimeException originalError = kind == Kind.ERROR ? error(checked(original), differentiable(original)) : null;
      Class<?> errorClass = originalError == null ? null : originalError.getClass();
      Tensor[] small = original;
      int steps = 0;
      int checks = 0;
      if (shrinking) {
        java.util.function.Predicate<Tensor[]> fails = xs -> xs.length == original.length && admitted(xs)
            && stillFails(kind, errorClass, checked(xs), differentiable(xs), quick);
        Shrinker<Tensor[]> shrinker = simplifier == null
            ? Shrinker.ofInputs(fails, shrinkBudget)
            : Shrinker.ofInputs(fails, shrinkBudget, xs -> {
                List<Tensor[]> c = simplifier.simpler(FiniteDifferences.copies(xs));
                return c == null ? List.<Tensor[]>of().iterator() : c.iterator();
              });
        small = shrinker.shrink(original);
        steps = shrinker.steps();
        checks = shrinker.checks();
      }
      int[] which = differentiated(small.length);
      String code = PropertyCheckReport.functionCase(name, small, which, checkCall(kind));
      Tensor[] z = differentiable(small);
      return new Failure(kind, seed, index, caseSeed, PropertyCheckReport.call(name, original), 0,
          (int) Shrinker.elements(original), null, FiniteDifferences.copies(small), PropertyCheckReport.call(name, small),
          0, steps, checks, result(kind, checked(small), z), kind == Kind.ERROR ? error(checked(small), z) : null,
          PropertyCheckReport.pasteable(code));
    }
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

    /**
     * The largest number of elements of any input of the minimal case.
     *
     * @return the largest input's size, 0 when the case has no input
     */
    public int shrunkLargestInput() {
      int n = 0;
      for (Tensor t : shrunkInputs) {
        n = Math.max(n, t.size());
      }
      return n;
    }

    /**
     * The inputs of the minimal case.
     *
     * @return fresh copies, which the caller may change
     */
    @Override
    public Tensor[] shrunkInputs() {
      return FiniteDifferences.copies(shrunkInputs);
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

    /**
     * True when every case passed.
     *
     * @return true when there is no {@link #failure()}
     */
    public boolean passed() {
      return failure == null;
    }

    /**
     * Number of cases run (up to and including a failing one).
     *
     * @return the count, at least 1
     */
    public int cases() {
      return casesRun;
    }

    /**
     * The run's seed.
     *
     * @return the seed the case seeds were drawn from
     */
    public long seed() {
      return seed;
    }

    /**
     * Total op nodes over all generated expressions.
     *
     * @return the count over the cases run, before shrinking; 0 for a user function
     */
    public int totalNodes() {
      return totalNodes;
    }

    /**
     * How often each op was used in generated expressions.
     *
     * @return an unmodifiable map from spec name to number of uses, sorted by name; empty for a user
     *     function
     */
    public Map<String, Integer> opUsage() {
      return usage;
    }

    /**
     * The failing case, shrunk, if any.
     *
     * @return the failure, or empty when every case passed
     */
    public Optional<Failure> failure() {
      return Optional.ofNullable(failure);
    }

    /** Throws an {@link AssertionError} carrying {@link #report()} if a case failed. */
    public void assertPassed() {
      if (failure != null) {
        throw new AssertionError(report());
      }
    }

    /** What was run, e.g. {@code function 'huber'}. */
    String what() {
      return what;
    }

    /** Number of cases the run was to check. */
    int planned() {
      return planned;
    }

    /**
     * A readable account: cases and seed, and for a failure the shrunk case, its check report and Java code.
     *
     * @return multi-line text
     */
    public String report() {
      return PropertyCheckReport.of(this);
    }

    @Override
    public String toString() {
      return report();
    }
  }
}
