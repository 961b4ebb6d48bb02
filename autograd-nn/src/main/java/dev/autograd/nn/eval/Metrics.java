package dev.autograd.nn.eval;

import dev.autograd.GradMode;
import dev.autograd.Tensor;
import dev.autograd.nn.data.Dataset;
import dev.autograd.nn.loss.Loss;
import dev.autograd.nn.module.Module;

/** Accuracy, predicted labels and loss of a model on data, computed without recording a graph. */
public final class Metrics {
  private Metrics() {}

  /**
   * The fraction of positions where {@code predicted[i] == actual[i]}.
   *
   * @throws IllegalArgumentException for arrays of different or zero length
   */
  public static double accuracy(int[] predicted, int[] actual) {
    if (predicted.length != actual.length || predicted.length == 0) {
      throw new IllegalArgumentException(
          "accuracy: needs equally many predictions and labels, at least one; got " + predicted.length + " and "
              + actual.length);
    }
    int right = 0;
    for (int i = 0; i < actual.length; i++) {
      if (predicted[i] == actual[i]) {
        right++;
      }
    }
    return (double) right / actual.length;
  }

  /** The accuracy of a model whose outputs are logits, on a labelled data set. */
  public static double accuracy(Module model, Dataset data) {
    return accuracy(model, data, Decision.LOGITS);
  }

  /** The accuracy of a model on a labelled data set, reading its outputs by {@code decision}. */
  public static double accuracy(Module model, Dataset data, Decision decision) {
    return accuracy(predict(model, data.features(), decision), data.labels());
  }

  /** The predicted label of every row of {@code x}, without recording a graph. */
  public static int[] predict(Module model, Tensor x, Decision decision) {
    return decision.labels(model.predict(x));
  }

  /** The confusion counts of a model on a labelled data set. */
  public static ConfusionMatrix confusion(Module model, Dataset data, Decision decision) {
    int[] actual = data.labels();
    int[] predicted = predict(model, data.features(), decision);
    int classes = data.classCount();
    for (int p : predicted) {
      classes = Math.max(classes, p + 1);
    }
    return ConfusionMatrix.of(actual, predicted, classes);
  }

  /**
   * The loss of a model on a whole data set, {@code L(model(X), y)}, without recording a graph (with
   * a batch-averaged loss, the mean loss per example).
   */
  @SuppressWarnings("try") // the scope is used only for its effect
  public static double loss(Module model, Loss loss, Dataset data) {
    try (var off = GradMode.noGrad()) {
      return loss.apply(model.forward(data.features()), data.targets()).item();
    }
  }
}
