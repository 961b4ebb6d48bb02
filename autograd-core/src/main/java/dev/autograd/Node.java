package dev.autograd;

import java.util.Arrays;

/**
 * One recorded application of a {@link Primitive}: the op, the tensors it was applied to and the
 * tensor it produced. A derivative rule reads its inputs and result here; tools read the graph
 * through {@link #op()}, {@link #inputs()} and {@link #result()} (gradient checking, graph
 * drawing).
 *
 * <p>After a backward pass that does not retain the graph, a node releases its inputs and result so
 * that intermediates can be collected; using it again fails with a clear error.
 */
public final class Node {
  private final Primitive op;
  // Inputs: the first two in fields (most ops have one or two), all of them in 'more' for wider ops;
  // arity is -1 once released. Fields instead of an array keep a recorded node smaller.
  private Tensor in0;
  private Tensor in1;
  private Tensor[] more;
  private int arity;
  private Tensor result;
  private boolean[] needsGrad;
  private boolean needsAll;
  private final StackTraceElement[] createdAt;

  // Scratch state of the backward pass that is currently visiting this node (engine only).
  Object visit;
  boolean relevant;
  Tensor pendingGrad;
  boolean pendingOwned;

  Node(Primitive op, Tensor[] inputs, Tensor result, StackTraceElement[] createdAt) {
    this.op = op;
    this.arity = inputs.length;
    if (inputs.length > 2) {
      this.more = inputs;
    } else {
      this.in0 = inputs.length > 0 ? inputs[0] : null;
      this.in1 = inputs.length > 1 ? inputs[1] : null;
    }
    this.result = result;
    this.createdAt = createdAt;
  }

  /** The primitive this node applied. */
  public Primitive op() {
    return op;
  }

  /** Number of inputs. */
  public int arity() {
    live();
    return arity;
  }

  /** The i-th input tensor, as recorded (with its own graph, so rules can be differentiated again). */
  public Tensor input(int i) {
    live();
    if (i < 0 || i >= arity) {
      throw new IndexOutOfBoundsException("'" + op.name() + "' has " + arity + " inputs; asked for input " + i);
    }
    return at(i);
  }

  /** A new array of the inputs. */
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

  /** The tensor this node produced. */
  public Tensor result() {
    live();
    return result;
  }

  /**
   * Whether the gradient for input {@code i} is needed in the current backward pass: it requires a
   * gradient and lies on a path to something being differentiated. A rule may skip (return
   * {@code null} for) inputs that do not need one, e.g. the data matrix of a first layer.
   */
  public boolean needsGrad(int i) {
    if (needsAll) {
      return true;
    }
    return needsGrad == null ? input(i).requiresGrad() : needsGrad[i];
  }

  /** Set by the engine before a rule runs: either every input needs a gradient, or the flags say which. */
  void setNeedsGrad(boolean[] needs, boolean all) {
    this.needsGrad = needs;
    this.needsAll = all;
  }

  /** Where in the user's code this node was created, when anomaly detection was on; else null. */
  public StackTraceElement[] createdAt() {
    return createdAt == null ? null : createdAt.clone();
  }

  /** True once a backward pass has released this node's saved tensors. */
  public boolean isReleased() {
    return arity < 0;
  }

  void release() {
    arity = -1;
    in0 = null;
    in1 = null;
    more = null;
    result = null;
    needsGrad = null;
    needsAll = false;
  }

  private void live() {
    if (arity < 0) {
      throw new IllegalStateException(
          "the graph through '" + op.name() + "' was already freed by an earlier backward pass; "
              + "call backward(seed, true) / retain the graph the first time to differentiate it again");
    }
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
