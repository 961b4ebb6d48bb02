package dev.autograd.nn.optim;

/** Validation shared by the optimizers that take a weight decay. */
final class WeightDecay {
  private WeightDecay() {}

  static double check(String optimizer, double weightDecay) {
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException(
          optimizer + ": weight decay must be >= 0 and finite; got " + weightDecay);
    }
    return weightDecay;
  }
}
