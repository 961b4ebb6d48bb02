package dev.autograd.nn.train;

import java.util.Arrays;

/** The mean training loss of every epoch of a {@link Trainer#fit} call, in order. */
public final class History {
  private final double[] losses;

  History(double[] losses) {
    this.losses = losses;
  }

  /** A copy of the per-epoch mean losses. */
  public double[] losses() {
    return losses.clone();
  }

  /** Number of epochs. */
  public int epochs() {
    return losses.length;
  }

  /** The mean loss of the last epoch. */
  public double lastLoss() {
    if (losses.length == 0) {
      throw new IllegalStateException("history: no epochs were run");
    }
    return losses[losses.length - 1];
  }

  @Override
  public String toString() {
    return "History" + Arrays.toString(losses);
  }
}
