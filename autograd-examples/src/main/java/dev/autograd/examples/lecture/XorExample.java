package dev.autograd.examples.lecture;

import dev.autograd.GradMode;
import dev.autograd.Tensor;
import dev.autograd.examples.Context;
import dev.autograd.examples.Example;
import dev.autograd.examples.ExampleResult;
import dev.autograd.examples.Training;
import dev.autograd.examples.plot.Charts;
import dev.autograd.examples.plot.DecisionPlot;
import dev.autograd.nn.data.Dataset;
import dev.autograd.nn.data.Datasets;
import dev.autograd.nn.eval.Decision;
import dev.autograd.nn.eval.Metrics;
import dev.autograd.nn.loss.Loss;
import dev.autograd.nn.loss.Losses;
import dev.autograd.nn.module.Activation;
import dev.autograd.nn.module.Linear;
import dev.autograd.nn.module.MLP;
import dev.autograd.nn.module.Sequential;
import dev.autograd.nn.optim.Adam;
import dev.autograd.nn.train.Trainer;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Part 5: XOR. First the lecture's exercise done by hand: two hidden sigmoid units, one firing for
 * "x₁ OR x₂" ({@code x₁ + x₂ − ½ > 0}) and one for "x₁ AND x₂" ({@code x₁ + x₂ − 1½ > 0}), and an
 * output firing for "OR and not AND" ({@code h₁ − h₂ − ½ > 0}); the weights are scaled by 10 so the
 * sigmoids act almost like steps. Then the same function learned from the four points by a two-layer
 * network (one hidden layer) and by a three-layer network (two hidden layers).
 */
@Command(name = "xor",
    description = "Part 5: XOR by a hand-set two-unit network (truth table), then learned by 2- and 3-layer nets.")
public final class XorExample extends Example {

  @Option(names = "--epochs", defaultValue = "1000", description = "Full-batch steps. Default: ${DEFAULT-VALUE}.")
  public int epochs = 1000;

  @Option(names = "--hidden", defaultValue = "8", description = "Units per hidden layer. Default: ${DEFAULT-VALUE}.")
  public int hidden = 8;

  @Option(names = "--learning-rate", defaultValue = "0.05", description = "Adam step size. Default: ${DEFAULT-VALUE}.")
  public double learningRate = 0.05;

  /** Sharpness of the hand-set sigmoids: larger is closer to a step. */
  static final double SCALE = 10;

  @Override
  public String name() {
    return "xor";
  }

  @Override
  public String title() {
    return "5. XOR: by hand, then learned by two- and three-layer networks";
  }

  /** The hand-set network: h = σ(10·(x₁ + x₂) − (5, 15)), y = σ(10·h₁ − 10·h₂ − 5). */
  static Sequential handSet() {
    Linear hiddenLayer = Linear.of(new double[][] {{SCALE, SCALE}, {SCALE, SCALE}},
        new double[] {-0.5 * SCALE, -1.5 * SCALE});
    Linear output = Linear.of(new double[][] {{SCALE}, {-SCALE}}, new double[] {-0.5 * SCALE});
    return new Sequential(hiddenLayer, Activation.SIGMOID, output, Activation.SIGMOID);
  }

  @Override
  @SuppressWarnings("try") // the no-grad scope is used for its effect only
  public ExampleResult run(Context ctx) throws Exception {
    Dataset xor = Datasets.xor();
    double[][] x = LogisticRegressionExample.rows(xor);
    ExampleResult.Builder r = result();

    // By hand: the truth table with the hidden units' values.
    Sequential hand = handSet();
    List<Tensor> acts;
    try (var off = GradMode.noGrad()) {
      acts = hand.activations(xor.features());
    }
    double[][] h = acts.get(1).toMatrix();
    double[] y = acts.get(3).reshape(-1).toArray();
    double handAccuracy = Metrics.accuracy(hand, xor, Decision.PROBABILITIES);
    r.line("hand-set network, h₁ = σ(10(x₁ + x₂) − 5) (OR), h₂ = σ(10(x₁ + x₂) − 15) (AND), "
        + "y = σ(10h₁ − 10h₂ − 5):");
    r.line(" x₁ x₂ |   h₁     h₂   |   y    | XOR");
    for (int i = 0; i < 4; i++) {
      r.line(String.format(Locale.ROOT, "  %d  %d | %.4f %.4f | %.4f |  %d",
          (int) x[i][0], (int) x[i][1], h[i][0], h[i][1], y[i], xor.labels()[i]));
    }

    // Learned: one hidden layer, then two.
    Loss nll = Losses.binaryCrossEntropy();
    Sequential twoLayer = MLP.of(ctx.seed(7), Activation.SIGMOID, 2, hidden, 1).to(ctx.dtype());
    Training.Curves twoCurves = Training.fit(ctx, "XOR, 2 layers", new Trainer(twoLayer, nll,
        new Adam(twoLayer, learningRate)).batchSize(4).shuffle(false), twoLayer, nll, xor, null, epochs);
    Sequential threeLayer = MLP.of(ctx.seed(8), Activation.SIGMOID, 2, hidden, hidden, 1).to(ctx.dtype());
    Training.Curves threeCurves = Training.fit(ctx, "XOR, 3 layers", new Trainer(threeLayer, nll,
        new Adam(threeLayer, learningRate)).batchSize(4).shuffle(false), threeLayer, nll, xor, null, epochs);
    double twoAccuracy = Metrics.accuracy(twoLayer, xor);
    double threeAccuracy = Metrics.accuracy(threeLayer, xor);
    double twoLoss = Metrics.loss(twoLayer, nll, xor);
    double threeLoss = Metrics.loss(threeLayer, nll, xor);

    int w = 640;
    int hgt = 560;
    BufferedImage handPicture = frame("By hand: OR and not AND", w, hgt)
        .regions(p -> hand.predict(p))
        .points(x, xor.labels())
        .line("h₁: x₁ + x₂ = ½", SCALE, SCALE, -0.5 * SCALE, new Color(0x2ca02c), true)
        .line("h₂: x₁ + x₂ = 1½", SCALE, SCALE, -1.5 * SCALE, new Color(0x9467bd), true)
        .render();
    BufferedImage twoPicture = frame(String.format(Locale.ROOT, "Learned, 2 layers (2-%d-1): accuracy %.2f",
        hidden, twoAccuracy), w, hgt)
        .regions(p -> twoLayer.predict(p).sigmoid())
        .points(x, xor.labels())
        .render();
    BufferedImage threePicture = frame(String.format(Locale.ROOT, "Learned, 3 layers (2-%d-%d-1): accuracy %.2f",
        hidden, hidden, threeAccuracy), w, hgt)
        .regions(p -> threeLayer.predict(p).sigmoid())
        .points(x, xor.labels())
        .render();
    Path picture = Charts.save(Charts.sideBySide(handPicture, twoPicture, threePicture), ctx.file("5-xor.png"));

    XYChart chart = Charts.chart("XOR: training loss (log scale)", "step (full batch of 4 points)",
        "cross-entropy per point");
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setYAxisDecimalPattern("0E0");
    Charts.line(chart, "2 layers", twoCurves.epochs(), twoCurves.train(), Charts.PALETTE[0], 2.5f, false);
    Charts.line(chart, "3 layers", threeCurves.epochs(), threeCurves.train(), Charts.PALETTE[1], 2.5f, false);
    Path lossPicture = Charts.save(chart, ctx.file("5-xor-loss.png"));

    return r
        .metric("hand_accuracy", handAccuracy)
        .metric("two_layer_accuracy", twoAccuracy)
        .metric("three_layer_accuracy", threeAccuracy)
        .metric("two_layer_loss", twoLoss)
        .metric("three_layer_loss", threeLoss)
        .file(picture)
        .file(lossPicture)
        .line(String.format(Locale.ROOT, "hand-set accuracy %.2f; learned: 2 layers %.2f (loss %.4f), "
            + "3 layers %.2f (loss %.4f)", handAccuracy, twoAccuracy, twoLoss, threeAccuracy, threeLoss))
        .build();
  }

  private static DecisionPlot frame(String title, int width, int height) {
    return new DecisionPlot(title, -0.5, 1.5, -0.5, 1.5).size(width, height);
  }
}
