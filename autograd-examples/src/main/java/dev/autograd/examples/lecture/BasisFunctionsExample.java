package dev.autograd.examples.lecture;

import dev.autograd.Tensor;
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
import dev.autograd.nn.module.LogisticRegression;
import dev.autograd.nn.module.Module;
import dev.autograd.nn.module.Sequential;
import dev.autograd.nn.optim.Adam;
import dev.autograd.nn.train.Trainer;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Part 4: basis functions. Logistic regression draws a straight line, so it cannot separate XOR or
 * the ring. Feeding it hand-chosen features {@code φ(x)} instead of {@code x} fixes both: with
 * {@code φ(x) = (x₁, x₂, x₁·x₂)} XOR becomes linearly separable (XOR = x₁ + x₂ − 2x₁x₂ on the
 * corners), and with {@code φ(x) = (x₁, x₂, x₁² + x₂²)} the ring is (a circle is a line in the
 * squared radius). The model is still linear in its parameters; the boundary drawn back in the input
 * plane is curved.
 */
@Command(name = "basis",
    description = "Part 4: a linear model fails on XOR and the ring; hand-chosen basis functions fix both.")
public final class BasisFunctionsExample extends Example {

  @Option(names = "--epochs", defaultValue = "300", description = "Passes over the data. Default: ${DEFAULT-VALUE}.")
  public int epochs = 300;

  @Option(names = "--ring-points", defaultValue = "200", description = "Points of the ring data. Default: ${DEFAULT-VALUE}.")
  public int ringPoints = 200;

  @Override
  public String name() {
    return "basis";
  }

  @Override
  public String title() {
    return "4. Basis functions: when a line is not enough";
  }

  /** {@code φ(x) = (x₁, x₂, x₁·x₂)} for each row of {@code x ∈ ℝ^{n×2}}. */
  static final Module PRODUCT = x -> Tensor.concat(1, x, x.slice(1, 0, 1).mul(x.slice(1, 1, 2)));

  /** {@code φ(x) = (x₁, x₂, x₁² + x₂²)} for each row of {@code x ∈ ℝ^{n×2}}. */
  static final Module SQUARED_RADIUS = x -> Tensor.concat(1, x, x.square().sum(new int[] {1}, true));

  @Override
  public ExampleResult run(Context ctx) throws Exception {
    Dataset xor = Datasets.xor();
    Dataset ring = Datasets.ring(ringPoints, ctx.seed(6));

    Fit xorLinear = fit(ctx, "XOR, linear", xor, null);
    Fit xorBasis = fit(ctx, "XOR, with x₁·x₂", xor, PRODUCT);
    Fit ringLinear = fit(ctx, "ring, linear", ring, null);
    Fit ringBasis = fit(ctx, "ring, with x₁² + x₂²", ring, SQUARED_RADIUS);

    double[][] xorX = LogisticRegressionExample.rows(xor);
    double[][] ringX = LogisticRegressionExample.rows(ring);
    Path xorPicture = Charts.save(Charts.sideBySide(
        picture(String.format(Locale.ROOT, "XOR, features (x₁, x₂): accuracy %.2f", xorLinear.accuracy),
            xorLinear, new DecisionPlot("", -0.5, 1.5, -0.5, 1.5), xor, xorX),
        picture(String.format(Locale.ROOT, "XOR, features (x₁, x₂, x₁x₂): accuracy %.2f", xorBasis.accuracy),
            xorBasis, new DecisionPlot("", -0.5, 1.5, -0.5, 1.5), xor, xorX)),
        ctx.file("4-basis-xor.png"));
    Path ringPicture = Charts.save(Charts.sideBySide(
        picture(String.format(Locale.ROOT, "Ring, features (x₁, x₂): accuracy %.2f", ringLinear.accuracy),
            ringLinear, DecisionPlot.around("", ringX, 0.3), ring, ringX),
        picture(String.format(Locale.ROOT, "Ring, features (x₁, x₂, x₁² + x₂²): accuracy %.2f", ringBasis.accuracy),
            ringBasis, DecisionPlot.around("", ringX, 0.3), ring, ringX)),
        ctx.file("4-basis-ring.png"));

    return result()
        .metric("xor_linear_accuracy", xorLinear.accuracy)
        .metric("xor_basis_accuracy", xorBasis.accuracy)
        .metric("ring_linear_accuracy", ringLinear.accuracy)
        .metric("ring_basis_accuracy", ringBasis.accuracy)
        .file(xorPicture)
        .file(ringPicture)
        .line(String.format(Locale.ROOT, "XOR:  linear model accuracy %.2f;  with φ = (x₁, x₂, x₁x₂) %.2f",
            xorLinear.accuracy, xorBasis.accuracy))
        .line(String.format(Locale.ROOT, "ring: linear model accuracy %.2f;  with φ = (x₁, x₂, x₁² + x₂²) %.2f",
            ringLinear.accuracy, ringBasis.accuracy))
        .build();
  }

  private record Fit(Module model, double accuracy) {}

  /** Logistic regression on {@code basis(x)} (on x itself when basis is null), trained full-batch with Adam. */
  private Fit fit(Context ctx, String task, Dataset data, Module basis) {
    LogisticRegression regression = LogisticRegression.binary(basis == null ? 2 : 3);
    Module model = basis == null ? regression : new Sequential(basis, regression);
    Loss nll = Losses.binaryCrossEntropy();
    Trainer trainer = new Trainer(model, nll, new Adam(model, 0.1)).batchSize(data.size()).shuffle(false);
    Training.fit(ctx, task, trainer, model, nll, data, null, epochs);
    return new Fit(model, Metrics.accuracy(model, data));
  }

  private static BufferedImage picture(String title, Fit fit, DecisionPlot frame, Dataset data, double[][] x) {
    return frame.title(title)
        .size(Charts.WIDTH, Charts.HEIGHT)
        .regions(p -> fit.model.predict(p).sigmoid())
        .points(x, data.labels())
        .render();
  }
}
