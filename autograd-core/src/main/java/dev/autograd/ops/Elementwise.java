package dev.autograd.ops;

import dev.autograd.Args;
import dev.autograd.DType;
import dev.autograd.Node;
import dev.autograd.Primitive;
import dev.autograd.Shape;
import dev.autograd.Tensor;
import dev.autograd.internal.FloatLoops;
import dev.autograd.internal.Loops;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Elementwise primitives: the forward formula and its derivative rule, side by side.
 *
 * <p>Notation: {@code x, y} are the inputs, {@code r} the result, {@code g} the incoming gradient
 * (of the final output with respect to {@code r}). Binary ops broadcast; their rules return
 * gradients in the broadcast shape and the engine sums them back to each input's shape. Every rule
 * is written in differentiable tensor ops, so it can be differentiated again.
 */
public final class Elementwise {
  private Elementwise() {}

  // Stateless primitives carry nothing per application, so one shared instance of each serves
  // every call (an allocation saved per op; they are immutable).
  /** The shared instance of {@link Neg}: {@code -x}. */
  public static final Primitive NEG = new Neg();
  /** The shared instance of {@link Exp}: {@code eˣ}. */
  public static final Primitive EXP = new Exp();
  /** The shared instance of {@link Log}: the natural logarithm. */
  public static final Primitive LOG = new Log();
  /** The shared instance of {@link Log1p}: {@code log(1 + x)}. */
  public static final Primitive LOG1P = new Log1p();
  /** The shared instance of {@link Sqrt}: the square root. */
  public static final Primitive SQRT = new Sqrt();
  /** The shared instance of {@link Abs}: the absolute value. */
  public static final Primitive ABS = new Abs();
  /** The shared instance of {@link Sigmoid}: the logistic function. */
  public static final Primitive SIGMOID = new Sigmoid();
  /** The shared instance of {@link Tanh}: the hyperbolic tangent. */
  public static final Primitive TANH = new Tanh();
  /** The shared instance of {@link Relu}: {@code max(x, 0)}. */
  public static final Primitive RELU = new Relu();
  /** The shared instance of {@link Softplus}: {@code log(1 + eˣ)}. */
  public static final Primitive SOFTPLUS = new Softplus();
  /** The shared instance of {@link Add}: {@code x + y}. */
  public static final Primitive ADD = new Add();
  /** The shared instance of {@link Sub}: {@code x - y}. */
  public static final Primitive SUB = new Sub();
  /** The shared instance of {@link Mul}: {@code x·y}. */
  public static final Primitive MUL = new Mul();
  /** The shared instance of {@link Div}: {@code x / y}. */
  public static final Primitive DIV = new Div();
  /** The shared instance of {@link Pow}: {@code xʸ} with both operands tensors. */
  public static final Primitive POW = new Pow();
  /** The shared instance of {@link Where}: picks x where the mask is non-zero, y elsewhere. */
  public static final Primitive WHERE = new Where();
  /** The shared instance of {@link SigmoidGrad}: sigmoid's derivative rule as a differentiable op. */
  public static final Primitive SIGMOID_GRAD = new SigmoidGrad();
  /** The shared instance of {@link TanhGrad}: tanh's derivative rule as a differentiable op. */
  public static final Primitive TANH_GRAD = new TanhGrad();
  /** The shared instance of {@link ReluGrad}: relu's derivative rule as a differentiable op. */
  public static final Primitive RELU_GRAD = new ReluGrad();

  static Tensor[] grads(Tensor... g) {
    return g;
  }

  /** Whether a tensor is float32 (its kernels are {@link FloatLoops}'). */
  static boolean f32(Tensor x) {
    return x.dtype() == DType.FLOAT32;
  }

  /** {@code f} applied to every element of {@code x}, in x's precision. */
  static Tensor map(Tensor x, DoubleUnaryOperator f) {
    return f32(x) ? Tensor.wrapLike(FloatLoops.map(x.floatStorage(), f), x) : Tensor.wrapLike(Loops.map(x.storage(), f), x);
  }

  /**
   * {@code f(a, b)} elementwise with NumPy broadcasting, in the operands' precision (the engine has
   * made them equal); a shape mismatch is reported as {@code op}'s.
   */
  static Tensor zip(String op, Tensor a, Tensor b, DoubleBinaryOperator f) {
    if (a.sameShape(b)) {
      return f32(a) ? Tensor.wrapLike(FloatLoops.zipSame(a.floatStorage(), b.floatStorage(), f), a)
          : Tensor.wrapLike(Loops.zipSame(a.storage(), b.storage(), f), a);
    }
    int[] as = a.shape();
    int[] bs = b.shape();
    int[] shape = Shape.broadcast(op, as, bs);
    return f32(a) ? Tensor.wrap(FloatLoops.zip(a.floatStorage(), as, b.floatStorage(), bs, shape, f), shape)
        : Tensor.wrap(Loops.zip(a.storage(), as, b.storage(), bs, shape, f), shape);
  }

  // ================================================================ unary

  /** {@code r = -x};  {@code dx = -g}. */
  public static final class Neg extends BuiltIn {
    @Override public String name() { return "neg"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], v -> -v); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.neg()); }
    @Override protected Tensor[] vjpOverwriting(Node node, Tensor g) {
      if (f32(g)) {
        float[] d = g.floatStorage();
        for (int i = 0; i < d.length; i++) {
          d[i] = -d[i];
        }
      } else {
        double[] d = g.storage();
        for (int i = 0; i < d.length; i++) {
          d[i] = -d[i];
        }
      }
      return grads(g);
    }
  }

  /** {@code r = eˣ};  {@code dx = g·r}. */
  public static final class Exp extends BuiltIn {
    @Override public String name() { return "exp"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], Math::exp); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.mul(node.result())); }
  }

  /** {@code r = log x};  {@code dx = g / x}. */
  public static final class Log extends BuiltIn {
    @Override public String name() { return "log"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], Math::log); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.div(node.input(0))); }
  }

  /** {@code r = log(1 + x)};  {@code dx = g / (1 + x)}. */
  public static final class Log1p extends BuiltIn {
    @Override public String name() { return "log1p"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], Math::log1p); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.div(node.input(0).add(1))); }
  }

  /** {@code r = √x};  {@code dx = g / (2r)}. */
  public static final class Sqrt extends BuiltIn {
    @Override public String name() { return "sqrt"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], Math::sqrt); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.div(node.result().mul(2))); }
  }

  /** {@code r = |x|};  {@code dx = g·sign(x)} (0 at x = 0, a kink). */
  public static final class Abs extends BuiltIn {
    @Override public String name() { return "abs"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], Math::abs); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.mul(node.input(0).sign())); }
  }

  /**
   * {@code r = σ(x) = 1 / (1 + e⁻ˣ)};  {@code dx = g·r·(1 - r)}. A primitive for stability: it is
   * evaluated as {@code 1/(1+e⁻ˣ)} for x ≥ 0 and {@code eˣ/(1+eˣ)} for x &lt; 0, so no exponential
   * overflows, and the derivative at ±1000 is exactly 0.
   */
  public static final class Sigmoid extends BuiltIn {
    @Override public String name() { return "sigmoid"; }
    @Override protected Tensor forward(Tensor... in) {
      return f32(in[0]) ? Tensor.wrapLike(FloatLoops.sigmoid(in[0].floatStorage()), in[0])
          : Tensor.wrapLike(Loops.sigmoid(in[0].storage()), in[0]);
    }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return grads(SIGMOID_GRAD.apply(g, node.result()));
    }
    @Override protected Tensor[] vjpOverwriting(Node node, Tensor g) {
      if (f32(g)) {
        FloatLoops.sigmoidGrad(g.floatStorage(), node.result().floatStorage(), g.floatStorage());
      } else {
        Loops.sigmoidGrad(g.storage(), node.result().storage(), g.storage());
      }
      return grads(g);
    }
  }

  /**
   * The logistic function of one number, without overflow.
   *
   * @param x any number
   * @return {@code 1 / (1 + e⁻ˣ)}, in [0, 1]; NaN for NaN
   */
  public static double sigmoid(double x) {
    return Loops.sigmoid(x);   // the kernels' formula, one number at a time
  }

  /** {@code r = tanh x};  {@code dx = g·(1 - r²)}. */
  public static final class Tanh extends BuiltIn {
    @Override public String name() { return "tanh"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], Math::tanh); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return grads(TANH_GRAD.apply(g, node.result()));
    }
    @Override protected Tensor[] vjpOverwriting(Node node, Tensor g) {
      if (f32(g)) {
        FloatLoops.tanhGrad(g.floatStorage(), node.result().floatStorage(), g.floatStorage());
      } else {
        Loops.tanhGrad(g.storage(), node.result().storage(), g.storage());
      }
      return grads(g);
    }
  }

  /** {@code r = max(x, 0)};  {@code dx = g·[x > 0]} (0 at x = 0, a kink; NaN in, NaN out, for both). */
  public static final class Relu extends BuiltIn {
    @Override public String name() { return "relu"; }
    @Override protected Tensor forward(Tensor... in) {
      return f32(in[0]) ? Tensor.wrapLike(FloatLoops.relu(in[0].floatStorage()), in[0])
          : Tensor.wrapLike(Loops.relu(in[0].storage()), in[0]);
    }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(RELU_GRAD.apply(g, node.input(0))); }
    @Override protected Tensor[] vjpOverwriting(Node node, Tensor g) {
      if (f32(g)) {
        FloatLoops.reluGrad(g.floatStorage(), node.input(0).floatStorage(), g.floatStorage());
      } else {
        Loops.reluGrad(g.storage(), node.input(0).storage(), g.storage());
      }
      return grads(g);
    }
  }

  /**
   * {@code r = log(1 + eˣ)} (softplus, log1p-exp);  {@code dx = g·σ(x)}. A primitive for stability:
   * evaluated as {@code max(x, 0) + log1p(e^-|x|)}, finite for every finite x, with the exact limiting
   * derivatives 0 and 1 far out.
   */
  public static final class Softplus extends BuiltIn {
    @Override public String name() { return "softplus"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], Elementwise::softplus); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.mul(node.input(0).sigmoid())); }
  }

  /**
   * {@code log(1 + eˣ)} of one number, without overflow.
   *
   * @param x any number
   * @return the softplus of x, at least 0 (and at least x); NaN for NaN
   */
  public static double softplus(double x) {
    return Loops.softplus(x);
  }

  // ================================================================ fused derivative rules
  // The rules of sigmoid, tanh and relu as single passes (for speed: one kernel and one node instead
  // of three). Each is an ordinary primitive with its own rule, so second derivatives still work.

  /** {@code r = g·s·(1 - s)} (sigmoid's rule, s its result);  {@code dg = grad·s·(1 - s)},  {@code ds = grad·g·(1 - 2s)}. */
  public static final class SigmoidGrad extends BuiltIn {
    @Override public String name() { return "sigmoidGrad"; }
    @Override protected Tensor forward(Tensor... in) {
      if (!in[0].sameShape(in[1])) {
        return zip("sigmoidGrad", in[0], in[1], (g, s) -> g * s * (1 - s));
      }
      return f32(in[0]) ? Tensor.wrapLike(FloatLoops.sigmoidGrad(in[0].floatStorage(), in[1].floatStorage()), in[0])
          : Tensor.wrapLike(Loops.sigmoidGrad(in[0].storage(), in[1].storage()), in[0]);
    }
    @Override protected Tensor[] vjp(Node node, Tensor grad) {
      Tensor g = node.input(0);
      Tensor s = node.input(1);
      return grads(
          node.needsGrad(0) ? SIGMOID_GRAD.apply(grad, s) : null,
          node.needsGrad(1) ? grad.mul(g).mul(s.mul(-2).add(1)) : null);
    }
  }

  /** {@code r = g·(1 - t²)} (tanh's rule, t its result);  {@code dg = grad·(1 - t²)},  {@code dt = -2·grad·g·t}. */
  public static final class TanhGrad extends BuiltIn {
    @Override public String name() { return "tanhGrad"; }
    @Override protected Tensor forward(Tensor... in) {
      if (!in[0].sameShape(in[1])) {
        return zip("tanhGrad", in[0], in[1], (g, t) -> g * (1 - t * t));
      }
      return f32(in[0]) ? Tensor.wrapLike(FloatLoops.tanhGrad(in[0].floatStorage(), in[1].floatStorage()), in[0])
          : Tensor.wrapLike(Loops.tanhGrad(in[0].storage(), in[1].storage()), in[0]);
    }
    @Override protected Tensor[] vjp(Node node, Tensor grad) {
      Tensor g = node.input(0);
      Tensor t = node.input(1);
      return grads(
          node.needsGrad(0) ? TANH_GRAD.apply(grad, t) : null,
          node.needsGrad(1) ? grad.mul(g).mul(t).mul(-2) : null);
    }
  }

  /**
   * {@code r = g·[x > 0]} (relu's rule);  {@code dg = grad·[x > 0]},  {@code dx = 0} (the step's
   * derivative is zero wherever it exists).
   */
  public static final class ReluGrad extends BuiltIn {
    @Override public String name() { return "reluGrad"; }
    @Override protected Tensor forward(Tensor... in) {
      if (!in[0].sameShape(in[1])) {
        return zip("reluGrad", in[0], in[1], (g, x) -> x > 0 ? g : x <= 0 ? 0.0 : x);
      }
      return f32(in[0]) ? Tensor.wrapLike(FloatLoops.reluGrad(in[0].floatStorage(), in[1].floatStorage()), in[0])
          : Tensor.wrapLike(Loops.reluGrad(in[0].storage(), in[1].storage()), in[0]);
    }
    @Override protected Tensor[] vjp(Node node, Tensor grad) {
      return grads(node.needsGrad(0) ? RELU_GRAD.apply(grad, node.input(1)) : null, null);
    }
  }

  /**
   * {@code r = xᵖ} for a constant p;  {@code dx = g·p·xᵖ⁻¹} (and 0 for p = 0).
   */
  public static final class PowConst extends BuiltIn {
    private final double p;

    /**
     * The power with a fixed exponent.
     *
     * @param p the constant exponent
     */
    public PowConst(double p) {
      this.p = p;
    }

    @Override public String name() { return "pow"; }
    @Override public String toString() { return "pow(" + p + ")"; }

    /**
     * The exponent.
     *
     * @return the constant exponent {@code p}
     */
    public double exponent() {
      return p;
    }

    @Override protected Tensor forward(Tensor... in) {
      if (p == 2) {
        return map(in[0], v -> v * v);
      }
      if (p == 3) {
        return map(in[0], v -> v * v * v);
      }
      if (p == 0.5) {
        return map(in[0], Math::sqrt);
      }
      return map(in[0], v -> Math.pow(v, p));
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor x = node.input(0);
      if (p == 0) {
        return grads(Tensor.zerosLike(x));
      }
      if (p == 1) {
        return grads(g);
      }
      if (p == 2) {
        return grads(g.mul(x.mul(2)));
      }
      return grads(g.mul(x.pow(p - 1).mul(p)));
    }
  }

  /** {@code r = min(max(x, lo), hi)};  {@code dx = g·[lo ≤ x ≤ hi]} (NaN where x is NaN). */
  public static final class Clamp extends BuiltIn {
    private final double lo;
    private final double hi;

    /**
     * Clamping into {@code [lo, hi]}.
     *
     * @param lo the lower bound
     * @param hi the upper bound, at least {@code lo}
     * @throws IllegalArgumentException if {@code lo > hi} or either bound is NaN
     */
    public Clamp(double lo, double hi) {
      if (!(lo <= hi)) {
        throw new IllegalArgumentException("clamp: needs lo <= hi; got lo = " + lo + ", hi = " + hi);
      }
      this.lo = lo;
      this.hi = hi;
    }

    @Override public String name() { return "clamp"; }
    @Override public String toString() { return "clamp(" + lo + ", " + hi + ")"; }
    @Override protected Tensor forward(Tensor... in) { return map(in[0], v -> Math.min(Math.max(v, lo), hi)); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return grads(g.mul(node.input(0).map(v -> v >= lo && v <= hi ? 1.0 : Double.isNaN(v) ? v : 0.0)));
    }
  }

  // ================================================================ binary (broadcasting)

  /** {@code r = x + y};  {@code dx = g},  {@code dy = g}. */
  public static final class Add extends BuiltIn {
    @Override public String name() { return "add"; }
    @Override protected Tensor forward(Tensor... in) {
      if (!in[0].sameShape(in[1])) {
        return zip("add", in[0], in[1], Double::sum);
      }
      return f32(in[0]) ? Tensor.wrapLike(FloatLoops.add(in[0].floatStorage(), in[1].floatStorage()), in[0])
          : Tensor.wrapLike(Loops.add(in[0].storage(), in[1].storage()), in[0]);
    }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g, g); }
  }

  /**
   * {@code r = x - y};  {@code dx = g},  {@code dy = -g}. A primitive rather than {@code x + (-y)}
   * for speed: one pass and one node.
   */
  public static final class Sub extends BuiltIn {
    @Override public String name() { return "sub"; }
    @Override protected Tensor forward(Tensor... in) {
      if (!in[0].sameShape(in[1])) {
        return zip("sub", in[0], in[1], (a, b) -> a - b);
      }
      return f32(in[0]) ? Tensor.wrapLike(FloatLoops.sub(in[0].floatStorage(), in[1].floatStorage()), in[0])
          : Tensor.wrapLike(Loops.sub(in[0].storage(), in[1].storage()), in[0]);
    }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return grads(g, node.needsGrad(1) ? g.neg() : null);
    }
  }

  /** {@code r = x·y};  {@code dx = g·y},  {@code dy = g·x}. */
  public static final class Mul extends BuiltIn {
    @Override public String name() { return "mul"; }
    @Override protected Tensor forward(Tensor... in) {
      if (!in[0].sameShape(in[1])) {
        return zip("mul", in[0], in[1], (a, b) -> a * b);
      }
      return f32(in[0]) ? Tensor.wrapLike(FloatLoops.mul(in[0].floatStorage(), in[1].floatStorage()), in[0])
          : Tensor.wrapLike(Loops.mul(in[0].storage(), in[1].storage()), in[0]);
    }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return grads(
          node.needsGrad(0) ? g.mul(node.input(1)) : null,
          node.needsGrad(1) ? g.mul(node.input(0)) : null);
    }
    /** Without broadcasting, the last gradient needed is written into g (after the other used it). */
    @Override protected Tensor[] vjpOverwriting(Node node, Tensor g) {
      Tensor x = node.input(0);
      Tensor y = node.input(1);
      if (!x.sameShape(y)) {   // g has the result's shape, which is x's when y's is
        return vjp(node, g);
      }
      boolean dx = node.needsGrad(0);
      boolean dy = node.needsGrad(1);
      Tensor gx = dx && dy ? g.mul(y) : null;
      if (f32(g)) {
        float[] d = g.floatStorage();
        float[] other = (dy ? x : y).floatStorage();
        for (int i = 0; i < d.length; i++) {
          d[i] *= other[i];
        }
      } else {
        double[] d = g.storage();
        double[] other = (dy ? x : y).storage();
        for (int i = 0; i < d.length; i++) {
          d[i] *= other[i];
        }
      }
      return dy ? grads(gx, g) : grads(g, null);
    }
  }

  /**
   * {@code r = x / y};  {@code dx = g / y},  {@code dy = -g·x / y²}. A primitive rather than
   * {@code x·y⁻¹} for speed and accuracy (one rounding).
   */
  public static final class Div extends BuiltIn {
    @Override public String name() { return "div"; }
    @Override protected Tensor forward(Tensor... in) { return zip("div", in[0], in[1], (a, b) -> a / b); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor x = node.input(0);
      Tensor y = node.input(1);
      return grads(
          node.needsGrad(0) ? g.div(y) : null,
          node.needsGrad(1) ? g.mul(x).div(y.square()).neg() : null);
    }
  }

  /**
   * {@code r = xʸ};  {@code dx = g·y·xʸ⁻¹} (0 where y = 0),  {@code dy = g·r·log x} (0 where x = 0 and
   * y ≥ 0; NaN for x &lt; 0, where xʸ is not differentiable in y). The two zeros are PyTorch's
   * conventions at 0⁰ and 0ʸ, where the unguarded formulas give {@code 0·∞}. A negative base with an
   * integer-valued exponent has the real power ({@code (-2)³ = -8}, {@link Math#pow}'s and PyTorch's
   * value), and {@code dx} is right there too: {@code y - 1} is an integer as well; with any other
   * exponent a negative base gives NaN.
   */
  public static final class Pow extends BuiltIn {
    @Override public String name() { return "powt"; }
    @Override protected Tensor forward(Tensor... in) { return zip("pow", in[0], in[1], Math::pow); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor x = node.input(0);
      Tensor y = node.input(1);
      Tensor zero = Tensor.scalar(0);
      return grads(
          node.needsGrad(0) ? Tensor.where(y.eq(zero), zero, g.mul(y).mul(x.pow(y.sub(1)))) : null,
          node.needsGrad(1)
              ? Tensor.where(x.eq(zero).mul(y.lt(zero).rsub(1)), zero, g.mul(node.result()).mul(x.log()))
              : null);
    }
  }

  /**
   * {@code r = mask ≠ 0 ? x : y} (all three broadcast);  {@code dx = where(mask, g, 0)},
   * {@code dy = where(mask, 0, g)}; the mask gets no gradient. A primitive (not
   * {@code mask·x + (1-mask)·y}) so that an infinity or NaN in the branch not taken stays out.
   */
  public static final class Where extends BuiltIn {
    @Override public String name() { return "where"; }
    @Override protected boolean isValueInput(int i) { return i > 0; }

    @Override protected Tensor forward(Tensor... in) {
      Tensor mask = in[0];
      int[] shape = Shape.broadcast("where", Shape.broadcast("where", mask.shape(), in[1].shape()), in[2].shape());
      double[] m = Loops.expand(mask.storage(), mask.shape(), shape);
      if (f32(in[1])) {
        float[] a = FloatLoops.expand(in[1].floatStorage(), in[1].shape(), shape);
        float[] b = FloatLoops.expand(in[2].floatStorage(), in[2].shape(), shape);
        for (int i = 0; i < a.length; i++) {
          a[i] = m[i] != 0 ? a[i] : b[i];
        }
        return Tensor.wrap(a, shape);
      }
      double[] a = Loops.expand(in[1].storage(), in[1].shape(), shape);
      double[] b = Loops.expand(in[2].storage(), in[2].shape(), shape);
      double[] out = new double[m.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = m[i] != 0 ? a[i] : b[i];
      }
      return Tensor.wrap(out, shape);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor mask = node.input(0);
      Tensor zero = Tensor.scalar(0);
      return grads(
          null,
          node.needsGrad(1) ? Tensor.where(mask, g, zero) : null,
          node.needsGrad(2) ? Tensor.where(mask, zero, g) : null);
    }
  }

  /**
   * A constant 0/1 mask from comparing two tensors elementwise (not differentiable, not recorded).
   *
   * @param op the operation's name, for error messages
   * @param a the left-hand side
   * @param b the right-hand side, broadcast against {@code a}
   * @param test the comparison; true gives 1.0, false 0.0
   * @return a new constant tensor of the broadcast shape
   */
  public static Tensor compare(String op, Tensor a, Tensor b, DoublePredicate2 test) {
    Args.notNull(op, "compare", "op");
    Args.notNull(a, "compare", "a");
    Args.notNull(b, "compare", "b");
    Args.notNull(test, "compare", "test");
    Tensor x = a.detach();
    Tensor y = b.detach();
    if (f32(x) != f32(y)) {   // compared in the promoted precision, which the mask has too
      DType to = DType.promoted(x, y);
      x = x.to(to);
      y = y.to(to);
    }
    return zip(op, x, y, (u, v) -> test.test(u, v) ? 1.0 : 0.0);
  }

  /** A test of two doubles. */
  @FunctionalInterface
  public interface DoublePredicate2 {
    /**
     * Tests one pair of elements.
     *
     * @param a the element of the first operand
     * @param b the element of the second operand
     * @return whether the pair passes
     */
    boolean test(double a, double b);
  }
}
