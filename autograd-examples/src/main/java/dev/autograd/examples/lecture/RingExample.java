package dev.autograd.examples.lecture;

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
import dev.autograd.nn.module.Activation;
import dev.autograd.nn.module.Linear;
import dev.autograd.nn.module.MLP;
import dev.autograd.nn.module.Sequential;
import dev.autograd.nn.optim.Adam;
import dev.autograd.nn.train.Trainer;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Part 6: the ring learned by an MLP with one hidden layer. Instead of a hand-chosen basis the
 * network learns its own features: hidden unit {@code j} computes {@code tanh(wⱼ·x + bⱼ)}, which
 * changes sign along the line {@code wⱼ·x + bⱼ = 0}. The left picture draws those lines in the input
 * plane (the learned "basis"); together they fence in the inner disc, and the output unit combines
 * them into the curved decision boundary on the right.
 */
@Command(name = "ring",
    description = "Part 6: the ring learned by an MLP: hidden units' separating lines and the final boundary.")
public final class RingExample extends Example {

  @Option(names = "--epochs", defaultValue = "150", description = "Passes over the data. Default: ${DEFAULT-VALUE}.")
  public int epochs = 150;

  @Option(names = "--hidden", defaultValue = "6", description = "Hidden units. Default: ${DEFAULT-VALUE}.")
  public int hidden = 6;

  @Option(names = "--points", defaultValue = "400", description = "Training points. Default: ${DEFAULT-VALUE}.")
  public int points = 400;

  @Override
  public String name() {
    return "ring";
  }

  @Override
  public String title() {
    return "6. The ring learned by a neural network";
  }

  @Override
  public ExampleResult run(Context ctx) throws Exception {
    Dataset train = Datasets.ring(points, ctx.seed(9));
    Dataset test = Datasets.ring(points, ctx.seed(10));
    Sequential net = MLP.of(ctx.seed(11), Activation.TANH, 2, hidden, 1).to(ctx.dtype());
    Loss nll = Losses.binaryCrossEntropy();
    Trainer trainer = new Trainer(net, nll, new Adam(net, 0.03)).batchSize(32).seed(ctx.seed(12));
    Training.Curves curves = Training.fit(ctx, "ring MLP", trainer, net, nll, train, test, epochs);
    double trainAccuracy = Metrics.accuracy(net, train);
    double testAccuracy = Metrics.accuracy(net, test);

    double[][] x = LogisticRegressionExample.rows(train);
    Linear first = (Linear) net.layer(0);
    double[][] w = first.weight().toMatrix();
    double[] b = first.bias().toArray();
    DecisionPlot separators = DecisionPlot.around(
        String.format(Locale.ROOT, "What the %s learned: lines wⱼ·x + bⱼ = 0",
            Words.count(hidden, "hidden unit")), x, 0.3)
        .points(x, train.labels());
    StringBuilder outside = new StringBuilder();
    for (int j = 0; j < hidden; j++) {
      if (!separators.crosses(w[0][j], w[1][j], b[j])) {
        outside.append(outside.length() == 0 ? "" : ", ").append(j + 1);
      }
      separators.line("unit " + (j + 1), w[0][j], w[1][j], b[j], Charts.PALETTE[(j + 2) % Charts.PALETTE.length],
          false);
    }
    BufferedImage left = separators.render();
    BufferedImage right = DecisionPlot.around(
        String.format(Locale.ROOT, "The network's decision boundary: accuracy %.3f", trainAccuracy), x, 0.3)
        .regions(p -> net.predict(p).sigmoid())
        .points(x, train.labels())
        .render();
    Path picture = Charts.save(Charts.sideBySide(left, right), ctx.file("6-ring.png"));

    XYChart chart = Charts.chart("Ring: cross-entropy during training", "epoch", "cross-entropy per point");
    Charts.line(chart, "training (mean over the epoch)", curves.epochs(), curves.train(), Charts.PALETTE[0], 2.5f,
        false);
    Charts.line(chart, "fresh test points (after the epoch)", curves.epochs(), curves.test(), Charts.PALETTE[1],
        2.5f, true);
    Path lossPicture = Charts.save(chart, ctx.file("6-ring-loss.png"));

    ExampleResult.Builder r = result()
        .metric("train_accuracy", trainAccuracy)
        .metric("test_accuracy", testAccuracy)
        .metric("train_loss", curves.lastTrain())
        .file(picture)
        .file(lossPicture)
        .line(String.format(Locale.ROOT, "MLP 2-%d-1 (tanh), %s of Adam: train accuracy %.3f, "
            + "test accuracy %.3f on %s", hidden, Words.count(epochs, "epoch"), trainAccuracy, testAccuracy,
            Words.count(test.size(), "fresh point")));
    if (outside.length() > 0) {
      r.line("the line of hidden unit " + outside + " lies outside the picture: over the data that unit's "
          + "output keeps one sign and acts as a constant");
    }
    return r.build();
  }
}
