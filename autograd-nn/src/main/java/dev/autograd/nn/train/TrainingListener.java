package dev.autograd.nn.train;

/**
 * Hears about training progress (for progress bars, logs and loss curves) and may end training early
 * ({@link EarlyStopping} is one). The callbacks do nothing by default, and no listener asks to stop.
 */
public interface TrainingListener {

  /**
   * After each optimisation step.
   *
   * @param epoch the epoch, counting from 1
   * @param batch the batch within the epoch, counting from 1
   * @param batches the number of batches per epoch
   * @param loss the batch's loss before the step
   */
  default void batchEnded(int epoch, int batch, int batches, double loss) {}

  /**
   * After each epoch.
   *
   * @param epoch the epoch, counting from 1
   * @param epochs the number of epochs of this {@code fit} (0 when training epoch by epoch)
   * @param meanLoss the mean of the epoch's batch losses, weighted by batch size
   */
  default void epochEnded(int epoch, int epochs, double meanLoss) {}

  /**
   * Asked by {@link Trainer#fit} after each epoch, once every listener has heard {@link #epochEnded}:
   * {@code true} ends the {@code fit} after this epoch.
   *
   * @return whether training should end after this epoch
   */
  default boolean shouldStop() {
    return false;
  }
}
