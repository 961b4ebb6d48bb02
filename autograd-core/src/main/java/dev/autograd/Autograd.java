package dev.autograd;

import dev.autograd.ops.Movement;
import java.util.function.UnaryOperator;

/**
 * Differentiation as functions: ask for gradients and get them back as values, with nothing
 * mutated (no leaf's {@link Tensor#grad()} changes, and the graph is kept).
 *
 * <pre>{@code
 * Tensor g = Autograd.grad(x -> x.pow(3).sum(), x);            // 3x²
 * Tensor h = Autograd.hessian(x -> x.pow(3).sum(), x);         // diag(6x)
 * Gradients gs = Autograd.gradients(loss, w, b);               // d loss / d w, d loss / d b
 * }</pre>
 *
 * <p>The calls compose: a function passed to {@code grad} may itself call {@code grad}, and
 * {@link #hessian} is {@link #jacobian} of {@link #grad}. When an input is part of an enclosing
 * differentiation (it requires a gradient), the result is recorded as a graph so the enclosing call
 * can differentiate it again; otherwise nothing is recorded beyond the function's own forward pass.
 *
 * <p>Forward-mode products ({@link #jvp}) are computed with two reverse passes (the "double-vjp"
 * trick: {@code Jv = d/du (uᵀJ)·v}), so every primitive gets them from its one derivative rule.
 */
public final class Autograd {
  private Autograd() {}

  /** A function of several tensors. */
  @FunctionalInterface
  public interface Fn {
    /**
     * Evaluates the function.
     *
     * @param xs the arguments
     * @return the result
     */
    Tensor apply(Tensor... xs);
  }

  /** A value and a tangent (the result of {@link #jvp}). */
  public record ValueAndTangent(Tensor value, Tensor tangent) {
    /**
     * Both parts are required.
     *
     * @param value {@code f}'s value at the inputs; recorded when an input is part of an enclosing
     *     differentiation, detached otherwise
     * @param tangent the Jacobian-vector product, of the value's shape
     * @throws IllegalArgumentException when either part is null
     */
    public ValueAndTangent {
      Args.notNull(value, "ValueAndTangent", "value");
      Args.notNull(tangent, "ValueAndTangent", "tangent");
    }
  }

  // ---------------------------------------------------------------- on an existing graph

  /**
   * The gradients of a scalar {@code output} with respect to {@code inputs} (leaves or any tensor
   * in its graph). The graph is retained and no leaf gradient changes.
   *
   * @param output a tensor of one element (any rank: {@code []}, {@code [1]}, {@code [1, 1]}, ...)
   * @param inputs the tensors to differentiate with respect to, at least one
   * @return one gradient per input, in order, each of its input's shape (zeros for an input the
   *     output does not depend on); not recorded, {@link Gradients#value()} is {@code output}
   * @throws IllegalArgumentException when {@code output} has more than one element, no input is
   *     given, or an argument is null
   */
  public static Gradients gradients(Tensor output, Tensor... inputs) {
    Args.notNull(output, "gradients", "output");
    Args.noNulls(inputs, "gradients", "inputs");
    if (output.size() != 1) {
      throw new IllegalArgumentException(
          "gradients: needs a scalar output or an explicit seed gradient; got shape " + Shape.str(output.shape));
    }
    return gradients(output, Tensor.onesLike(output), inputs, false, true);
  }

  /**
   * The vector-Jacobian products {@code seedᵀ·∂output/∂input} for each input.
   *
   * @param output the tensor differentiated, of any shape
   * @param seed the vector {@code seed}, of {@code output}'s shape
   * @param inputs the tensors to differentiate with respect to (leaves or any tensor in the graph),
   *     at least one
   * @param createGraph record the backward pass so the result can be differentiated again
   * @param retainGraph keep the graph's saved tensors (needed to differentiate it again)
   * @return one product per input, in order, each of its input's shape (zeros for an input the
   *     output does not depend on); {@link Gradients#value()} is {@code output}
   * @throws IllegalArgumentException when {@code seed}'s shape is not {@code output}'s, no input is
   *     given, or an argument is null
   */
  public static Gradients gradients(
      Tensor output, Tensor seed, Tensor[] inputs, boolean createGraph, boolean retainGraph) {
    Args.notNull(output, "gradients", "output");
    Args.notNull(seed, "gradients", "seed");
    Args.noNulls(inputs, "gradients", "inputs");
    if (inputs.length == 0) {
      throw new IllegalArgumentException("gradients: name at least one input to differentiate with respect to");
    }
    Tensor[] g = Backprop.run(output, seed, inputs, createGraph, retainGraph || createGraph);
    return new Gradients(output, inputs, g);
  }

  // ---------------------------------------------------------------- functional

  /** Inputs prepared for differentiation, and whether the result must be recorded. */
  private static final class Prepared {
    final Tensor[] xs;
    final boolean nested;

    Prepared(Tensor[] original) {
      xs = new Tensor[original.length];
      boolean n = false;
      for (int i = 0; i < original.length; i++) {
        Tensor x = original[i];
        if (x.requiresGrad && GradMode.isGradEnabled()) {
          xs[i] = new Movement.Identity().apply(x);   // stays connected to the enclosing graph
          n = true;
        } else {
          xs[i] = x.detach().requiresGrad(true);
        }
      }
      nested = n;
    }
  }

  private static Tensor call(Fn f, Tensor[] xs) {
    try (var on = GradMode.enableGrad()) {
      Tensor y = f.apply(xs);
      if (y == null) {
        throw new IllegalArgumentException("the function returned null");
      }
      return y;
    }
  }

  /**
   * The gradient of a scalar function of one tensor.
   *
   * @param f a function whose result has one element
   * @param x the point, of any shape
   * @return {@code ∂f/∂x} at {@code x}, of {@code x}'s shape; recorded when {@code x} is part of an
   *     enclosing differentiation, detached from any graph otherwise
   * @throws IllegalArgumentException when {@code f} returns null or more than one element
   */
  public static Tensor grad(UnaryOperator<Tensor> f, Tensor x) {
    Args.notNull(f, "grad", "f");
    Args.notNull(x, "grad", "x");
    return valueAndGrad(xs -> f.apply(xs[0]), x).get(0);
  }

  /**
   * The gradients of a scalar function of several tensors, one per argument.
   *
   * @param f a function of {@code xs.length} arguments whose result has one element
   * @param xs the point, one tensor per argument
   * @return {@code ∂f/∂xᵢ} for each argument, in order and of its shape, with {@code f}'s value as
   *     {@link Gradients#value()}
   * @throws IllegalArgumentException when {@code f} returns null or more than one element
   */
  public static Gradients grad(Fn f, Tensor... xs) {
    Args.notNull(f, "grad", "f");
    Args.noNulls(xs, "grad", "xs");
    return valueAndGrad(f, xs);
  }

  /**
   * The value of a scalar function and its gradients ({@link Gradients#value()} holds the value).
   *
   * @param f a function of {@code xs.length} arguments whose result has one element
   * @param xs the point, one tensor per argument
   * @return {@code ∂f/∂xᵢ} for each argument, in order and of its shape; the value and gradients
   *     are recorded when an argument is part of an enclosing differentiation, detached otherwise
   * @throws IllegalArgumentException when {@code f} returns null or more than one element
   */
  public static Gradients valueAndGrad(Fn f, Tensor... xs) {
    Args.notNull(f, "valueAndGrad", "f");
    Args.noNulls(xs, "valueAndGrad", "xs");
    Prepared p = new Prepared(xs);
    Tensor y = call(f, p.xs);
    if (y.size() != 1) {
      throw new IllegalArgumentException(
          "grad: the function must return a scalar; got shape " + Shape.str(y.shape)
              + " (use vjp or jacobian for non-scalar functions)");
    }
    Tensor[] g = Backprop.run(y, Tensor.onesLike(y), p.xs, p.nested, p.nested);
    return new Gradients(p.nested ? y : y.detach(), xs, g);
  }

  /**
   * The value of {@code f} and the vector-Jacobian products {@code cotangentᵀ·∂f/∂xᵢ}; the
   * cotangent has the shape of f's value.
   *
   * @param f a function of {@code xs.length} arguments, with a result of any shape
   * @param xs the point, one tensor per argument
   * @param cotangent the vector {@code cotangent}, of the shape of {@code f(xs)}
   * @return one product per argument, in order and of its shape, with {@code f}'s value as
   *     {@link Gradients#value()}; recorded when an argument is part of an enclosing differentiation
   *     or the cotangent requires a gradient
   * @throws IllegalArgumentException when {@code f} returns null or the cotangent's shape is not its
   *     result's
   */
  public static Gradients vjp(Fn f, Tensor[] xs, Tensor cotangent) {
    Args.notNull(f, "vjp", "f");
    Args.noNulls(xs, "vjp", "xs");
    Args.notNull(cotangent, "vjp", "cotangent");
    Prepared p = new Prepared(xs);
    Tensor y = call(f, p.xs);
    boolean create = p.nested || cotangent.requiresGrad;
    Tensor[] g = Backprop.run(y, cotangent, p.xs, create, create);
    return new Gradients(create ? y : y.detach(), xs, g);
  }

  /**
   * The value of {@code f} and the Jacobian-vector product {@code Σᵢ ∂f/∂xᵢ·tangentᵢ}, each tangent
   * with the shape of its input.
   *
   * @param f a function of {@code xs.length} arguments, with a result of any shape
   * @param xs the point, one tensor per argument
   * @param tangents one tangent per argument, {@code tangents[i]} of {@code xs[i]}'s shape
   * @return {@code f}'s value and the product, of the value's shape
   * @throws IllegalArgumentException when the counts or a tangent's shape do not match, or {@code f}
   *     returns null
   */
  public static ValueAndTangent jvp(Fn f, Tensor[] xs, Tensor[] tangents) {
    Args.notNull(f, "jvp", "f");
    Args.noNulls(xs, "jvp", "xs");
    Args.noNulls(tangents, "jvp", "tangents");
    if (tangents.length != xs.length) {
      throw new IllegalArgumentException(
          "jvp: needs one tangent per input; got " + tangents.length + " tangents for " + xs.length + " inputs");
    }
    for (int i = 0; i < xs.length; i++) {
      if (!java.util.Arrays.equals(xs[i].shape, tangents[i].shape)) {
        throw new IllegalArgumentException(
            "jvp: tangent " + i + " must have its input's shape " + Shape.str(xs[i].shape) + "; got "
                + Shape.str(tangents[i].shape));
      }
    }
    Prepared p = new Prepared(xs);
    Tensor y = call(f, p.xs);
    Tensor u = Tensor.zerosLike(y).requiresGrad(true);
    Tensor[] ju;
    Tensor tangent;
    try (var on = GradMode.enableGrad()) {
      ju = Backprop.run(y, u, p.xs, true, true);   // uᵀJ, linear in u
      Tensor s = null;
      for (int i = 0; i < ju.length; i++) {
        Tensor term = ju[i].mul(tangents[i]).sum();
        s = s == null ? term : s.add(term);
      }
      tangent = Backprop.run(s, Tensor.onesLike(s), new Tensor[] {u}, p.nested, p.nested)[0];
    }
    return new ValueAndTangent(p.nested ? y : y.detach(), tangent);
  }

  /**
   * {@link #jvp(Fn, Tensor[], Tensor[])} for a function of one tensor; returns the tangent.
   *
   * @param f a function with a result of any shape
   * @param x the point
   * @param tangent the direction, of {@code x}'s shape
   * @return {@code ∂f/∂x·tangent}, of the shape of {@code f(x)}
   * @throws IllegalArgumentException when {@code tangent}'s shape is not {@code x}'s, or {@code f}
   *     returns null
   */
  public static Tensor jvp(UnaryOperator<Tensor> f, Tensor x, Tensor tangent) {
    Args.notNull(f, "jvp", "f");
    Args.notNull(x, "jvp", "x");
    Args.notNull(tangent, "jvp", "tangent");
    return jvp(xs -> f.apply(xs[0]), new Tensor[] {x}, new Tensor[] {tangent}).tangent();
  }

  /**
   * The Jacobian of {@code f} at {@code x}, of shape {@code shape(f(x)) ++ shape(x)}: entry
   * {@code [i..., j...]} is {@code ∂f(x)[i...]/∂x[j...]}. Computed one output element at a time.
   *
   * @param f a function with a result of any shape
   * @param x the point
   * @return the Jacobian, of shape {@code shape(f(x)) ++ shape(x)} (a scalar {@code f} and
   *     {@code x} give {@code []}); recorded when {@code x} is part of an enclosing differentiation
   * @throws IllegalArgumentException when {@code f} returns null
   */
  public static Tensor jacobian(UnaryOperator<Tensor> f, Tensor x) {
    Args.notNull(f, "jacobian", "f");
    Args.notNull(x, "jacobian", "x");
    Prepared p = new Prepared(new Tensor[] {x});
    Tensor y = call(xs -> f.apply(xs[0]), p.xs);
    int m = y.size();
    Tensor[] rows = new Tensor[m];
    for (int j = 0; j < m; j++) {
      double[] e = new double[m];
      e[j] = 1.0;
      Tensor seed = Tensor.wrapLike(e, y);
      rows[j] = Backprop.run(y, seed, p.xs, p.nested, true)[0].reshape(1, x.size());
    }
    Tensor jac = m == 1 ? rows[0] : Tensor.concat(0, rows);
    int[] shape = new int[y.rank() + x.rank()];
    System.arraycopy(y.shape, 0, shape, 0, y.rank());
    System.arraycopy(x.shape, 0, shape, y.rank(), x.rank());
    Tensor out = jac.reshape(shape.length == 0 ? new int[0] : shape);
    return p.nested ? out : out.detach();
  }

  /**
   * The Hessian of a scalar function, of shape {@code shape(x) ++ shape(x)}: the Jacobian of its gradient.
   *
   * @param f a function whose result has one element, twice differentiable at {@code x}
   * @param x the point
   * @return entry {@code [i..., j...]} is {@code ∂²f/∂x[i...]∂x[j...]}
   * @throws IllegalArgumentException when {@code f} returns null or more than one element
   */
  public static Tensor hessian(UnaryOperator<Tensor> f, Tensor x) {
    Args.notNull(f, "hessian", "f");
    Args.notNull(x, "hessian", "x");
    return jacobian(z -> grad(f, z), x);
  }

  /**
   * The Hessian-vector product {@code H·v} of a scalar function, without forming H.
   *
   * @param f a function whose result has one element, twice differentiable at {@code x}
   * @param x the point
   * @param v the vector, of {@code x}'s shape
   * @return {@code H·v}, of {@code x}'s shape
   * @throws IllegalArgumentException when {@code v}'s shape is not {@code x}'s, or {@code f} returns
   *     null or more than one element
   */
  public static Tensor hvp(UnaryOperator<Tensor> f, Tensor x, Tensor v) {
    Args.notNull(f, "hvp", "f");
    Args.notNull(x, "hvp", "x");
    Args.notNull(v, "hvp", "v");
    if (!java.util.Arrays.equals(x.shape, v.shape)) {
      throw new IllegalArgumentException(
          "hvp: v must have x's shape " + Shape.str(x.shape) + "; got " + Shape.str(v.shape));
    }
    return grad(z -> grad(f, z).mul(v).sum(), x);
  }
}
