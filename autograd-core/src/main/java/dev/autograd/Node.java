package dev.autograd;

import java.util.Arrays;

/**
 * One recorded application of a {@link Primitive}: the op, the tensors it was applied to, the
 * tensor it produced and the values its forward saved for the rule. A derivative rule reads these
 * here; tools read the graph through {@link #op()}, {@link #inputs()} and {@link #result()}
 * (gradient checking, graph drawing).
 *
 * <p>A node holds only what the forward recorded: a backward pass keeps its own working state, so
 * any number of passes may read one retained graph at the same time. After a successful backward
 * pass that does not retain the graph, a node releases its inputs, result and saved values so that
 * intermediates can be collected; using it again fails with a clear error.
 */
public final class Node implements Primitive.Saver {
  private static final Object[] NOTHING = {};

  private final Primitive op;
  // Inputs: the first two in fields (most ops have one or two), all of them in 'more' for wider ops;
  // arity is -1 once released. Fields instead of an array keep a recorded node smaller.
  private Tensor in0;
  private Tensor in1;
  private Tensor[] more;
  private int arity;
  private Tensor result;
  private Object[] saved = NOTHING;
  private boolean sealed;
  private final StackTraceElement[] createdAt;
  /** The node's number among those recorded on its thread: a hash for a backward pass's lookups (engine only). */
  final int number;
  // What a backward pass needs to size its tables: the lowest recording number in this node's graph
  // and the number of nodes counted along every path (capped).
  private static final int PATHS_CAP = 1 << 22;
  private final int lowest;
  private final int paths;

  Node(Primitive op, Tensor[] inputs, StackTraceElement[] createdAt, int number) {
    this.op = op;
    this.arity = inputs.length;
    if (inputs.length > 2) {
      this.more = inputs;
    } else {
      this.in0 = inputs.length > 0 ? inputs[0] : null;
      this.in1 = inputs.length > 1 ? inputs[1] : null;
    }
    this.createdAt = createdAt;
    this.number = number;
    int lowest = number;
    int paths = 1;
    for (Tensor in : inputs) {
      Node producer = in.node;
      if (producer != null) {
        lowest = Math.min(lowest, producer.lowest);
        paths = (int) Math.min((long) paths + producer.paths, PATHS_CAP);
      }
    }
    this.lowest = lowest;
    this.paths = paths;
  }

  /**
   * An upper bound on the number of nodes in this node's graph (engine only): the span of recording
   * numbers below this one (exact for a graph recorded by one thread with nothing in between) or
   * the count along every path, whichever is smaller.
   */
  int sizeBound() {
    long span = (long) number - lowest + 1;
    return span > 0 ? (int) Math.min(span, paths) : paths;
  }

  /** Completes the node once its forward has run: no value can be saved after this (engine only). */
  void seal(Tensor result) {
    this.result = result;
    this.sealed = true;
  }

  /**
   * The primitive this node applied.
   *
   * @return the op; still available once the node is released
   */
  public Primitive op() {
    return op;
  }

  /**
   * Number of inputs.
   *
   * @return the number of tensors the op was applied to, {@code ≥ 0}
   * @throws IllegalStateException once the node is released
   */
  public int arity() {
    live();
    return arity;
  }

  /**
   * The i-th input tensor, as recorded (with its own graph, so rules can be differentiated again).
   *
   * @param i the input's position, {@code 0 ≤ i < arity()}
   * @return the tensor itself, not a copy
   * @throws IndexOutOfBoundsException when {@code i} is out of range
   * @throws IllegalStateException once the node is released
   */
  public Tensor input(int i) {
    live();
    if (i < 0 || i >= arity) {
      throw new IndexOutOfBoundsException("'" + op.name() + "' has " + arity + " inputs; asked for input " + i);
    }
    return at(i);
  }

  /**
   * A new array of the inputs.
   *
   * @return {@code arity()} tensors in application order; the array is the caller's
   * @throws IllegalStateException once the node is released
   */
  public Tensor[] inputs() {
    live();
    Tensor[] all = new Tensor[arity];
    for (int i = 0; i < arity; i++) {
      all[i] = at(i);
    }
    return all;
  }

  /** Input i without checks (engine only; the node must not be released). */
  Tensor at(int i) {
    return more != null ? more[i] : i == 0 ? in0 : in1;
  }

  /** Number of inputs, or -1 once released (engine only). */
  int arityUnchecked() {
    return arity;
  }

  /**
   * The tensor this node produced.
   *
   * @return the recorded result, whose {@link Tensor#node()} is this node
   * @throws IllegalStateException once the node is released
   */
  public Tensor result() {
    live();
    return result;
  }

  /**
   * Whether input {@code i} takes a gradient: it requires one (it is a parameter or was computed
   * from one). A rule may skip (return {@code null} for) inputs that do not, e.g. the data matrix
   * of a first layer or an index; the engine discards gradients a pass did not ask for.
   *
   * @param i the input's position, {@code 0 ≤ i < arity()}
   * @return true when input {@code i} requires a gradient
   * @throws IndexOutOfBoundsException when {@code i} is out of range
   * @throws IllegalStateException once the node is released
   */
  public boolean needsGrad(int i) {
    return input(i).requiresGrad;
  }

  /**
   * The {@code index}-th value the forward saved with {@link Primitive.Saver#save}, cast to what the
   * caller expects (e.g. {@code double[] mask = node.saved(0);}).
   *
   * @param <T> the type the value was saved as; a wrong one fails with a {@link ClassCastException}
   *     where the value is used
   * @param index the value's position in save order across all {@code save} calls, from 0
   * @return the value itself, not a copy
   * @throws IndexOutOfBoundsException when fewer than {@code index + 1} values were saved
   * @throws IllegalStateException once the node is released
   */
  @SuppressWarnings("unchecked")
  public <T> T saved(int index) {
    live();
    if (index < 0 || index >= saved.length) {
      throw new IndexOutOfBoundsException(
          "'" + op.name() + "' saved " + saved.length + " values in its forward; asked for value " + index);
    }
    return (T) saved[index];
  }

  /**
   * Saves values for the rule; only the forward of this node's op may call it, while it runs.
   *
   * @throws IllegalStateException once the forward has returned
   */
  @Override
  public void save(Object... values) {
    Args.noNulls(values, "save", "values");
    if (sealed) {
      throw new IllegalStateException(
          "save: '" + op.name() + "' can save values for its rule only while its forward runs");
    }
    Object[] grown = Arrays.copyOf(saved, saved.length + values.length);
    System.arraycopy(values, 0, grown, saved.length, values.length);
    saved = grown;
  }

  /** True: a node exists only when the application is being recorded. */
  @Override
  public boolean isRecording() {
    return true;
  }

  /**
   * Where in the user's code this node was created, when anomaly detection was on; else null.
   *
   * @return a new copy of the stack frames, innermost first, or null
   */
  public StackTraceElement[] createdAt() {
    return createdAt == null ? null : createdAt.clone();
  }

  /**
   * True once a backward pass has released this node's saved tensors.
   *
   * @return true after a backward pass that did not retain the graph; {@link #op()} and
   *     {@link #createdAt()} still work then, the accessors of inputs, result and saved values throw
   */
  public boolean isReleased() {
    return arity < 0;
  }

  /**
   * Whether {@code array} is the storage of an input, of the result or of a saved value (engine
   * only): a gradient a rule returns in such an array is not the pass's own.
   */
  boolean holds(Object array) {
    for (int i = 0; i < arity; i++) {
      if (at(i).array() == array) {
        return true;
      }
    }
    if (result != null && result.array() == array) {
      return true;
    }
    for (Object v : saved) {
      if (v == array || v instanceof Tensor && ((Tensor) v).array() == array) {
        return true;
      }
    }
    return false;
  }

  void release() {
    arity = -1;
    in0 = null;
    in1 = null;
    more = null;
    result = null;
    saved = NOTHING;
  }

  private void live() {
    if (arity < 0) {
      throw freed();
    }
  }

  /** The error for using a node a backward pass has released. */
  IllegalStateException freed() {
    return new IllegalStateException(
        "the graph through '" + op.name() + "' was already freed by an earlier backward pass; "
            + "call backward(seed, true) / retain the graph the first time to differentiate it again");
  }

  @Override
  public String toString() {
    if (arity < 0) {
      return op + " (released)";
    }
    String[] shapes = new String[arity];
    for (int i = 0; i < arity; i++) {
      shapes[i] = Shape.str(at(i).shape());
    }
    return op + Arrays.toString(shapes) + " -> " + Shape.str(result.shape());
  }
}
