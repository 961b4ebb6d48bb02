package dev.autograd.nn.module;

import dev.autograd.Tensor;

/**
 * A named trainable tensor: a leaf that {@linkplain Tensor#requiresGrad() requires a gradient}.
 *
 * <p>Names are dot-separated paths of letters, digits and underscores, such as {@code "weight"} or
 * {@code "2.bias"}; containers prefix the names of their children ({@link #prefixed}).
 *
 * @param name the name, unique within its module
 * @param value the live tensor (updating its storage changes the model)
 */
public record Parameter(String name, Tensor value) {

  /**
   * Checks the name and the tensor.
   *
   * @param name the name, a dot-separated path such as {@code "0.weight"}
   * @param value a leaf tensor requiring a gradient
   * @throws IllegalArgumentException when the name is not a dot-separated path of letters, digits and
   *     underscores, or the tensor is not a leaf requiring a gradient
   */
  public Parameter {
    if (name == null || !name.matches("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*")) {
      throw new IllegalArgumentException(
          "parameter: name must be a dot-separated path of letters, digits and underscores; got '" + name + "'");
    }
    if (value == null) {
      throw new IllegalArgumentException("parameter '" + name + "': tensor is null");
    }
    if (!value.isLeaf() || !value.requiresGrad()) {
      throw new IllegalArgumentException(
          "parameter '" + name + "': must be a leaf tensor that requires a gradient (use Tensor.param or "
              + "requiresGrad(true)); got " + (value.isLeaf() ? "a leaf without requiresGrad" : "a computed tensor"));
    }
  }

  /**
   * The same tensor named {@code prefix + "." + name}.
   *
   * @param prefix the container's name for the child, a dot-separated path such as {@code "2"}
   * @return a parameter sharing {@link #value()}
   */
  public Parameter prefixed(String prefix) {
    return new Parameter(prefix + "." + name, value);
  }

  /**
   * The shape of the tensor.
   *
   * @return the tensor's shape, e.g. {@code [in, out]} for a weight
   */
  public int[] shape() {
    return value.shape();
  }
}
