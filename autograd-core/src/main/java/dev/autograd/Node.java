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
  private Tensor[] inputs;
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
    this.inputs = inputs;
    this.result = result;
    this.createdAt = createdAt;
  }

  /** The primitive this node applied. */
  public Primitive op() {
    return op;
  }

  /** Number of inputs. */
  public int arity() {
    return live().length;
  }

  /** The i-th input tensor, as recorded (with its own graph, so rules can be differentiated again). */
  public Tensor input(int i) {
    return live()[i];
  }

  /** A copy of the array of inputs. */
  public Tensor[] inputs() {
    return live().clone();
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
    return needsGrad == null ? live()[i].requiresGrad() : needsGrad[i];
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
    return inputs == null;
  }

  void release() {
    inputs = null;
    result = null;
    needsGrad = null;
    needsAll = false;
  }

  Tensor[] inputsUnchecked() {
    return inputs;
  }

  private Tensor[] live() {
    if (inputs == null) {
      throw new IllegalStateException(
          "the graph through '" + op.name() + "' was already freed by an earlier backward pass; "
              + "call backward(seed, true) / retain the graph the first time to differentiate it again");
    }
    return inputs;
  }

  @Override
  public String toString() {
    if (inputs == null) {
      return op + " (released)";
    }
    String[] shapes = new String[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      shapes[i] = Shape.str(inputs[i].shape());
    }
    return op + Arrays.toString(shapes) + " -> " + Shape.str(result.shape());
  }
}
