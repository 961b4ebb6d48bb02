package dev.autograd.nn.eval;

import dev.autograd.nn.data.Split;
import java.util.Arrays;
import java.util.List;

/**
 * Runs an experiment on each fold of a cross-validation and collects the scores.
 *
 * <pre>{@code
 * CrossValidation.Result r = CrossValidation.run(Split.stratifiedKFold(data, 5, 0L), (fold, i) -> {
 *   Split s = fold.standardised();
 *   LogisticRegression model = LogisticRegression.binary(s.train().featureCount());
 *   new Trainer(model, Losses.binaryCrossEntropy(), new SGD(model, 0.01)).batchSize(1).fit(s.train(), 20);
 *   return Metrics.accuracy(model, s.test());
 * });
 * }</pre>
 */
public final class CrossValidation {
  private CrossValidation() {}

  /** Trains on a fold's training part and scores on its test part. */
  @FunctionalInterface
  public interface Experiment {
    /**
     * The score of fold {@code index} (0-based).
     *
     * @param fold the fold's training and test parts
     * @param index the fold's position in the list, from 0
     * @return the score, in the experiment's own units (an accuracy, a loss)
     */
    double score(Split fold, int index);
  }

  /** Per-fold scores and their summary. */
  public static final class Result {
    private final double[] scores;

    Result(double[] scores) {
      this.scores = scores;
    }

    /**
     * A copy of the per-fold scores, in fold order.
     *
     * @return one score per fold
     */
    public double[] scores() {
      return scores.clone();
    }

    /**
     * The mean score.
     *
     * @return the arithmetic mean of the scores
     */
    public double mean() {
      double s = 0;
      for (double v : scores) {
        s += v;
      }
      return s / scores.length;
    }

    /**
     * The sample standard deviation of the scores (0 for one fold).
     *
     * @return {@code ≥ 0}, with divisor {@code k − 1} for {@code k} folds
     */
    public double std() {
      if (scores.length < 2) {
        return 0;
      }
      double m = mean();
      double s = 0;
      for (double v : scores) {
        s += (v - m) * (v - m);
      }
      return Math.sqrt(s / (scores.length - 1));
    }

    /**
     * The lowest score.
     *
     * @return the smallest per-fold score
     */
    public double min() {
      return Arrays.stream(scores).min().orElseThrow();
    }

    @Override
    public String toString() {
      return String.format("mean %.4f ± %.4f over %d folds %s", mean(), std(), scores.length, Arrays.toString(scores));
    }
  }

  /**
   * Runs {@code experiment} on every fold in order.
   *
   * @param folds the folds, at least one
   * @param experiment called once per fold, in order
   * @return the scores of all folds
   */
  public static Result run(List<Split> folds, Experiment experiment) {
    if (folds.isEmpty()) {
      throw new IllegalArgumentException("cross-validation: needs at least one fold");
    }
    double[] scores = new double[folds.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = experiment.score(folds.get(i), i);
    }
    return new Result(scores);
  }
}
