package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.autograd.io.AtomicFiles;
import dev.autograd.ops.Convolution;
import dev.autograd.ops.Elementwise;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks the public API by reflection: every public method and constructor of {@link #CLASSES},
 * given a null for any one reference-typed parameter (and harmless values for the others), throws
 * an {@link IllegalArgumentException} whose message starts with the method's name and names the
 * parameter; an array parameter holding a null element is refused the same way.
 */
class SafeArgumentsTest {

  /** The classes whose public methods and constructors are checked; add more here. */
  static final List<Class<?>> CLASSES = classes();

  private static List<Class<?>> classes() {
    List<Class<?>> out = new ArrayList<>(List.of(
        Tensor.class, Shape.class, Autograd.class, Autograd.ValueAndTangent.class, Gradients.class,
        Runtime.class, AtomicFiles.class, Primitive.class, Node.class, Tensor.WithIndices.class, NN.class,
        Linalg.class, Linalg.Slogdet.class));
    out.addAll(OpsClasses.holders());   // every holder of primitives, found by listing the package
    return List.copyOf(out);
  }

  /** Classes whose public constructors are walked too: every primitive of the ops holders. */
  static List<Class<?>> primitiveClasses() {
    List<Class<?>> out = new ArrayList<>();
    for (Class<?> c : OpsClasses.primitives()) {
      if (Modifier.isPublic(c.getModifiers())) {
        out.add(c);
      }
    }
    return out;
  }

  /** Methods that take a null by contract: {@code equals(null)} must return false. */
  private static boolean exempt(Executable e) {
    return e.getName().equals("equals");
  }

  @TempDir Path dir;

  /** A fresh small tensor: a call may label or mark it, so no two calls share one. */
  private static Tensor sample() {
    return Tensor.matrix(new double[][] {{1, 2}, {3, 4}});
  }

  private static final Primitive DOUBLE = new Primitive() {
    @Override public String name() { return "double"; }
    @Override protected Tensor forward(Tensor... in) { return in[0].mul(2).detach(); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return new Tensor[] {g.mul(2)}; }
  };

  /** A harmless value of a parameter's type, or fails naming the type so the list can be extended. */
  private Object harmless(Class<?> type, Executable in) {
    if (type == int.class) {
      return 1;
    } else if (type == long.class) {
      return 1L;
    } else if (type == double.class) {
      return 1.0;
    } else if (type == boolean.class) {
      return false;
    } else if (type == Tensor.class) {
      return sample();
    } else if (type == Tensor[].class) {
      return new Tensor[] {sample()};
    } else if (type == int[].class) {
      return new int[] {1};
    } else if (type == double[].class) {
      return new double[] {1, 2, 3, 4};
    } else if (type == float[].class) {
      return new float[] {1, 2, 3, 4};
    } else if (type == DType.class) {
      return DType.FLOAT32;
    } else if (type == double[][].class) {
      return new double[][] {{1, 2}, {3, 4}};
    } else if (type == double[][][].class) {
      return new double[][][] {{{1, 2}}, {{3, 4}}};
    } else if (type == boolean[].class) {
      return new boolean[] {true};
    } else if (type == String.class) {
      return in.getName();   // op-name parameters: messages then start with the method's own name
    } else if (type == Object.class) {
      return "x";
    } else if (type == Primitive.class) {
      return DOUBLE;
    } else if (type == DoubleUnaryOperator.class) {
      return (DoubleUnaryOperator) v -> v;
    } else if (type == RandomGenerator.class) {
      return new SplittableRandom(1);
    } else if (type == UnaryOperator.class) {
      return (UnaryOperator<Tensor>) Tensor::sum;
    } else if (type == Autograd.Fn.class) {
      return (Autograd.Fn) xs -> xs[0].sum();
    } else if (type == Object[].class) {
      return new Object[] {"x"};
    } else if (type == Elementwise.DoublePredicate2.class) {
      return (Elementwise.DoublePredicate2) (a, b) -> a > b;
    } else if (type == Convolution.Window.class) {
      return new Convolution.Window(1, 1, 1, 1, 0, 0, 1, 1);
    } else if (type == Path.class) {
      return dir.resolve("file.txt");
    } else if (type == AtomicFiles.Content.class) {
      return (AtomicFiles.Content) tmp -> Files.writeString(tmp, "x");
    }
    return fail("no harmless value of " + type.getName() + " for " + describe(in) + "; add one to harmless()");
  }

  /** An instance to call an instance method on. */
  private static Object receiver(Class<?> cls) {
    if (cls == Tensor.class) {
      return sample();
    } else if (cls == Gradients.class) {
      Tensor x = Tensor.scalar(2).requiresGrad(true);
      return Autograd.gradients(x.mul(x), x);
    } else if (cls == Autograd.ValueAndTangent.class) {
      return new Autograd.ValueAndTangent(sample(), sample());
    } else if (cls == Primitive.class) {
      return DOUBLE;
    } else if (cls == Node.class) {
      return DOUBLE.apply(sample().requiresGrad(true)).node();
    } else if (cls == Tensor.WithIndices.class) {
      return sample().maxWithIndices(0, false);
    } else if (cls == Linalg.Slogdet.class) {
      return Linalg.slogdet(sample());
    }
    return fail("no instance of " + cls.getName() + " to call its methods on; add one to receiver()");
  }

  private static String describe(Executable e) {
    return e.getDeclaringClass().getSimpleName() + "." + e.getName() + e.toString().replaceAll("^[^(]*", "");
  }

  private static List<Executable> publicApi() {
    List<Executable> all = new ArrayList<>();
    for (Class<?> cls : CLASSES) {
      for (Method m : cls.getDeclaredMethods()) {
        if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge() && !exempt(m)) {
          all.add(m);
        }
      }
      for (Constructor<?> c : cls.getDeclaredConstructors()) {
        if (Modifier.isPublic(c.getModifiers())) {
          all.add(c);
        }
      }
    }
    for (Class<?> cls : primitiveClasses()) {
      for (Constructor<?> c : cls.getDeclaredConstructors()) {
        if (Modifier.isPublic(c.getModifiers())) {
          all.add(c);
        }
      }
    }
    return all;
  }

  /** Calls {@code e} with {@code args}; returns what it threw, or null when it returned normally. */
  private static Throwable call(Executable e, Object[] args) {
    try {
      if (e instanceof Constructor<?> c) {
        c.newInstance(args);
      } else {
        Method m = (Method) e;
        m.invoke(Modifier.isStatic(m.getModifiers()) ? null : receiver(m.getDeclaringClass()), args);
      }
      return null;
    } catch (InvocationTargetException t) {
      return t.getCause();
    } catch (ReflectiveOperationException t) {
      throw new AssertionError("cannot call " + describe(e), t);
    }
  }

  /** The method's name as messages spell it: a constructor by its class's simple name. */
  private static String nameOf(Executable e) {
    return e instanceof Constructor<?> ? e.getDeclaringClass().getSimpleName() : e.getName();
  }

  /** Checks one call with a null somewhere; returns a description of what went wrong, or null. */
  private static String check(Executable e, Object[] args, String parameter) {
    Throwable t = call(e, args);
    String what = describe(e) + " with " + parameter + " null";
    if (!(t instanceof IllegalArgumentException)) {
      return what + ": expected IllegalArgumentException, got " + (t == null ? "a normal return" : t);
    }
    String msg = t.getMessage();
    String expectedStart = nameOf(e) + ": ";
    if (msg == null || !msg.startsWith(expectedStart) || !msg.contains(parameter + " is null")) {
      return what + ": expected a message starting '" + expectedStart + "' saying '" + parameter
          + " is null'; got '" + msg + "'";
    }
    return null;
  }

  @Test
  void every_reference_parameter_of_the_public_api_refuses_null_by_name() {
    List<String> problems = new ArrayList<>();
    int calls = 0;
    for (Executable e : publicApi()) {
      Parameter[] ps = e.getParameters();
      for (int i = 0; i < ps.length; i++) {
        Class<?> type = ps[i].getType();
        if (type.isPrimitive()) {
          continue;
        }
        assertTrue(ps[i].isNamePresent(), "compile with -parameters: " + describe(e));
        Object[] args = new Object[ps.length];
        for (int j = 0; j < ps.length; j++) {
          args[j] = j == i ? null : harmless(ps[j].getType(), e);
        }
        calls++;
        String p = check(e, args, ps[i].getName());
        if (p != null) {
          problems.add(p);
        }
        // An array of references: also a null element.
        if (type.isArray() && !type.getComponentType().isPrimitive()) {
          Object withNull = Array.newInstance(type.getComponentType(), 1);
          args[i] = withNull;
          calls++;
          String q = check(e, args, ps[i].getName() + "[0]");
          if (q != null) {
            problems.add(q);
          }
        }
      }
    }
    assertTrue(calls > 100, "only " + calls + " calls: is the API walk finding the methods?");
    assertEquals(List.of(), problems, String.join("\n", problems));
  }

  @Test
  void the_harmless_values_are_harmless() {
    // Without nulls, the same calls must not fail because of the arguments' types or nulls, so that
    // the walk above really tests the null checks (other errors, e.g. shape mismatches, are fine).
    List<String> problems = new ArrayList<>();
    for (Executable e : publicApi()) {
      Parameter[] ps = e.getParameters();
      Object[] args = new Object[ps.length];
      for (int j = 0; j < ps.length; j++) {
        args[j] = harmless(ps[j].getType(), e);
      }
      Throwable t = call(e, args);
      if (t instanceof NullPointerException || (t != null && String.valueOf(t.getMessage()).contains(" is null"))) {
        problems.add(describe(e) + ": " + t);
      }
    }
    assertEquals(List.of(), problems, String.join("\n", problems));
  }

  @Test
  void nested_arrays_name_the_null_element() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Tensor.of(new double[][][] {{{1}}, {{2}, null}}));
    assertEquals("of: blocks[1][1] is null", e.getMessage());
  }

  @Test
  void some_messages_in_full() {
    assertMessage("matmul: other is null", () -> sample().matmul(null));
    assertMessage("gt: other is null", () -> sample().gt(null));
    assertMessage("backward: seed is null", () -> sample().backward(null));
    assertMessage("reshape: newShape is null", () -> sample().reshape((int[]) null));
    assertMessage("permute: order is null", () -> sample().permute((int[]) null));
    assertMessage("sum: axes is null", () -> sample().sum(null, false));
    assertMessage("add: other is null", () -> sample().add(null));
    assertMessage("concat: parts[1] is null", () -> Tensor.concat(0, sample(), null));
    assertMessage("matrix: rows[0] is null", () -> Tensor.matrix(new double[][] {null}));
    assertMessage("grad: f is null", () -> Autograd.grad((UnaryOperator<Tensor>) null, sample()));
    assertMessage("write: content is null", () -> AtomicFiles.write(dir.resolve("f"), null));
    assertMessage("zeros: shape is null", () -> Tensor.zeros((int[]) null));
  }

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, call);
    assertEquals(expected, e.getMessage());
  }
}
