package dev.autograd.nn.train;

/**
 * Hears about training progress (for progress bars, logs and loss curves). Both methods do nothing by
 * default.
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
}
