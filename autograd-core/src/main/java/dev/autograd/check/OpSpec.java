package dev.autograd.check;

import dev.autograd.GradMode;
import dev.autograd.Primitive;
import dev.autograd.Tensor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * How to use one op in generated tests: its arity, the {@link Domain} of each input, which input
 * shapes it accepts, how to draw its parameters (axes, indices, exponents) and how to print a call as
 * Java code. A {@link Catalog} holds specs; the property checker builds random expression graphs from
 * them.
 *
 * <p>Specs for the user's own ops:
 *
 * <pre>{@code
 * OpSpec cube = OpSpec.unary("cube", x -> new Cube().apply(x), Domain.real());          // any shape
 * OpSpec hypot = OpSpec.binary("hypot", (a, b) -> new Hypot().apply(a, b),
 *     Domain.real(), Domain.real());                                                    // broadcasting
 * OpSpec custom = OpSpec.of("rowNorm", RowNorm.class, OpSpec.SecondDerivative.NONZERO,
 *     (rng, first) -> ...shapes..., (rng, shapes) -> OpSpec.Application.of(...), Domain.real());
 * }</pre>
 *
 * <p>Every spec records which {@link Primitive} class it exercises, so that a test can prove the
 * catalog covers every primitive.
 */
public abstract class OpSpec {

  /** What a second-order check of this op verifies. */
  public enum SecondDerivative {
    /** A non-zero second derivative: the check compares it with finite differences of the gradient. */
    NONZERO,
    /** Linear in each input (movement, add, matmul in each operand): the check confirms the rule's gradient is constant there. */
    ZERO,
    /** Piecewise linear (relu, abs, clamp, max): zero away from the kinks, which the input domain avoids. */
    ZERO_AWAY_FROM_KINKS
  }

  /** Shapes for every input, given the shape of input 0 (or null to choose it as well). */
  @FunctionalInterface
  public interface ShapeRule {
    /**
     * The shapes, or null when no application of the op fits an input 0 of shape {@code first}.
     *
     * @param rng the source of randomness for any shape chosen
     * @param first input 0's shape, returned as entry 0 when given; null to choose it as well
     * @return one shape per input (entry {@code i} for input {@code i}), or null
     */
    int[][] shapes(RandomGenerator rng, int[] first);
  }

  /** Makes an {@link Application} for inputs of given shapes, drawing parameters from {@code rng}. */
  @FunctionalInterface
  public interface Factory {
    /**
     * The application, or null when the shapes do not fit the op.
     *
     * @param rng the source of the op's parameters (axes, indices, exponents)
     * @param shapes one shape per input, entry {@code i} for input {@code i}
     * @return the application, or null
     */
    Application make(RandomGenerator rng, int[][] shapes);
  }

  /** One application of an op with fixed parameters: computes it and prints it. */
  public interface Application {
    /**
     * Applies the op (recording, when inputs require gradients).
     *
     * @param inputs one tensor per input, of the shapes the application was made for
     * @return the op's result
     */
    Tensor apply(Tensor... inputs);

    /**
     * A Java expression applying the op to argument expressions, e.g. {@code a.sum(new int[] {1}, true)}.
     *
     * @param args one Java expression per input, e.g. variable names
     * @return the expression, without a trailing semicolon
     */
    String code(String... args);

    /**
     * An application from a function and a code printer.
     *
     * @param apply computes the op's result from its inputs
     * @param code prints the call given one Java expression per input
     * @return the application; its {@code toString()} is the code for arguments {@code a, b, c, ...}
     * @throws NullPointerException when {@code apply} or {@code code} is null
     */
    static Application of(Function<Tensor[], Tensor> apply, Function<String[], String> code) {
      Objects.requireNonNull(apply, "apply");
      Objects.requireNonNull(code, "code");
      return new Application() {
        @Override public Tensor apply(Tensor... inputs) { return apply.apply(inputs); }
        @Override public String code(String... args) { return code.apply(args); }
        @Override public String toString() {
          try {
            return code("a", "b", "c", "d", "e", "f");
          } catch (RuntimeException e) {
            return "application";
          }
        }
      };
    }
  }

  private final String name;
  private final Class<? extends Primitive> primitive;
  private final SecondDerivative second;
  private final Domain[] domains;

  /**
   * @param name a short unique name (used in reports and to require the op in generated graphs)
   * @param primitive the primitive class the op records (null when it is not known in advance)
   * @param second what the second-order check verifies
   * @param domains one per input
   */
  protected OpSpec(String name, Class<? extends Primitive> primitive, SecondDerivative second, Domain... domains) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("op spec: needs a name");
    }
    if (domains == null || domains.length == 0) {
      throw new IllegalArgumentException("op spec '" + name + "': needs a domain for each input (at least one)");
    }
    for (int i = 0; i < domains.length; i++) {
      if (domains[i] == null) {
        throw new IllegalArgumentException("op spec '" + name + "': domain " + i + " is null");
      }
    }
    this.name = name;
    this.primitive = primitive;
    this.second = Objects.requireNonNull(second, "second");
    this.domains = domains.clone();
  }

  /**
   * The spec's name.
   *
   * @return the non-empty name given, unique within a {@link Catalog}
   */
  public final String name() {
    return name;
  }

  /**
   * The primitive class this op records, or null when unknown.
   *
   * @return the class, or null
   */
  public final Class<? extends Primitive> primitive() {
    return primitive;
  }

  /**
   * What a second-order check verifies for this op.
   *
   * @return the kind of second derivative, never null
   */
  public final SecondDerivative secondDerivative() {
    return second;
  }

  /**
   * Number of (differentiable) inputs.
   *
   * @return the number of domains, at least 1
   */
  public final int arity() {
    return domains.length;
  }

  /**
   * The domain of input {@code i}.
   *
   * @param i the input's position, {@code 0 ≤ i < arity()}
   * @return the domain
   * @throws ArrayIndexOutOfBoundsException when {@code i} is out of range
   */
  public final Domain domain(int i) {
    return domains[i];
  }

  /**
   * Shapes for every input given input 0's shape (null: choose freely); null when none fit.
   *
   * @param rng the source of randomness for any shape chosen
   * @param first input 0's shape, or null
   * @return {@link #arity()} shapes, entry {@code i} for input {@code i}, or null
   */
  public abstract int[][] shapes(RandomGenerator rng, int[] first);

  /**
   * An application for inputs of these shapes with parameters drawn from {@code rng}; null when they do not fit.
   *
   * @param rng the source of the op's parameters; the same state gives the same application
   * @param shapes {@link #arity()} shapes, entry {@code i} for input {@code i}
   * @return the application, or null
   */
  public abstract Application instantiate(RandomGenerator rng, int[][] shapes);

  /**
   * Random inputs for one application: shapes from {@link #shapes}, values from each domain.
   *
   * @param rng the source of the shapes and values
   * @return {@link #arity()} new tensors that do not require a gradient, entry {@code i} admitted by
   *     {@code domain(i)}
   */
  public final Tensor[] sampleInputs(RandomGenerator rng) {
    int[][] s = shapes(rng, null);
    Tensor[] xs = new Tensor[s.length];
    for (int i = 0; i < s.length; i++) {
      xs[i] = domains[i].sample(rng, s[i]);
    }
    return xs;
  }

  /**
   * This spec printing calls from a template with one {@code %s} per input, e.g. {@code "new Cube().apply(%s)"}.
   *
   * @param template a {@link String#format} pattern given the argument expressions in input order
   * @return a new spec with the same name, primitive, domains, shapes and applications
   */
  public OpSpec withCode(String template) {
    OpSpec inner = this;
    Domain[] d = domains.clone();
    return new OpSpec(name, primitive, second, d) {
      @Override public int[][] shapes(RandomGenerator rng, int[] first) { return inner.shapes(rng, first); }
      @Override public Application instantiate(RandomGenerator rng, int[][] shapes) {
        Application a = inner.instantiate(rng, shapes);
        return a == null ? null : Application.of(a::apply, args -> String.format(template, (Object[]) args));
      }
    };
  }

  /**
   * The finite-difference step its gradient checks use: {@link GradCheck#DEFAULT_STEP} unless the
   * op rounds its values (the float32 conversions do, by 2⁻²⁴ relative), which only a coarser step
   * can see past. Specs with another step are left out of random expression graphs, whose checks
   * use the default step.
   *
   * @return the step {@code h}, positive
   */
  public double step() {
    return GradCheck.DEFAULT_STEP;
  }

  /**
   * This spec checked at another finite-difference step (see {@link #step()}).
   *
   * @param h the step, positive and finite
   * @return a new spec with the same name, primitive, domains, shapes and applications
   */
  public OpSpec withStep(double h) {
    if (!(h > 0) || !Double.isFinite(h)) {
      throw new IllegalArgumentException("op spec '" + name + "': step must be positive and finite; got " + h);
    }
    OpSpec inner = this;
    return new OpSpec(name, primitive, second, domains.clone()) {
      @Override public int[][] shapes(RandomGenerator rng, int[] first) { return inner.shapes(rng, first); }
      @Override public Application instantiate(RandomGenerator rng, int[][] shapes) { return inner.instantiate(rng, shapes); }
      @Override public double step() { return h; }
    };
  }

  @Override
  public String toString() {
    return name + Arrays.toString(domains);
  }

  // ================================================================ factories

  /**
   * A spec from its parts (see the class comment).
   *
   * @param name a short unique name (used in reports and to require the op in generated graphs)
   * @param primitive the primitive class the op records (null when it is not known in advance)
   * @param second what the second-order check verifies
   * @param shapes chooses the inputs' shapes
   * @param factory makes an application for chosen shapes
   * @param domains one per input, at least one
   * @return the spec
   * @throws IllegalArgumentException when {@code name} is null or empty, or no domain or a null
   *     one is given
   * @throws NullPointerException when {@code second}, {@code shapes} or {@code factory} is null
   */
  public static OpSpec of(String name, Class<? extends Primitive> primitive, SecondDerivative second,
      ShapeRule shapes, Factory factory, Domain... domains) {
    Objects.requireNonNull(shapes, "shapes");
    Objects.requireNonNull(factory, "factory");
    return new OpSpec(name, primitive, second, domains) {
      @Override public int[][] shapes(RandomGenerator rng, int[] first) { return shapes.shapes(rng, first); }
      @Override public Application instantiate(RandomGenerator rng, int[][] s) { return factory.make(rng, s); }
    };
  }

  /**
   * A unary op that accepts any shape (elementwise, or anything else shape-agnostic), with a
   * non-zero second derivative; the primitive class is found by applying it once.
   *
   * @param name a short unique name (used in reports and to require the op in generated graphs)
   * @param f applies the op to one tensor
   * @param domain the input's domain
   * @return a spec of arity 1 drawing shapes of rank 0 to 3 with dimensions up to 3; its
   *     {@link #primitive()} is null when {@code f} recorded nothing or threw
   * @throws NullPointerException when {@code f} is null
   */
  public static OpSpec unary(String name, UnaryOperator<Tensor> f, Domain domain) {
    Objects.requireNonNull(f, "f");
    return of(name, discover(name, xs -> f.apply(xs[0]), domain), SecondDerivative.NONZERO,
        (rng, first) -> new int[][] {first != null ? first : Shapes.random(rng, 3, 3)},
        (rng, shapes) -> userApplication(name, xs -> f.apply(xs[0])),
        domain);
  }

  /**
   * A binary op whose inputs broadcast together (NumPy rules), with a non-zero second derivative.
   *
   * @param name a short unique name (used in reports and to require the op in generated graphs)
   * @param f applies the op to two tensors
   * @param a the first input's domain
   * @param b the second input's domain
   * @return a spec of arity 2 drawing shapes of rank 0 to 3 with dimensions up to 3, the second
   *     broadcasting with the first; its primitive class is found by applying {@code f} once
   * @throws NullPointerException when {@code f} is null
   */
  public static OpSpec binary(String name, BinaryOperator<Tensor> f, Domain a, Domain b) {
    Objects.requireNonNull(f, "f");
    return of(name, discover(name, xs -> f.apply(xs[0], xs[1]), a, b), SecondDerivative.NONZERO,
        (rng, first) -> {
          int[] s = first != null ? first : Shapes.random(rng, 3, 3);
          return new int[][] {s, Shapes.broadcastPartner(rng, s, 3)};
        },
        (rng, shapes) -> Shapes.broadcastable(shapes[0], shapes[1])
            ? userApplication(name, xs -> f.apply(xs[0], xs[1])) : null,
        a, b);
  }

  /** Applies a user's op once to small sampled inputs and returns the class of the primitive it recorded last. */
  private static Class<? extends Primitive> discover(String name, Function<Tensor[], Tensor> f, Domain... domains) {
    Tensor[] xs = new Tensor[domains.length];
    RandomGenerator rng = new java.util.SplittableRandom(name.hashCode());
    for (int i = 0; i < xs.length; i++) {
      xs[i] = domains[i].sample(rng, 2).requiresGrad(true);
    }
    try (var on = GradMode.enableGrad()) {
      Tensor y = f.apply(xs);
      return y != null && y.node() != null ? y.node().op().getClass() : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** A user op's application; prints {@code new TheirPrimitive().apply(args)} when it can, else {@code name(args)}. */
  private static Application userApplication(String name, Function<Tensor[], Tensor> f) {
    Class<?>[] seen = new Class<?>[1];
    return Application.of(xs -> {
      Tensor y = f.apply(xs);
      if (y != null && y.node() != null) {
        seen[0] = y.node().op().getClass();
      }
      return y;
    }, args -> {
      String joined = String.join(", ", args);
      String cls = seen[0] == null ? null : constructible(seen[0]);
      return cls == null ? name + "(" + joined + ")" : "new " + cls + "().apply(" + joined + ")";
    });
  }

  /** The canonical name of a class a user can write {@code new X()} for, or null. */
  private static String constructible(Class<?> c) {
    if (c.getCanonicalName() == null || c.isAnonymousClass() || c.isLocalClass()
        || (c.getEnclosingClass() != null && !Modifier.isStatic(c.getModifiers()))) {
      return null;
    }
    try {
      Constructor<?> k = c.getDeclaredConstructor();
      return Modifier.isPrivate(k.getModifiers()) ? null : c.getCanonicalName();
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}
