package dev.autograd.ops;

import dev.autograd.Node;
import dev.autograd.Primitive;
import dev.autograd.Shape;
import dev.autograd.Tensor;
import dev.autograd.internal.Loops;

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

  static Tensor[] grads(Tensor... g) {
    return g;
  }

  // ================================================================ unary

  /** {@code r = -x};  {@code dx = -g}. */
  public static final class Neg extends Primitive {
    @Override public String name() { return "neg"; }
    @Override protected Tensor forward(Tensor... in) { return Loops.map(in[0], v -> -v); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.neg()); }
  }

  /** {@code r = eˣ};  {@code dx = g·r}. */
  public static final class Exp extends Primitive {
    @Override public String name() { return "exp"; }
    @Override protected Tensor forward(Tensor... in) { return Loops.map(in[0], Math::exp); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.mul(node.result())); }
  }

  /** {@code r = log x};  {@code dx = g / x}. */
  public static final class Log extends Primitive {
    @Override public String name() { return "log"; }
    @Override protected Tensor forward(Tensor... in) { return Loops.map(in[0], Math::log); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.div(node.input(0))); }
  }

  /** {@code r = log(1 + x)};  {@code dx = g / (1 + x)}. */
  public static final class Log1p extends Primitive {
    @Override public String name() { return "log1p"; }
    @Override protected Tensor forward(Tensor... in) { return Loops.map(in[0], Math::log1p); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.div(node.input(0).add(1))); }
  }

  /** {@code r = √x};  {@code dx = g / (2r)}. */
  public static final class Sqrt extends Primitive {
    @Override public String name() { return "sqrt"; }
    @Override protected Tensor forward(Tensor... in) { return Loops.map(in[0], Math::sqrt); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.div(node.result().mul(2))); }
  }

  /** {@code r = |x|};  {@code dx = g·sign(x)} (0 at x = 0, a kink). */
  public static final class Abs extends Primitive {
    @Override public String name() { return "abs"; }
    @Override protected Tensor forward(Tensor... in) { return Loops.map(in[0], Math::abs); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.mul(node.input(0).sign())); }
  }

  /**
   * {@code r = σ(x) = 1 / (1 + e⁻ˣ)};  {@code dx = g·r·(1 - r)}. A primitive for stability: it is
   * evaluated as {@code 1/(1+e⁻ˣ)} for x ≥ 0 and {@code eˣ/(1+eˣ)} for x &lt; 0, so no exponential
   * overflows, and the derivative at ±1000 is exactly 0.
   */
  public static final class Sigmoid extends Primitive {
    @Override public String name() { return "sigmoid"; }
    @Override protected Tensor forward(Tensor... in) { return Loops.map(in[0], Elementwise::sigmoid); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor r = node.result();
      return grads(g.mul(r.mul(r.rsub(1))));
    }
  }

  /** The logistic function of one number, without overflow. */
  public static double sigmoid(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1.0 + e);
  }

  /** {@code r = tanh x};  {@code dx = g·(1 - r²)}. */
  public static final class Tanh extends Primitive {
    @Override public String name() { return "tanh"; }
    @Override protected Tensor forward(Tensor... in) { return Loops.map(in[0], Math::tanh); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor r = node.result();
      return grads(g.mul(r.square().rsub(1)));
    }
  }

  /** {@code r = max(x, 0)};  {@code dx = g·[x > 0]} (0 at x = 0, a kink). */
  public static final class Relu extends Primitive {
    @Override public String name() { return "relu"; }
    @Override protected Tensor forward(Tensor... in) { return Loops.map(in[0], v -> v > 0 ? v : 0.0); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.mul(node.input(0).gt(0))); }
  }

  /**
   * {@code r = log(1 + eˣ)} (softplus, log1p-exp);  {@code dx = g·σ(x)}. A primitive for stability:
   * evaluated as {@code max(x, 0) + log1p(e^-|x|)}, finite for every finite x, with the exact limiting
   * derivatives 0 and 1 far out.
   */
  public static final class Softplus extends Primitive {
    @Override public String name() { return "softplus"; }
    @Override protected Tensor forward(Tensor... in) { return Loops.map(in[0], Elementwise::softplus); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g.mul(node.input(0).sigmoid())); }
  }

  /** {@code log(1 + eˣ)} of one number, without overflow. */
  public static double softplus(double x) {
    return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  /**
   * {@code r = xᵖ} for a constant p;  {@code dx = g·p·xᵖ⁻¹} (and 0 for p = 0).
   */
  public static final class PowConst extends Primitive {
    private final double p;

    public PowConst(double p) {
      this.p = p;
    }

    @Override public String name() { return "pow"; }
    @Override public String toString() { return "pow(" + p + ")"; }

    /** The exponent. */
    public double exponent() {
      return p;
    }

    @Override protected Tensor forward(Tensor... in) {
      if (p == 2) {
        return Loops.map(in[0], v -> v * v);
      }
      if (p == 3) {
        return Loops.map(in[0], v -> v * v * v);
      }
      if (p == 0.5) {
        return Loops.map(in[0], Math::sqrt);
      }
      return Loops.map(in[0], v -> Math.pow(v, p));
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

  /** {@code r = min(max(x, lo), hi)};  {@code dx = g·[lo ≤ x ≤ hi]}. */
  public static final class Clamp extends Primitive {
    private final double lo;
    private final double hi;

    public Clamp(double lo, double hi) {
      if (!(lo <= hi)) {
        throw new IllegalArgumentException("clamp: needs lo <= hi; got lo = " + lo + ", hi = " + hi);
      }
      this.lo = lo;
      this.hi = hi;
    }

    @Override public String name() { return "clamp"; }
    @Override public String toString() { return "clamp(" + lo + ", " + hi + ")"; }
    @Override protected Tensor forward(Tensor... in) { return Loops.map(in[0], v -> Math.min(Math.max(v, lo), hi)); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return grads(g.mul(node.input(0).map(v -> v >= lo && v <= hi ? 1.0 : 0.0)));
    }
  }

  // ================================================================ binary (broadcasting)

  /** {@code r = x + y};  {@code dx = g},  {@code dy = g}. */
  public static final class Add extends Primitive {
    @Override public String name() { return "add"; }
    @Override protected Tensor forward(Tensor... in) { return Loops.zip("add", in[0], in[1], Double::sum); }
    @Override protected Tensor[] vjp(Node node, Tensor g) { return grads(g, g); }
  }

  /**
   * {@code r = x - y};  {@code dx = g},  {@code dy = -g}. A primitive rather than {@code x + (-y)}
   * for speed: one pass and one node.
   */
  public static final class Sub extends Primitive {
    @Override public String name() { return "sub"; }
    @Override protected Tensor forward(Tensor... in) { return Loops.zip("sub", in[0], in[1], (a, b) -> a - b); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return grads(g, node.needsGrad(1) ? g.neg() : null);
    }
  }

  /** {@code r = x·y};  {@code dx = g·y},  {@code dy = g·x}. */
  public static final class Mul extends Primitive {
    @Override public String name() { return "mul"; }
    @Override protected Tensor forward(Tensor... in) { return Loops.zip("mul", in[0], in[1], (a, b) -> a * b); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return grads(
          node.needsGrad(0) ? g.mul(node.input(1)) : null,
          node.needsGrad(1) ? g.mul(node.input(0)) : null);
    }
  }

  /**
   * {@code r = x / y};  {@code dx = g / y},  {@code dy = -g·x / y²}. A primitive rather than
   * {@code x·y⁻¹} for speed and accuracy (one rounding).
   */
  public static final class Div extends Primitive {
    @Override public String name() { return "div"; }
    @Override protected Tensor forward(Tensor... in) { return Loops.zip("div", in[0], in[1], (a, b) -> a / b); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor x = node.input(0);
      Tensor y = node.input(1);
      return grads(
          node.needsGrad(0) ? g.div(y) : null,
          node.needsGrad(1) ? g.mul(x).div(y.square()).neg() : null);
    }
  }

  /**
   * {@code r = xʸ};  {@code dx = g·y·xʸ⁻¹},  {@code dy = g·r·log x} (needs x &gt; 0 where the exponent's
   * gradient is wanted).
   */
  public static final class Pow extends Primitive {
    @Override public String name() { return "powt"; }
    @Override protected Tensor forward(Tensor... in) { return Loops.zip("pow", in[0], in[1], Math::pow); }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor x = node.input(0);
      Tensor y = node.input(1);
      return grads(
          node.needsGrad(0) ? g.mul(y).mul(x.pow(y.sub(1))) : null,
          node.needsGrad(1) ? g.mul(node.result()).mul(x.log()) : null);
    }
  }

  /**
   * {@code r = mask ≠ 0 ? x : y} (all three broadcast);  {@code dx = where(mask, g, 0)},
   * {@code dy = where(mask, 0, g)}; the mask gets no gradient. A primitive (not
   * {@code mask·x + (1-mask)·y}) so that an infinity or NaN in the branch not taken stays out.
   */
  public static final class Where extends Primitive {
    @Override public String name() { return "where"; }

    @Override protected Tensor forward(Tensor... in) {
      Tensor mask = in[0];
      int[] shape = Shape.broadcast("where", Shape.broadcast("where", mask.shape(), in[1].shape()), in[2].shape());
      double[] m = Loops.expand(mask.storage(), mask.shape(), shape);
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

  /** A constant 0/1 mask from comparing two tensors elementwise (not differentiable, not recorded). */
  public static Tensor compare(String op, Tensor a, Tensor b, DoublePredicate2 test) {
    return Loops.zip(op, a.detach(), b.detach(), (x, y) -> test.test(x, y) ? 1.0 : 0.0);
  }

  /** A test of two doubles. */
  @FunctionalInterface
  public interface DoublePredicate2 {
    boolean test(double a, double b);
  }
}
