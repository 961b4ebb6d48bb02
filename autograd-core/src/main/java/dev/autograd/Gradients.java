package dev.autograd;

import java.util.Arrays;

/**
 * The gradients of one output with respect to chosen inputs, in the order the inputs were given:
 * an immutable result of {@link Autograd#gradients} and the functional API. An input that does not
 * influence the output has a gradient of zeros of its own shape. The tensors are read-only: two
 * gradients may share storage (e.g. both inputs of an addition), so never write into them.
 */
public final class Gradients {
  private final Tensor value;
  private final Tensor[] inputs;
  private final Tensor[] grads;

  Gradients(Tensor value, Tensor[] inputs, Tensor[] grads) {
    this.value = value;
    this.inputs = inputs.clone();
    this.grads = grads.clone();
  }

  /**
   * The output that was differentiated (its value, for {@code valueAndGrad}).
   *
   * @return the output tensor, of the output's shape
   */
  public Tensor value() {
    return value;
  }

  /**
   * The gradient for the i-th input.
   *
   * @param i the input's position among the inputs given, {@code 0 ≤ i < size()}
   * @return the gradient, of that input's shape; read-only
   * @throws IndexOutOfBoundsException when {@code i} is out of range
   */
  public Tensor get(int i) {
    if (i < 0 || i >= grads.length) {
      throw new IndexOutOfBoundsException(
          "gradients: index " + i + " is out of range; there are " + grads.length + " inputs");
    }
    return grads[i];
  }

  /**
   * The gradient for an input, found by identity among the tensors asked about.
   *
   * @param input one of the tensors given as inputs (the same object, not an equal one)
   * @return the gradient of its first occurrence, of its shape; read-only
   * @throws IllegalArgumentException when {@code input} is null or was not asked about
   */
  public Tensor get(Tensor input) {
    Args.notNull(input, "get", "input");
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i] == input) {
        return grads[i];
      }
    }
    throw new IllegalArgumentException(
        "gradients: the tensor " + input + " was not one of the " + inputs.length + " inputs asked about");
  }

  /**
   * Number of inputs.
   *
   * @return the number of inputs asked about, counting repeats
   */
  public int size() {
    return grads.length;
  }

  /**
   * The gradients as a new array.
   *
   * @return one gradient per input, in the order given; the array is the caller's, the tensors are
   *     read-only
   */
  public Tensor[] toArray() {
    return grads.clone();
  }

  @Override
  public String toString() {
    return "Gradients" + Arrays.toString(grads);
  }
}
