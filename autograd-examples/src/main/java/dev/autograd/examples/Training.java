package dev.autograd.examples;

import dev.autograd.nn.data.Dataset;
import dev.autograd.nn.eval.Metrics;
import dev.autograd.nn.loss.Loss;
import dev.autograd.nn.module.Module;
import dev.autograd.nn.train.Trainer;
import dev.autograd.nn.train.TrainingListener;
import java.util.Arrays;
import java.util.Locale;

/**
 * Runs an nn {@link Trainer} for a number of epochs while showing progress, and keeps the loss
 * curves for the pictures.
 */
public final class Training {
  private Training() {}

  /**
   * Loss per epoch: the mean training loss during the epoch and, when a test set was given, the
   * test loss after the epoch (otherwise empty).
   */
  public record Curves(double[] train, double[] test) {
    /** Epoch numbers 1 … n, for the x axis. */
    public double[] epochs() {
      double[] e = new double[train.length];
      Arrays.setAll(e, i -> i + 1);
      return e;
    }

    /** The last training loss. */
    public double lastTrain() {
      return train[train.length - 1];
    }
  }

  /**
   * Trains for {@code epochs} passes over {@code train}, showing progress as {@code task}.
   *
   * @param loss the trainer's loss, used to score {@code test} after each epoch
   * @param test held-out data scored after every epoch, or null
   */
  public static Curves fit(Context ctx, String task, Trainer trainer, Module model, Loss loss, Dataset train,
      Dataset test, int epochs) {
    if (epochs < 1) {
      throw new IllegalArgumentException(task + ": the number of epochs must be at least 1; got " + epochs);
    }
    double[] trainLoss = new double[epochs];
    double[] testLoss = new double[test == null ? 0 : epochs];
    try (Progress progress = ctx.progress(task, epochs)) {
      trainer.listener(new TrainingListener() {
        private int seen;

        @Override
        public void epochEnded(int epoch, int total, double meanLoss) {
          if (seen < epochs) {
            trainLoss[seen] = meanLoss;
            String note = String.format(Locale.ROOT, "loss %.4f", meanLoss);
            if (test != null) {
              testLoss[seen] = Metrics.loss(model, loss, test);
              note += String.format(Locale.ROOT, ", test loss %.4f", testLoss[seen]);
            }
            seen++;
            progress.update(seen, note);
          }
        }
      });
      trainer.fit(train, epochs);
    } finally {
      trainer.listener(new TrainingListener() {});
    }
    return new Curves(trainLoss, testLoss);
  }
}
