package dev.autograd.examples.lecture;

import dev.autograd.Autograd;
import dev.autograd.Gradients;
import dev.autograd.Tensor;
import dev.autograd.examples.Context;
import dev.autograd.examples.Example;
import dev.autograd.examples.ExampleResult;
import dev.autograd.examples.Training;
import dev.autograd.examples.Words;
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
import java.nio.file.Path;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Part 2: logistic regression fitted by per-example SGD on the negative log-likelihood
 * {@code −Σᵢ [yᵢ log σ(hᵢ) + (1 − yᵢ) log(1 − σ(hᵢ))]}, {@code hᵢ = w·xᵢ + b}, on two-dimensional,
 * linearly separable data. The picture shows the fitted decision line {@code w·x + b = 0} over the
 * data. Along the way, the engine's gradient of the loss is compared with the lecture's closed form
 * {@code ∇w = Σᵢ (σ(hᵢ) − yᵢ)·xᵢ} (and {@code ∂/∂b = Σᵢ (σ(hᵢ) − yᵢ)}).
 */
@Command(name = "logistic",
    description = "Part 2: logistic regression by SGD on separable 2-D data; engine gradient = closed form.")
public final class LogisticRegressionExample extends Example {

  @Option(names = "--epochs", defaultValue = "30", description = "Passes over the data. Default: ${DEFAULT-VALUE}.")
  public int epochs = 30;

  @Option(names = "--points", defaultValue = "120", description = "Number of data points. Default: ${DEFAULT-VALUE}.")
  public int points = 120;

  @Option(names = "--learning-rate", defaultValue = "0.1", description = "SGD step size η. Default: ${DEFAULT-VALUE}.")
  public double learningRate = 0.1;

  @Override
  public String name() {
    return "logistic";
  }

  @Override
  public String title() {
    return "2. Logistic regression by SGD on separable data";
  }

  @Override
  public ExampleResult run(Context ctx) throws Exception {
    Dataset data = Datasets.linearlySeparable(points, ctx.seed(2));
    LogisticRegression model = LogisticRegression.binary(2);
    Loss nll = Losses.binaryCrossEntropy(Reduction.SUM);

    Trainer trainer = new Trainer(model, nll, new SGD(model, learningRate)).batchSize(1).seed(ctx.seed(3));
    Training.Curves curves = Training.fit(ctx, "logistic regression", trainer, model, nll, data, null, epochs);

    // The engine's gradient against the lecture's formula: at random weights and at the fitted ones.
    Comparison atRandom = compareWithClosedForm(LogisticRegression.binary(2, ctx.seed(4)), data);
    Comparison atFitted = compareWithClosedForm(model, data);
    double gradientDiff = Math.max(atRandom.maxAbsDifference(), atFitted.maxAbsDifference());
    double accuracy = Metrics.accuracy(model, data);
    double loss = Metrics.loss(model, nll, data);

    double[] w = model.weight().toArray();
    double b = model.bias().item();
    double[][] x = rows(data);
    Path picture = DecisionPlot.around("Logistic regression: the fitted decision line over the data", x, 0.4)
        .regions(p -> model.predict(p).sigmoid())
        .points(x, data.labels())
        .line("fitted: w·x + b = 0", w[0], w[1], b, new Color(0x222222), false)
        .line("line that generated the data", -0.5, 1, -0.3, new Color(0x2ca02c), true)
        .save(ctx.file("2-logistic-regression.png"));

    ExampleResult.Builder r = result()
        .metric("accuracy", accuracy)
        .metric("loss", loss)
        .metric("gradient_max_abs_difference", gradientDiff)
        .metric("gradient_largest_component_at_random_weights", atRandom.largestComponent())
        .file(picture);
    XYChart chart = Charts.chart("Logistic regression: negative log-likelihood during SGD", "epoch",
        "−log-likelihood per example");
    Charts.line(chart, "mean over each epoch of per-example SGD", curves.epochs(), curves.train(), Charts.CLASS_0,
        2.5f, false);
    r.file(Charts.save(chart, ctx.file("2-logistic-regression-loss.png")));
    return r
        .line(String.format(Locale.ROOT, "fitted w = (%.3f, %.3f), b = %.3f on %s: accuracy %.3f, "
            + "−log-likelihood %.4f", w[0], w[1], b, Words.count(data.size(), "point"), accuracy, loss))
        .line(String.format(Locale.ROOT, "engine's gradient vs the lecture's Σᵢ (σ(hᵢ) − yᵢ)·xᵢ at random and "
            + "at fitted weights: max |difference| = %.2e (largest component %.2f)", gradientDiff,
            atRandom.largestComponent()))
        .build();
  }

  /**
   * How the engine's gradient compares with the closed form.
   *
   * @param maxAbsDifference the largest difference of a component
   * @param largestComponent the largest magnitude of a closed-form component (how much was compared)
   */
  record Comparison(double maxAbsDifference, double largestComponent) {}

  /**
   * The engine's gradient of the summed negative log-likelihood against the lecture's closed form,
   * at the model's current weights.
   */
  static Comparison compareWithClosedForm(LogisticRegression model, Dataset data) {
    Tensor loss = Losses.binaryCrossEntropy(Reduction.SUM).apply(model.forward(data.features()), data.targets());
    Gradients g = Autograd.gradients(loss, model.weight(), model.bias());
    double[] engineW = g.get(0).toArray();
    double engineB = g.get(1).item();

    // The lecture's formula, written out only to compare with: ∇w = Σᵢ (σ(hᵢ) − yᵢ)·xᵢ.
    double[] w = model.weight().toArray();
    double b = model.bias().item();
    double[] closedW = new double[w.length];
    double closedB = 0;
    for (int i = 0; i < data.size(); i++) {
      double[] xi = data.row(i);
      double h = b;
      for (int j = 0; j < w.length; j++) {
        h += w[j] * xi[j];
      }
      double residual = 1 / (1 + Math.exp(-h)) - data.target(i);
      for (int j = 0; j < w.length; j++) {
        closedW[j] += residual * xi[j];
      }
      closedB += residual;
    }
    double diff = Math.abs(engineB - closedB);
    double largest = Math.abs(closedB);
    for (int j = 0; j < w.length; j++) {
      diff = Math.max(diff, Math.abs(engineW[j] - closedW[j]));
      largest = Math.max(largest, Math.abs(closedW[j]));
    }
    return new Comparison(diff, largest);
  }

  static double[][] rows(Dataset data) {
    double[][] x = new double[data.size()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = data.row(i);
    }
    return x;
  }
}
