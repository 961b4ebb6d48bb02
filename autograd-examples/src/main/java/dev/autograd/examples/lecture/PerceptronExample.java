package dev.autograd.examples.lecture;

import dev.autograd.examples.Context;
import dev.autograd.examples.Example;
import dev.autograd.examples.ExampleResult;
import dev.autograd.examples.Training;
import dev.autograd.examples.plot.Charts;
import dev.autograd.examples.plot.DecisionPlot;
import dev.autograd.nn.data.Dataset;
import dev.autograd.nn.data.Datasets;
import dev.autograd.nn.eval.Metrics;
import dev.autograd.nn.loss.Loss;
import dev.autograd.nn.loss.Losses;
import dev.autograd.nn.loss.Reduction;
import dev.autograd.nn.module.LogisticRegression;
import dev.autograd.nn.optim.SGD;
import dev.autograd.nn.train.Trainer;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Part 3: the perceptron and logistic regression on the same data, side by side. Both models compute
 * {@code h = w·x + b}; they differ in the activation read off it and hence the loss. The perceptron
 * takes the step {@code 1[h > 0]} and learns from the hinge {@code max(0, −s·h)} (with
 * {@code s = 2y − 1}): one SGD step of size 1 on a misclassified point is its update
 * {@code w ← w + s·x}, and correctly classified points teach it nothing, so it stops at the first line
 * that separates the data. Logistic regression takes {@code σ(h)} and keeps pushing the line towards
 * the middle of the gap.
 */
@Command(name = "perceptron",
    description = "Part 3: perceptron (hinge, step activation) vs logistic regression (sigmoid), side by side.")
public final class PerceptronExample extends Example {

  @Option(names = "--epochs", defaultValue = "30", description = "Passes over the data. Default: ${DEFAULT-VALUE}.")
  public int epochs = 30;

  @Option(names = "--points", defaultValue = "120", description = "Number of data points. Default: ${DEFAULT-VALUE}.")
  public int points = 120;

  @Override
  public String name() {
    return "perceptron";
  }

  @Override
  public String title() {
    return "3. Perceptron vs logistic regression";
  }

  @Override
  public ExampleResult run(Context ctx) throws Exception {
    Dataset data = Datasets.linearlySeparable(points, ctx.seed(2));

    LogisticRegression perceptron = LogisticRegression.binary(2, ctx.seed(5));
    Loss hinge = Losses.hinge(0, Reduction.SUM);
    Trainer perceptronTrainer = new Trainer(perceptron, hinge, new SGD(perceptron, 1.0)).batchSize(1).seed(ctx.seed(3));
    Training.Curves perceptronCurves =
        Training.fit(ctx, "perceptron", perceptronTrainer, perceptron, hinge, data, null, epochs);

    LogisticRegression logistic = LogisticRegression.binary(2);
    Loss nll = Losses.binaryCrossEntropy(Reduction.SUM);
    Trainer logisticTrainer = new Trainer(logistic, nll, new SGD(logistic, 0.1)).batchSize(1).seed(ctx.seed(3));
    Training.fit(ctx, "logistic regression", logisticTrainer, logistic, nll, data, null, epochs);

    double perceptronAccuracy = Metrics.accuracy(perceptron, data);
    double logisticAccuracy = Metrics.accuracy(logistic, data);
    int mistakeFreeFrom = firstZero(perceptronCurves.train());

    double[][] x = LogisticRegressionExample.rows(data);
    double[] wp = perceptron.weight().toArray();
    double[] wl = logistic.weight().toArray();
    BufferedImage left = DecisionPlot.around("Perceptron: step activation, hinge loss", x, 0.4)
        .regions(p -> perceptron.predict(p).gt(0))
        .points(x, data.labels())
        .line("w·x + b = 0", wp[0], wp[1], perceptron.bias().item(), new Color(0x222222), false)
        .render();
    BufferedImage right = DecisionPlot.around("Logistic regression: sigmoid, log-likelihood", x, 0.4)
        .regions(p -> logistic.predict(p).sigmoid())
        .points(x, data.labels())
        .line("w·x + b = 0", wl[0], wl[1], logistic.bias().item(), new Color(0x222222), false)
        .render();
    Path picture = Charts.save(Charts.sideBySide(left, right), ctx.file("3-perceptron-vs-logistic.png"));

    return result()
        .metric("perceptron_accuracy", perceptronAccuracy)
        .metric("logistic_accuracy", logisticAccuracy)
        .metric("perceptron_error_free_epoch", mistakeFreeFrom)
        .file(picture)
        .line(String.format(Locale.ROOT, "perceptron: accuracy %.3f%s", perceptronAccuracy,
            mistakeFreeFrom > 0 ? ", no mistakes (zero hinge loss) from epoch " + mistakeFreeFrom : ""))
        .line(String.format(Locale.ROOT, "logistic regression: accuracy %.3f", logisticAccuracy))
        .build();
  }

  /** The first epoch (from 1) with zero loss, or 0 when there was none. */
  private static int firstZero(double[] losses) {
    for (int i = 0; i < losses.length; i++) {
      if (losses[i] == 0) {
        return i + 1;
      }
    }
    return 0;
  }
}
