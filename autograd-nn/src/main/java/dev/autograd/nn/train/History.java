package dev.autograd.nn.train;

import java.util.Arrays;

/**
 * The mean training loss of every epoch of a {@link Trainer#fit} call, in order, and whether a listener
 * ended the call early.
 */
public final class History {
  private final double[] losses;
  private final boolean stoppedEarly;

  History(double[] losses, boolean stoppedEarly) {
    this.losses = losses;
    this.stoppedEarly = stoppedEarly;
  }

  /**
   * A copy of the per-epoch mean losses.
   *
   * @return one mean loss per epoch run, in order
   */
  public double[] losses() {
    return losses.clone();
  }

  /**
   * True when a listener ({@link TrainingListener#shouldStop()}, for example {@link EarlyStopping})
   * ended the {@code fit} before the number of epochs asked for.
   *
   * @return whether fewer epochs ran than asked for
   */
  public boolean stoppedEarly() {
    return stoppedEarly;
  }

  /**
   * Number of epochs run.
   *
   * @return {@code ≥ 0}
   */
  public int epochs() {
    return losses.length;
  }

  /**
   * The mean loss of the last epoch.
   *
   * @return the last entry of {@link #losses()}
   */
  public double lastLoss() {
    if (losses.length == 0) {
      throw new IllegalStateException("history: no epochs were run");
    }
    return losses[losses.length - 1];
  }

  @Override
  public String toString() {
    return "History" + Arrays.toString(losses) + (stoppedEarly ? " (stopped early)" : "");
  }
}
