package dev.autograd.examples.lecture;

import dev.autograd.examples.Context;
import dev.autograd.examples.Example;
import dev.autograd.examples.ExampleResult;
import dev.autograd.examples.Progress;
import dev.autograd.examples.Words;
import dev.autograd.examples.plot.DigitGallery;
import dev.autograd.nn.data.Dataset;
import dev.autograd.nn.data.Datasets;
import dev.autograd.nn.data.Split;
import dev.autograd.nn.eval.CrossValidation;
import dev.autograd.nn.loss.Losses;
import dev.autograd.nn.module.Activation;
import dev.autograd.nn.module.BatchNorm2d;
import dev.autograd.nn.module.Conv2d;
import dev.autograd.nn.module.Dropout;
import dev.autograd.nn.module.Flatten;
import dev.autograd.nn.module.Linear;
import dev.autograd.nn.module.MaxPool2d;
import dev.autograd.nn.module.Sequential;
import dev.autograd.nn.optim.Adam;
import dev.autograd.nn.train.Trainer;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Part 7b: a convolutional network on the handwritten digits of part 7 (1797 images of 8×8 pixels).
 * The pixels (0–16) are scaled to 0–1 and kept as images {@code [1, 8, 8]}; a 3×3 convolution with
 * zero padding (16 channels), batch normalisation, ReLU and 2×2 max pooling (8×8 → 4×4), a second
 * 3×3 convolution (32 channels) with batch normalisation and ReLU, dropout, and a linear layer give
 * the ten logits. Each fold trains a fresh network with Adam in minibatches of 32 and tests it in
 * evaluation mode. Reported: the mean accuracy of a stratified 5-fold cross-validation (the MLP of
 * part 7 reaches 0.976), the time per fold, and a gallery of one fold's test images with the
 * predicted labels.
 */
@Command(name = "digits-cnn",
    description = "Part 7b: a convolutional network on the 8×8 handwritten digits, cross-validated.")
public final class DigitsCnnExample extends Example {

  @Option(names = "--epochs", defaultValue = "15", description = "Epochs per fold. Default: ${DEFAULT-VALUE}.")
  public int epochs = 15;

  @Option(names = "--folds", defaultValue = "5",
      description = "Stratified cross-validation folds (at least 2). Default: ${DEFAULT-VALUE}.")
  public int folds = 5;

  @Option(names = "--channels", defaultValue = "32",
      description = "Channels of the second convolution (the first has half). Default: ${DEFAULT-VALUE}.")
  public int channels = 32;

  @Override
  public String name() {
    return "digits-cnn";
  }

  @Override
  public String title() {
    return "7b. A convolutional network on the handwritten digits";
  }

  /** The network for seed {@code seed}: {@code [n, 64]} rows in, ten logits out. */
  Sequential network(long seed) {
    int c1 = Math.max(1, channels / 2);
    return new Sequential(
        x -> x.reshape(-1, 1, 8, 8),
        new Conv2d(1, c1, 3, 1, 1, seed),
        new BatchNorm2d(c1),
        Activation.RELU,
        new MaxPool2d(2),
        new Conv2d(c1, channels, 3, 1, 1, seed + 1),
        new BatchNorm2d(channels),
        Activation.RELU,
        new Flatten(),
        new Dropout(0.25, seed + 2),
        new Linear(channels * 16, 10, seed + 3));
  }

  @Override
  public ExampleResult run(Context ctx) throws Exception {
    if (folds < 2) {
      throw new IllegalArgumentException("digits-cnn: needs at least 2 folds; got " + folds);
    }
    Dataset all = Datasets.digits();
    Dataset scaled = all.withFeatures(all.features().div(16.0));
    var xent = Losses.softmaxCrossEntropy();
    double[] seconds = new double[folds];
    int[][] shown = new int[1][];
    Dataset[] shownImages = new Dataset[1];
    try (Progress progress = ctx.progress("digits, CNN, " + folds + "-fold cross-validation", folds)) {
      CrossValidation.Result cv = CrossValidation.run(Split.stratifiedKFold(scaled, folds, ctx.seed(30)), (fold, i) -> {
        long t0 = System.nanoTime();
        Sequential net = network(ctx.seed(31) + 10L * i).to(ctx.dtype());
        // a fresh network per fold, so each fold's seed fixes its result
        new Trainer(net, xent, new Adam(net, 0.003)).batchSize(32).seed(ctx.seed(32) + i).fit(fold.train(), epochs);
        int[] predicted = ConvNets.predict(net, fold.test(), 512);
        double accuracy = ConvNets.accuracy(predicted, fold.test());
        seconds[i] = (System.nanoTime() - t0) / 1e9;
        if (i == 0) {
          shown[0] = predicted;
          shownImages[0] = fold.test();
        }
        progress.update(i + 1, String.format(Locale.ROOT, "fold %d accuracy %.3f, %.1f s", i + 1, accuracy, seconds[i]));
        return accuracy;
      });
      Path gallery = DigitGallery.of(String.format(Locale.ROOT,
              "Handwritten digits, CNN, test images of fold 1: predicted label (red: wrong), accuracy %.3f",
              cv.scores()[0]), shownImages[0], shown[0], ctx.seed(33))
          .save(ctx.file("7b-digits-cnn-samples.png"));
      double mean = 0;
      StringBuilder times = new StringBuilder();
      for (int i = 0; i < folds; i++) {
        mean += seconds[i] / folds;
        times.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", seconds[i]));
      }
      return result()
          .metric("cv_accuracy", cv.mean())
          .metric("cv_min_accuracy", cv.min())
          .metric("seconds_per_fold", mean)
          .file(gallery)
          .line(String.format(Locale.ROOT, "digits (1797 images, 8×8 pixels): CNN conv3×3(%d)-BN-ReLU-maxpool2-"
                  + "conv3×3(%d)-BN-ReLU-dropout-linear(10)%s, %d parameters, Adam, minibatches of 32, %s per fold",
              Math.max(1, channels / 2), channels, ctx.dtypeNote(), net(ctx).parameterCount(),
              Words.count(epochs, "epoch")))
          .line(String.format(Locale.ROOT, "  %d-fold cross-validation: mean accuracy %.3f ± %.3f, lowest %.3f "
              + "(the MLP of part 7: 0.976)", folds, cv.mean(), cv.std(), cv.min()))
          .line("  seconds per fold: " + times)
          .build();
    }
  }

  private Sequential net(Context ctx) {
    return network(ctx.seed(31));
  }
}
