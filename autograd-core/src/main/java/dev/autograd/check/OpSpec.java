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
    /** The shapes, or null when no application of the op fits an input 0 of shape {@code first}. */
    int[][] shapes(RandomGenerator rng, int[] first);
  }

  /** Makes an {@link Application} for inputs of given shapes, drawing parameters from {@code rng}. */
  @FunctionalInterface
  public interface Factory {
    /** The application, or null when the shapes do not fit the op. */
    Application make(RandomGenerator rng, int[][] shapes);
  }

  /** One application of an op with fixed parameters: computes it and prints it. */
  public interface Application {
    /** Applies the op (recording, when inputs require gradients). */
    Tensor apply(Tensor... inputs);

    /** A Java expression applying the op to argument expressions, e.g. {@code a.sum(new int[] {1}, true)}. */
    String code(String... args);

    /** An application from a function and a code printer. */
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

  /** The spec's name. */
  public final String name() {
    return name;
  }

  /** The primitive class this op records, or null when unknown. */
  public final Class<? extends Primitive> primitive() {
    return primitive;
  }

  /** What a second-order check verifies for this op. */
  public final SecondDerivative secondDerivative() {
    return second;
  }

  /** Number of (differentiable) inputs. */
  public final int arity() {
    return domains.length;
  }

  /** The domain of input {@code i}. */
  public final Domain domain(int i) {
    return domains[i];
  }

  /** Shapes for every input given input 0's shape (null: choose freely); null when none fit. */
  public abstract int[][] shapes(RandomGenerator rng, int[] first);

  /** An application for inputs of these shapes with parameters drawn from {@code rng}; null when they do not fit. */
  public abstract Application instantiate(RandomGenerator rng, int[][] shapes);

  /** Random inputs for one application: shapes from {@link #shapes}, values from each domain. */
  public final Tensor[] sampleInputs(RandomGenerator rng) {
    int[][] s = shapes(rng, null);
    Tensor[] xs = new Tensor[s.length];
    for (int i = 0; i < s.length; i++) {
      xs[i] = domains[i].sample(rng, s[i]);
    }
    return xs;
  }

  /** This spec printing calls from a template with one {@code %s} per input, e.g. {@code "new Cube().apply(%s)"}. */
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

  @Override
  public String toString() {
    return name + Arrays.toString(domains);
  }

  // ================================================================ factories

  /** A spec from its parts (see the class comment). */
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
   */
  public static OpSpec unary(String name, UnaryOperator<Tensor> f, Domain domain) {
    Objects.requireNonNull(f, "f");
    return of(name, discover(name, xs -> f.apply(xs[0]), domain), SecondDerivative.NONZERO,
        (rng, first) -> new int[][] {first != null ? first : Shapes.random(rng, 3, 3)},
        (rng, shapes) -> userApplication(name, xs -> f.apply(xs[0])),
        domain);
  }

  /** A binary op whose inputs broadcast together (NumPy rules), with a non-zero second derivative. */
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
