package dev.autograd.nn.module;

import dev.autograd.Args;
import dev.autograd.DType;
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
 *
 * <p><b>Training and evaluation.</b> As in PyTorch, a module is in training mode until
 * {@link #eval()} is called, and back after {@link #train()}. Only modules whose output depends on
 * the mode keep the flag ({@link Dropout}, {@link BatchNorm1d}, {@link BatchNorm2d}) and containers
 * ({@link Sequential}, which passes the switch on to its children); every other module, a lambda
 * included, ignores the switch and reports {@link #isTraining()} as true. The mode is a property of
 * the module, never of the thread or the process.
 *
 * <p><b>Buffers.</b> State that is not trained but belongs to the model, such as batch
 * normalisation's running statistics, is listed by {@link #buffers()}; parameter files save and load
 * it together with the parameters.
 *
 * <p><b>Precision.</b> Parameters are float64 unless {@link #to(DType)} converts the module (PyTorch's
 * {@code module.to(torch.float32)}). The layers with parameters ({@link Linear}, {@link Conv1d},
 * {@link Conv2d}, {@link BatchNorm1d}, {@link BatchNorm2d}, {@link LayerNorm}) convert their input to
 * their parameters' precision, recorded, so a float64 batch goes through a float32 model in float32
 * (PyTorch raises on such a mix instead).
 */
@FunctionalInterface
public interface Module {

  /**
   * The output for {@code input}, recorded as a graph when gradients are enabled.
   *
   * @param input the input tensor
   * @return the output tensor
   */
  Tensor forward(Tensor input);

  /**
   * The parameters in a fixed order, each with a name unique within this module. Optimizers and
   * {@link dev.autograd.nn.io.ParameterStore} use this list; the tensors are the live leaves, so
   * updating their storage changes the model. Empty by default.
   *
   * @return the named parameters
   */
  default List<Parameter> parameters() {
    return List.of();
  }

  /**
   * The buffers in a fixed order: named tensors that are part of the model's state but not trained
   * (no optimizer sees them), such as running statistics. Their names are distinct from the
   * parameters' names; the tensors are live. Empty by default.
   *
   * @return the named buffers
   */
  default List<Buffer> buffers() {
    return List.of();
  }

  /**
   * Converts every parameter and buffer of this module to {@code dtype}, in place of the module (like
   * PyTorch's {@code module.to(dtype)}): afterwards {@link #parameters()} lists new leaf tensors of
   * {@code dtype} requiring a gradient, with the old values rounded (float32) or widened exactly
   * (float64), and without accumulated gradients; tensors already in {@code dtype} are kept as they
   * are. Optimizers hold the tensors they were built over, so build them after the conversion. The
   * layers of this package and {@link Sequential} implement it; this default returns the module
   * itself when every parameter and buffer is already in {@code dtype} (so a module without
   * parameters, a lambda included, converts trivially) and refuses otherwise.
   *
   * @param dtype the precision of the parameters and buffers
   * @return this module
   * @throws UnsupportedOperationException when a parameter or buffer is in another precision and the
   *     module does not override this method
   */
  default Module to(DType dtype) {
    Args.notNull(dtype, "to", "dtype");
    for (Parameter p : parameters()) {
      if (p.value().dtype() != dtype) {
        throw new UnsupportedOperationException(
            "to(" + dtype + "): " + getClass().getName() + " does not implement to(DType), and its parameter '"
                + p.name() + "' is " + p.value().dtype() + "; override to(DType) to convert its tensors");
      }
    }
    for (Buffer b : buffers()) {
      if (b.value().dtype() != dtype) {
        throw new UnsupportedOperationException(
            "to(" + dtype + "): " + getClass().getName() + " does not implement to(DType), and its buffer '"
                + b.name() + "' is " + b.value().dtype() + "; override to(DType) to convert its tensors");
      }
    }
    return this;
  }

  /**
   * The parameter tensors, in the order of {@link #parameters()}.
   *
   * @return the live parameter tensors
   */
  default Tensor[] parameterTensors() {
    List<Parameter> ps = parameters();
    Tensor[] out = new Tensor[ps.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ps.get(i).value();
    }
    return out;
  }

  /**
   * The total number of scalar parameters (buffers not counted).
   *
   * @return the number of trainable scalars
   */
  default long parameterCount() {
    long n = 0;
    for (Parameter p : parameters()) {
      n += p.value().size();
    }
    return n;
  }

  /**
   * {@link #forward} with recording switched off: a constant result, no graph kept. The mode
   * ({@link #isTraining()}) is not changed; call {@link #eval()} first for inference with dropout or
   * batch normalisation.
   *
   * @param input the input tensor
   * @return the output, a constant
   */
  @SuppressWarnings("try") // the scope is used only for its effect
  default Tensor predict(Tensor input) {
    try (var off = GradMode.noGrad()) {
      return forward(input);
    }
  }

  /**
   * Switches training mode on or off (PyTorch's {@code train(mode)}). A module whose output does not
   * depend on the mode ignores it (the default).
   *
   * @param on true for training mode, false for evaluation mode
   * @return this module
   */
  default Module train(boolean on) {
    return this;
  }

  /**
   * Switches to training mode: {@code train(true)}.
   *
   * @return this module
   */
  default Module train() {
    return train(true);
  }

  /**
   * Switches to evaluation mode (PyTorch's {@code eval()}): {@code train(false)}.
   *
   * @return this module
   */
  default Module eval() {
    return train(false);
  }

  /**
   * Whether the module is in training mode; always true for a module that ignores the mode.
   *
   * @return true in training mode
   */
  default boolean isTraining() {
    return true;
  }
}
