package dev.autograd.nn.module;

import dev.autograd.Tensor;

/**
 * A named tensor that is part of a module's state but not trained, such as batch normalisation's
 * running mean (PyTorch's buffers). Names follow the rules of {@link Parameter}'s.
 *
 * @param name the name, unique within its module (and distinct from its parameters' names)
 * @param value the live tensor (updating its storage changes the model)
 */
public record Buffer(String name, Tensor value) {

  /**
   * Checks the name and the tensor.
   *
   * @param name the name
   * @param value the tensor
   * @throws IllegalArgumentException when the name is not a dot-separated path of letters, digits and
   *     underscores, or the tensor is null
   */
  public Buffer {
    if (name == null || !name.matches("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*")) {
      throw new IllegalArgumentException(
          "buffer: name must be a dot-separated path of letters, digits and underscores; got '" + name + "'");
    }
    if (value == null) {
      throw new IllegalArgumentException("buffer '" + name + "': tensor is null");
    }
  }

  /**
   * The same tensor named {@code prefix + "." + name}.
   *
   * @param prefix the container's name for the owning module
   * @return the renamed buffer
   */
  public Buffer prefixed(String prefix) {
    return new Buffer(prefix + "." + name, value);
  }

  /**
   * The shape of the tensor.
   *
   * @return the shape
   */
  public int[] shape() {
    return value.shape();
  }
}
