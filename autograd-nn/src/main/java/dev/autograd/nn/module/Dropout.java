package dev.autograd.nn.module;

import dev.autograd.NN;
import dev.autograd.Tensor;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Dropout (PyTorch's {@code nn.Dropout}) by {@link NN#dropout(Tensor, double, boolean, RandomGenerator)}:
 * in training mode each element is zeroed with probability {@code p} and the others are scaled by
 * {@code 1/(1 − p)}; in evaluation mode ({@link #eval()}) the input passes unchanged. No parameters.
 *
 * <p><b>Reproducibility.</b> The layer owns a generator seeded at construction (there is no global
 * generator). Every forward pass in training mode draws one value from it, the seed of that pass's
 * mask (the mask is saved on the graph node, so the backward pass uses the same one). Two layers
 * built with the same seed and given the same sequence of training-mode forward passes therefore
 * drop the same elements; evaluation-mode passes draw nothing. {@link #reseed(long)} restarts the
 * sequence. The generator's position is not saved in parameter files or checkpoints.
 */
public final class Dropout implements Module {
  private final double p;
  private RandomGenerator rng;
  private boolean training = true;

  /**
   * A dropout layer with its own generator.
   *
   * @param p the probability of zeroing an element, in [0, 1]
   * @param seed the seed of the layer's generator
   */
  public Dropout(double p, long seed) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("Dropout: p must be in [0, 1]; got " + p);
    }
    this.p = p;
    this.rng = new SplittableRandom(seed);
  }

  /**
   * The probability of zeroing an element.
   *
   * @return p
   */
  public double p() {
    return p;
  }

  /**
   * Restarts the layer's generator from {@code seed}, as if the layer had just been built with it.
   *
   * @param seed the new seed
   * @return this layer
   */
  public Dropout reseed(long seed) {
    this.rng = new SplittableRandom(seed);
    return this;
  }

  /**
   * In training mode, the input with dropped (zeroed) and rescaled elements; in evaluation mode, the
   * input itself.
   *
   * @param x the input
   * @return x with dropped elements, or x
   */
  @Override
  public Tensor forward(Tensor x) {
    return NN.dropout(x, p, training, rng);
  }

  /**
   * Sets the mode: dropping in training, the identity in evaluation.
   *
   * @param on true for training mode, false for evaluation mode
   * @return this layer
   */
  @Override
  public Dropout train(boolean on) {
    training = on;
    return this;
  }

  @Override
  public Dropout train() {
    return train(true);
  }

  @Override
  public Dropout eval() {
    return train(false);
  }

  @Override
  public boolean isTraining() {
    return training;
  }

  @Override
  public String toString() {
    return "Dropout(" + p + ")";
  }
}
