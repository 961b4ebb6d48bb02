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
 *   <li>A primitive is immutable: non-tensor arguments (axes, exponents, indices) are final fields
 *       set by its constructor, and nothing else is kept between applications, so one instance may
 *       be applied any number of times, on any thread.
 *   <li>{@link #forward(Tensor...)} computes values only, from its inputs' values; it must not
 *       modify its inputs. What the rule needs beyond the inputs and the result (an arg-max mask, a
 *       factorisation, a random mask) is saved on the node through the one channel for it: override
 *       {@link #forward(Saver, Tensor...)} instead and call {@link Saver#save}; the rule reads the
 *       values back with {@link Node#saved(int)}, as PyTorch's {@code ctx.save_for_backward} does.
 *   <li>{@link #vjp} receives {@code grad}, the gradient of the final output with respect to this
 *       op's result (same shape as the result), and returns one gradient per input: {@code gradᵀ·J}.
 *       Each gradient has its input's shape, or, for an input that was broadcast in the forward, the
 *       result's shape (the engine sums it back to the input's shape); any other shape is reported as
 *       the rule's bug. An entry may be {@code null} when {@link Node#needsGrad(int)} is false for
 *       that input (integer indices, masks, inputs that do not require a gradient).
 *   <li>Written in {@link Tensor} ops, a rule is itself differentiable: when higher-order gradients
 *       are requested the engine records it, otherwise it runs without recording anything.
 * </ul>
 */
public abstract class Primitive {

  /** Whether {@link #forward} always returns a tensor it created during that call. */
  final boolean freshResults;

  /** For users' own ops: the engine records a tensor of its own for whatever forward returns. */
  protected Primitive() {
    this(false);
  }

  /**
   * For ops whose forward always returns a tensor created during that call (never one of its
   * inputs, nor a tensor it keeps): the engine then records that tensor itself, saving an object
   * per application. Passing true for an op that returns a kept tensor would attach a graph to it.
   *
   * @param freshResults true only when every call of {@link #forward} returns a tensor it created
   *     during that call; false is always safe
   */
  protected Primitive(boolean freshResults) {
    this.freshResults = freshResults;
  }

  /**
   * Short name used in error messages, reports and graph drawings (e.g. {@code "matmul"}).
   *
   * @return the name, the same on every call; without the op's arguments (see {@link #toString()})
   */
  public abstract String name();

  /**
   * Computes the result's values from the inputs' values. Runs without recording a graph. Override
   * this, or {@link #forward(Saver, Tensor...)} when the rule needs values saved for it.
   *
   * @param inputs the tensors the op is applied to, in {@link #apply} order, none null; read only
   * @return the result, never null; may be one of the inputs or a tensor the op keeps (unless
   *     constructed with {@code freshResults})
   * @throws UnsupportedOperationException when neither form of forward is overridden
   */
  protected Tensor forward(Tensor... inputs) {
    throw new UnsupportedOperationException(
        name() + ": a primitive must override forward(Tensor...) or forward(Saver, Tensor...)");
  }

  /**
   * Computes the result like {@link #forward(Tensor...)} and saves, through {@code saver}, what
   * the derivative rule will need. The engine always calls this form; by default it calls
   * {@link #forward(Tensor...)} and saves nothing.
   *
   * @param saver where values for the rule go; it keeps nothing when {@link Saver#isRecording()} is
   *     false
   * @param inputs the tensors the op is applied to, in {@link #apply} order, none null; read only
   * @return the result, never null, as for {@link #forward(Tensor...)}
   */
  protected Tensor forward(Saver saver, Tensor... inputs) {
    return forward(inputs);
  }

  /**
   * Vector-Jacobian product: the gradient for each input, given the gradient of the result.
   *
   * @param node the recorded application: its inputs, result and saved values
   * @param grad the gradient of the final output with respect to this op's result, of the result's
   *     shape
   * @return {@code node.arity()} gradients, entry {@code i} of input {@code i}'s shape or the
   *     result's (when it was broadcast); {@code null} allowed where {@link Node#needsGrad(int)} is
   *     false
   */
  protected abstract Tensor[] vjp(Node node, Tensor grad);

  /**
   * The same rule, called instead of {@link #vjp} when {@code grad} is <em>dead</em>: nothing but
   * this call will read its values again. The engine decides that, and says so only when no graph
   * is being recorded, the gradient was created in this backward pass, no other tensor shares its
   * array and the result's gradient was not asked for. The rule may then compute an input's
   * gradient into {@code grad}'s array and return {@code grad} (once), saving an allocation and a
   * pass over memory, as the built-in relu, sigmoid, tanh, neg and mul do. The default calls
   * {@link #vjp}; an override must give the same values.
   *
   * @param node the recorded application
   * @param grad the result's gradient, whose array the rule may overwrite
   * @return what {@link #vjp} returns, possibly with {@code grad} itself as one entry
   */
  protected Tensor[] vjpOverwriting(Node node, Tensor grad) {
    return vjp(node, grad);
  }

  /**
   * Whether {@link #forward} computes in float32 itself when its inputs are float32. By default
   * (false) the engine hands such a forward float64 copies of its inputs and rounds the result to
   * float32, so an op written for {@code double[]} works in both precisions, with its result and
   * its gradients in float32; the values it saves for its rule stay float64, and the engine gives
   * every gradient its input's precision. Override to return true when the forward has float32
   * kernels of its own (reading {@link Tensor#floatStorage()}) and returns a float32 result for
   * float32 inputs.
   *
   * @return true when the forward handles float32 inputs itself
   */
  protected boolean computesFloat32() {
    return false;
  }

  /**
   * Whether input {@code i} holds values that take part in precision promotion (true by default),
   * or indices or a mask, which are handed to the forward as float64 whatever their precision and
   * do not decide the result's precision (as PyTorch's integer and boolean tensors do not).
   *
   * @param i the input's position, {@code 0 .. arity-1}
   * @return false for an input of indices or a mask
   */
  protected boolean isValueInput(int i) {
    return true;
  }

  /**
   * Where a forward saves values for its rule: they are kept on the recorded {@link Node} and read
   * back in {@link #vjp} with {@link Node#saved(int)}, in the order they were saved.
   */
  public interface Saver {
    /**
     * Appends values (masks, shapes, tensors, decompositions) for the derivative rule.
     *
     * @param values the values, none null; read back with {@link Node#saved(int)} at indices
     *     continuing from those saved before
     */
    void save(Object... values);

    /**
     * False when nothing is being recorded (no input requires a gradient, or gradients are off):
     * a forward may then skip computing values that only its rule would use.
     *
     * @return true when what is saved will be kept for a derivative rule
     */
    boolean isRecording();
  }

  /**
   * Applies this op: computes the forward value and, when gradients are being recorded and any
   * input requires one, records a {@link Node} so that the result can be differentiated.
   *
   * @param inputs the tensors to apply the op to, none null; the array is copied
   * @return a new tensor holding the forward's result, with a {@link Node} and requiring a gradient
   *     when the application was recorded
   * @throws IllegalArgumentException when {@code inputs} or one of its elements is null
   * @throws IllegalStateException when the forward returns null
   */
  public final Tensor apply(Tensor... inputs) {
    if (inputs == null) {
      throw nullInput("inputs");
    }
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i] == null) {
        throw nullInput("inputs[" + i + "]");
      }
    }
    return Recorder.record(this, inputs);
  }

  /**
   * {@link #apply(Tensor...)} for one input (no array to copy).
   *
   * @param x the input
   * @return the result, as for {@link #apply(Tensor...)}
   * @throws IllegalArgumentException when {@code x} is null
   */
  public final Tensor apply(Tensor x) {
    if (x == null) {
      throw nullInput("x");
    }
    return Recorder.record1(this, x);
  }

  /**
   * {@link #apply(Tensor...)} for two inputs (no array to copy).
   *
   * @param x the first input
   * @param y the second input
   * @return the result, as for {@link #apply(Tensor...)}
   * @throws IllegalArgumentException when {@code x} or {@code y} is null
   */
  public final Tensor apply(Tensor x, Tensor y) {
    if (x == null || y == null) {
      throw nullInput(x == null ? "x" : "y");
    }
    return Recorder.record2(this, x, y);
  }

  private IllegalArgumentException nullInput(String name) {
    return new IllegalArgumentException(Args.nullMessage("apply", name) + " (applying '" + name() + "')");
  }

  /** A short description for reports; by default the name. Primitives with arguments add them. */
  @Override
  public String toString() {
    return name();
  }
}
