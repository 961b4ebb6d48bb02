package dev.autograd.nn.optim;

import dev.autograd.nn.module.Module;
import dev.autograd.nn.module.Parameter;
import java.util.List;

/**
 * Stochastic gradient descent: {@code θ ← θ − η·g}. With batches of one example this is the
 * lecture's per-example SGD; with larger batches, minibatch SGD.
 */
public final class SGD extends Optimizer {

  /** SGD on the given parameters with learning rate {@code η}. */
  public SGD(List<Parameter> parameters, double learningRate) {
    super(parameters, learningRate);
  }

  /** SGD on all of {@code model}'s parameters with learning rate {@code η}. */
  public SGD(Module model, double learningRate) {
    super(model, learningRate);
  }

  @Override
  protected void update(int index, double[] value, double[] grad) {
    double lr = learningRate();
    for (int j = 0; j < value.length; j++) {
      value[j] -= lr * grad[j];
    }
  }
}
