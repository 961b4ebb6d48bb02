package dev.autograd.nn.train;

import dev.autograd.Tensor;
import dev.autograd.nn.data.Batch;
import dev.autograd.nn.data.Dataset;
import dev.autograd.nn.loss.Loss;
import dev.autograd.nn.module.Module;
import dev.autograd.nn.optim.GradientClipping;
import dev.autograd.nn.optim.LearningRateSchedule;
import dev.autograd.nn.optim.Optimizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a model: for each minibatch {@code (X, y)}, one step of the optimizer on
 * {@code loss(model(X), y)}.
 *
 * <pre>{@code
 * Sequential net = MLP.of(1L, Activation.TANH, 2, 8, 1);
 * Trainer t = new Trainer(net, Losses.binaryCrossEntropy(), new Adam(net, 0.05)).batchSize(16).seed(7L);
 * History h = t.fit(Datasets.ring(400, 3L), 200);
 * }</pre>
 *
 * <p>The loss may be any {@link Loss}, including a lambda written by the user. A graph is recorded
 * only inside {@link #step} and released by the optimizer before it returns, so nothing accumulates
 * between steps. Batch size 1 is the lecture's per-example SGD; the default is 32. Each epoch visits
 * the examples in a fresh random order drawn from a generator seeded once ({@link #seed}, default 0),
 * so a run is reproducible; {@code shuffle(false)} keeps the stored order.
 *
 * <p><b>Options of the optimizer.</b> {@link #gradientClipping} and {@link #schedule} are set on the
 * optimizer, which applies them at every step: gradients are clipped between the engine's backward
 * pass and the update, and a learning-rate schedule advances <em>per optimizer step</em> (once per
 * batch; the schedule's position is the optimizer's {@link Optimizer#steps()}, so a {@link
 * dev.autograd.nn.io.Checkpoint} carries it). For a rate that changes once per epoch, count epochs in
 * steps ({@code LearningRateSchedule.step(η₀, γ, k × batches per epoch)}).
 *
 * <p><b>Stopping early.</b> After each epoch every listener is asked {@link
 * TrainingListener#shouldStop()}; one that says yes ends {@link #fit} after that epoch ({@link
 * History#stoppedEarly()}). {@link EarlyStopping} watches a validation metric:
 *
 * <pre>{@code
 * EarlyStopping stop = EarlyStopping.minimize(() -> Metrics.loss(net, loss, validation))
 *     .patience(5).minDelta(1e-4).restoreBest(net);
 * History h = new Trainer(net, loss, new AdamW(net, 1e-3)).addListener(stop).fit(train, 200);
 * }</pre>
 *
 * <p>Not thread-safe: one trainer trains one model on one thread.
 */
public final class Trainer {
  private final Module model;
  private final Loss loss;
  private final Optimizer optimizer;
  private int batchSize = 32;
  private boolean shuffle = true;
  private SplittableRandom rng = new SplittableRandom(0);
  private TrainingListener listener = new TrainingListener() {};
  private final List<TrainingListener> more = new ArrayList<>();
  private int epochsRun;

  /**
   * A trainer of {@code model} under {@code loss}, updated by {@code optimizer}.
   *
   * @param model the model to train; its parameters should be the ones {@code optimizer} updates
   * @param loss the loss of a batch, {@code loss.apply(prediction, targets)}, reducing to a scalar
   * @param optimizer the optimizer that differentiates the loss and updates the parameters
   */
  public Trainer(Module model, Loss loss, Optimizer optimizer) {
    if (model == null || loss == null || optimizer == null) {
      throw new IllegalArgumentException("trainer: model, loss and optimizer must not be null");
    }
    this.model = model;
    this.loss = loss;
    this.optimizer = optimizer;
  }

  /**
   * Sets the minibatch size (1 for per-example SGD); returns this trainer.
   *
   * @param size examples per minibatch, {@code ≥ 1}
   * @return this trainer
   */
  public Trainer batchSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("trainer: batch size must be at least 1; got " + size);
    }
    this.batchSize = size;
    return this;
  }

  /**
   * Re-seeds the shuffling generator; returns this trainer.
   *
   * @param seed the seed of the generator that orders every following epoch
   * @return this trainer
   */
  public Trainer seed(long seed) {
    this.rng = new SplittableRandom(seed);
    return this;
  }

  /**
   * Whether each epoch shuffles the examples (default true); returns this trainer.
   *
   * @param on true to visit the examples in a fresh random order each epoch, false for the stored
   *     order
   * @return this trainer
   */
  public Trainer shuffle(boolean on) {
    this.shuffle = on;
    return this;
  }

  /**
   * Sets the progress listener (null for none), replacing the previous one set here; listeners added
   * with {@link #addListener} stay. Returns this trainer.
   *
   * @param l the listener, or null for none
   * @return this trainer
   */
  public Trainer listener(TrainingListener l) {
    this.listener = l == null ? new TrainingListener() {} : l;
    return this;
  }

  /**
   * Adds a listener (such as {@link EarlyStopping}) heard after the one set by {@link #listener}, in
   * the order added; returns this trainer.
   *
   * @param l the listener, not null
   * @return this trainer
   * @throws IllegalArgumentException when {@code l} is null
   */
  public Trainer addListener(TrainingListener l) {
    if (l == null) {
      throw new IllegalArgumentException("trainer.addListener: the listener must not be null");
    }
    more.add(l);
    return this;
  }

  /**
   * Removes a listener added with {@link #addListener}, if present; returns this trainer.
   *
   * @param l the listener to remove; one not added is ignored
   * @return this trainer
   */
  public Trainer removeListener(TrainingListener l) {
    more.remove(l);
    return this;
  }

  /**
   * Clips the gradients of every step ({@link Optimizer#setGradientClipping}; null for none); returns
   * this trainer.
   *
   * @param clipping the clipping, or null for none
   * @return this trainer
   */
  public Trainer gradientClipping(GradientClipping clipping) {
    optimizer.setGradientClipping(clipping);
    return this;
  }

  /**
   * Sets the learning-rate schedule, advanced once per optimizer step ({@link
   * Optimizer#setSchedule}; null for none); returns this trainer.
   *
   * @param schedule the schedule, or null for a fixed rate
   * @return this trainer
   */
  public Trainer schedule(LearningRateSchedule schedule) {
    optimizer.setSchedule(schedule);
    return this;
  }

  /**
   * The model being trained.
   *
   * @return the model given at construction
   */
  public Module model() {
    return model;
  }

  /**
   * The optimizer.
   *
   * @return the optimizer given at construction
   */
  public Optimizer optimizer() {
    return optimizer;
  }

  /**
   * The configured batch size.
   *
   * @return examples per minibatch, {@code ≥ 1} (default 32)
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Number of epochs run so far by this trainer.
   *
   * @return the epochs run by {@link #epoch} and {@link #fit}, {@code ≥ 0}
   */
  public int epochsRun() {
    return epochsRun;
  }

  /**
   * One optimisation step on a batch: records {@code loss(model(x), y)}, lets the optimizer
   * differentiate it and update the parameters, and frees the graph.
   *
   * @param x the batch's features, {@code [b, d]} for a model on {@code d} features
   * @param y the batch's targets, of the shape {@code loss} expects (e.g. {@code [b]})
   * @return the batch's loss before the update
   * @throws IllegalStateException when the loss is not finite (the message names the step)
   */
  public double step(Tensor x, Tensor y) {
    Tensor l = loss.apply(model.forward(x), y);
    double value = optimizer.step(l);
    if (!Double.isFinite(value)) {
      throw new IllegalStateException(
          "trainer: the loss became " + value + " at optimizer step " + optimizer.steps()
              + " (lower the learning rate, or use GradMode.anomalyDetection() to find the op)");
    }
    return value;
  }

  /**
   * One pass over {@code data} in minibatches.
   *
   * @param data the training examples
   * @return the mean of the batch losses, weighted by batch size (with a batch-averaged loss, the mean
   *     loss per example during the epoch)
   */
  public double epoch(Dataset data) {
    return epoch(data, 0);
  }

  /**
   * Runs up to {@code epochs} passes over {@code data}, fewer when a listener asks to stop after an
   * epoch ({@link TrainingListener#shouldStop()}).
   *
   * @param data the training examples
   * @param epochs the most epochs to run, {@code ≥ 0}
   * @return the mean training loss of every epoch run
   */
  public History fit(Dataset data, int epochs) {
    if (epochs < 0) {
      throw new IllegalArgumentException("trainer: number of epochs must be >= 0; got " + epochs);
    }
    double[] losses = new double[epochs];
    for (int e = 0; e < epochs; e++) {
      losses[e] = epoch(data, epochs);
      if (e + 1 < epochs && stopRequested()) {
        return new History(Arrays.copyOf(losses, e + 1), true);
      }
    }
    return new History(losses, false);
  }

  private boolean stopRequested() {
    boolean stop = listener.shouldStop();
    for (TrainingListener l : more) {
      stop |= l.shouldStop();
    }
    return stop;
  }

  private double epoch(Dataset data, int epochs) {
    int epoch = ++epochsRun;
    int batches = data.batchCount(batchSize);
    Iterable<Batch> it = shuffle ? data.batches(batchSize, rng) : data.batches(batchSize);
    double sum = 0;
    int b = 0;
    for (Batch batch : it) {
      double l = step(batch.features(), batch.targets());
      sum += l * batch.size();
      listener.batchEnded(epoch, ++b, batches, l);
      for (TrainingListener extra : more) {
        extra.batchEnded(epoch, b, batches, l);
      }
    }
    double mean = sum / data.size();
    listener.epochEnded(epoch, epochs, mean);
    for (TrainingListener extra : more) {
      extra.epochEnded(epoch, epochs, mean);
    }
    return mean;
  }
}
