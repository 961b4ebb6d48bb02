package dev.autograd.nn.module;

import dev.autograd.GradMode;
import dev.autograd.Tensor;
import java.util.List;

/**
 * A differentiable function of one tensor with named parameters: {@code y = f(x; θ)}.
 *
 * <p>{@link #forward} is built from {@link Tensor} operations, so gradients with respect to the
 * parameters come from the core engine. A module without parameters can be written as a lambda:
 *
 * <pre>{@code
 * Module square = x -> x.square();
 * Sequential net = new Sequential(new Linear(2, 4, 1L), Activation.TANH, square, new Linear(4, 1, 2L));
 * }</pre>
 *
 * <p>Inputs are batches of rows ({@code [n, features]}); modules also accept a single example as a
 * vector where that makes sense.
 */
@FunctionalInterface
public interface Module {

  /** The output for {@code input}, recorded as a graph when gradients are enabled. */
  Tensor forward(Tensor input);

  /**
   * The parameters in a fixed order, each with a name unique within this module. Optimizers and
   * {@link dev.autograd.nn.io.ParameterStore} use this list; the tensors are the live leaves, so
   * updating their storage changes the model. Empty by default.
   */
  default List<Parameter> parameters() {
    return List.of();
  }

  /** The parameter tensors, in the order of {@link #parameters()}. */
  default Tensor[] parameterTensors() {
    List<Parameter> ps = parameters();
    Tensor[] out = new Tensor[ps.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ps.get(i).value();
    }
    return out;
  }

  /** The total number of scalar parameters. */
  default long parameterCount() {
    long n = 0;
    for (Parameter p : parameters()) {
      n += p.value().size();
    }
    return n;
  }

  /** {@link #forward} with recording switched off: a constant result, no graph kept. */
  @SuppressWarnings("try") // the scope is used only for its effect
  default Tensor predict(Tensor input) {
    try (var off = GradMode.noGrad()) {
      return forward(input);
    }
  }
}
