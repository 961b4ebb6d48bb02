package dev.autograd;

/**
 * A differentiable operation: a forward computation and its vector-Jacobian product, side by side.
 * Every built-in op (see {@code dev.autograd.ops}) is a {@code Primitive}, and a user's own op is
 * declared exactly the same way:
 *
 * <pre>{@code
 * // y = x³, dy/dx = 3x²
 * final class Cube extends Primitive {
 *   public String name() { return "cube"; }
 *   protected Tensor forward(Tensor... in) { return in[0].map(v -> v * v * v); }
 *   protected Tensor[] vjp(Node node, Tensor grad) {
 *     Tensor x = node.input(0);
 *     return new Tensor[] {grad.mul(x.square().mul(3))};   // written in differentiable ops
 *   }
 * }
 * Tensor y = new Cube().apply(x);
 * }</pre>
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>{@link #forward} computes values only, from its inputs' values; it must not modify its
 *       inputs. Non-tensor arguments (axes, exponents, indices) are fields of the primitive, and
 *       anything the derivative rule needs beyond the inputs and the result may be stored in fields
 *       during the forward pass. A primitive object is applied once; create a new one per call.
 *   <li>{@link #vjp} receives {@code grad}, the gradient of the final output with respect to this
 *       op's result (same shape as the result), and returns one gradient per input: {@code gradᵀ·J}.
 *       For elementwise ops a gradient may have the broadcast (result) shape: the engine sums it back
 *       to the input's shape. An entry may be {@code null} when {@link Node#needsGrad(int)} is false
 *       for that input (for example integer indices, masks, or inputs nobody asked about).
 *   <li>Written in {@link Tensor} ops, a rule is itself differentiable: when higher-order gradients
 *       are requested the engine records it, otherwise it runs without recording anything.
 * </ul>
 */
public abstract class Primitive {

  /**
   * Built-in primitives always return a tensor of their own from {@link #forward}; a user's may
   * return one it keeps (a cached constant), which the engine must then not take over.
   */
  final boolean returnsFreshResults = getClass().getName().startsWith("dev.autograd.ops.");

  /** Short name used in error messages, reports and graph drawings (e.g. {@code "matmul"}). */
  public abstract String name();

  /** Computes the result's values from the inputs' values. Runs without recording a graph. */
  protected abstract Tensor forward(Tensor... inputs);

  /** Vector-Jacobian product: the gradient for each input, given the gradient of the result. */
  protected abstract Tensor[] vjp(Node node, Tensor grad);

  /**
   * Applies this op: computes the forward value and, when gradients are being recorded and any
   * input requires one, records a {@link Node} so that the result can be differentiated.
   */
  public final Tensor apply(Tensor... inputs) {
    return Backprop.record(this, inputs);
  }

  /** {@link #apply(Tensor...)} for one input (no array to copy). */
  public final Tensor apply(Tensor x) {
    return Backprop.record1(this, x);
  }

  /** {@link #apply(Tensor...)} for two inputs (no array to copy). */
  public final Tensor apply(Tensor x, Tensor y) {
    return Backprop.record2(this, x, y);
  }

  /** A short description for reports; by default the name. Primitives with arguments add them. */
  @Override
  public String toString() {
    return name();
  }
}
