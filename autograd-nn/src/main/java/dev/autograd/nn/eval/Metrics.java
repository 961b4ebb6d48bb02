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
   * @param predicted the predicted labels
   * @param actual the true labels, as many as {@code predicted}
   * @return the accuracy in {@code [0, 1]}
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

  /**
   * The accuracy of a model whose outputs are logits, on a labelled data set.
   *
   * @param model a model mapping {@code [n, d]} to logits ({@code [n]} for two classes,
   *     {@code [n, k]} for more)
   * @param data the labelled examples
   * @return the accuracy in {@code [0, 1]}
   */
  public static double accuracy(Module model, Dataset data) {
    return accuracy(model, data, Decision.LOGITS);
  }

  /**
   * The accuracy of a model on a labelled data set, reading its outputs by {@code decision}.
   *
   * @param model the model, applied to the features {@code [n, d]}
   * @param data the labelled examples
   * @param decision how an output row becomes a label
   * @return the accuracy in {@code [0, 1]}
   */
  public static double accuracy(Module model, Dataset data, Decision decision) {
    return accuracy(predict(model, data.features(), decision), data.labels());
  }

  /**
   * The predicted label of every row of {@code x}, without recording a graph.
   *
   * @param model the model, applied to {@code x}
   * @param x the features {@code [n, d]}
   * @param decision how an output row becomes a label
   * @return {@code n} labels, one per row
   */
  public static int[] predict(Module model, Tensor x, Decision decision) {
    return decision.labels(model.predict(x));
  }

  /**
   * The confusion counts of a model on a labelled data set.
   *
   * @param model the model, applied to the features {@code [n, d]}
   * @param data the labelled examples
   * @param decision how an output row becomes a label
   * @return a {@code k × k} matrix, {@code k} covering both the data's classes and every predicted
   *     label
   */
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
   *
   * @param model the model, applied to the features {@code [n, d]}
   * @param loss the loss, applied to the model's output and the targets {@code [n]}
   * @param data the examples
   * @return the loss's scalar value
   */
  @SuppressWarnings("try") // the scope is used only for its effect
  public static double loss(Module model, Loss loss, Dataset data) {
    try (var off = GradMode.noGrad()) {
      return loss.apply(model.forward(data.features()), data.targets()).item();
    }
  }
}
