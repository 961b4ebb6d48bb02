package dev.autograd.examples.lecture;

import dev.autograd.examples.Context;
import dev.autograd.examples.Example;
import dev.autograd.examples.ExampleResult;
import dev.autograd.examples.Progress;
import dev.autograd.examples.Training;
import dev.autograd.examples.Words;
import dev.autograd.examples.plot.Charts;
import dev.autograd.examples.plot.DigitGallery;
import dev.autograd.nn.data.Dataset;
import dev.autograd.nn.data.Datasets;
import dev.autograd.nn.data.Split;
import dev.autograd.nn.eval.CrossValidation;
import dev.autograd.nn.eval.Decision;
import dev.autograd.nn.eval.Metrics;
import dev.autograd.nn.loss.Loss;
import dev.autograd.nn.loss.Losses;
import dev.autograd.nn.module.Activation;
import dev.autograd.nn.module.LogisticRegression;
import dev.autograd.nn.module.MLP;
import dev.autograd.nn.module.Sequential;
import dev.autograd.nn.optim.Adam;
import dev.autograd.nn.optim.SGD;
import dev.autograd.nn.train.Trainer;
import java.nio.file.Path;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Part 7: real data. Logistic regression by per-example SGD on the Breast Cancer Wisconsin
 * (Diagnostic) data (569 tumours, 30 features, malignant or benign), and an MLP with one hidden
 * layer on the handwritten digits (1797 images of 8×8 pixels, ten classes). Each data set is split
 * into a stratified training and test part; features are standardised with the training part's
 * statistics. Reported: train and test accuracy and the loss curves, and the mean accuracy of a
 * stratified k-fold cross-validation of each model (to compare with published reference numbers).
 */
@Command(name = "real-data",
    description = "Part 7: logistic regression on breast-cancer data, an MLP on handwritten digits.")
public final class RealDataExample extends Example {

  @Option(names = "--lr-epochs", defaultValue = "20",
      description = "Epochs of per-example SGD for logistic regression. Default: ${DEFAULT-VALUE}.")
  public int logisticEpochs = 20;

  @Option(names = "--mlp-epochs", defaultValue = "40", description = "Epochs for the digits MLP. Default: ${DEFAULT-VALUE}.")
  public int mlpEpochs = 40;

  @Option(names = "--hidden", defaultValue = "64", description = "Hidden units of the digits MLP. Default: ${DEFAULT-VALUE}.")
  public int hidden = 64;

  @Option(names = "--folds", defaultValue = "5",
      description = "Also cross-validate both models with this many stratified folds (0: skip). Default: ${DEFAULT-VALUE}.")
  public int folds = 5;

  @Option(names = "--test-fraction", defaultValue = "0.25", description = "Share held out for testing. Default: ${DEFAULT-VALUE}.")
  public double testFraction = 0.25;

  @Override
  public String name() {
    return "real-data";
  }

  @Override
  public String title() {
    return "7. Real data: breast cancer and handwritten digits";
  }

  @Override
  public ExampleResult run(Context ctx) throws Exception {
    ExampleResult.Builder r = result();
    breastCancer(ctx, r);
    digits(ctx, r);
    return r.build();
  }

  private void breastCancer(Context ctx, ExampleResult.Builder r) throws Exception {
    Split split = Split.stratifiedTrainTest(Datasets.breastCancer(), testFraction, ctx.seed(13)).standardised();
    LogisticRegression model = LogisticRegression.binary(split.train().featureCount());
    Loss nll = Losses.binaryCrossEntropy();
    Trainer trainer = new Trainer(model, nll, new SGD(model, 0.01)).batchSize(1).seed(ctx.seed(14));
    Training.Curves curves = Training.fit(ctx, "breast cancer, logistic regression", trainer, model, nll,
        split.train(), split.test(), logisticEpochs);
    double trainAccuracy = Metrics.accuracy(model, split.train());
    double testAccuracy = Metrics.accuracy(model, split.test());

    r.metric("breast_cancer_train_accuracy", trainAccuracy)
        .metric("breast_cancer_test_accuracy", testAccuracy)
        .metric("breast_cancer_test_loss", curves.test()[curves.test().length - 1])
        .file(lossChart("Breast cancer: logistic regression by per-example SGD", curves,
            ctx.file("7-breast-cancer-loss.png")))
        .line(String.format(Locale.ROOT, "breast cancer (%d train / %d test, 30 features): logistic regression, "
                + "%s of SGD: train accuracy %.3f, test accuracy %.3f", split.train().size(),
            split.test().size(), Words.count(logisticEpochs, "epoch"), trainAccuracy, testAccuracy))
        .line(confusionLine(Metrics.confusion(model, split.test(), Decision.LOGITS).counts()));
    if (folds >= 2) {
      try (Progress progress = ctx.progress("breast cancer, " + folds + "-fold cross-validation", folds)) {
        CrossValidation.Result cv = CrossValidation.run(
            Split.stratifiedKFold(Datasets.breastCancer(), folds, ctx.seed(21)), (fold, i) -> {
              Split s = fold.standardised();
              LogisticRegression m = LogisticRegression.binary(s.train().featureCount());
              new Trainer(m, nll, new SGD(m, 0.01)).batchSize(1).seed(ctx.seed(22) + i).fit(s.train(), logisticEpochs);
              double accuracy = Metrics.accuracy(m, s.test());
              progress.update(i + 1, String.format(Locale.ROOT, "fold %d accuracy %.3f", i + 1, accuracy));
              return accuracy;
            });
        r.metric("breast_cancer_cv_accuracy", cv.mean())
            .line(String.format(Locale.ROOT, "  %d-fold cross-validation: mean accuracy %.3f ± %.3f "
                + "(a widely used library's logistic regression: 0.979)", folds, cv.mean(), cv.std()));
      }
    }
  }

  private void digits(Context ctx, ExampleResult.Builder r) throws Exception {
    Dataset all = Datasets.digits();
    Split raw = Split.stratifiedTrainTest(all, testFraction, ctx.seed(15));
    Split split = raw.standardised();
    Sequential net = MLP.of(ctx.seed(16), Activation.RELU, 64, hidden, 10).to(ctx.dtype());
    Loss xent = Losses.softmaxCrossEntropy();
    Trainer trainer = new Trainer(net, xent, new Adam(net, 0.003)).batchSize(32).seed(ctx.seed(17));
    Training.Curves curves = Training.fit(ctx, "digits, MLP", trainer, net, xent, split.train(), split.test(),
        mlpEpochs);
    double trainAccuracy = Metrics.accuracy(net, split.train());
    double testAccuracy = Metrics.accuracy(net, split.test());

    int[] predicted = Metrics.predict(net, split.test().features(), Decision.LOGITS);
    Path gallery = DigitGallery.of(String.format(Locale.ROOT,
            "Handwritten digits, test set: predicted label (red: wrong), accuracy %.3f", testAccuracy),
            raw.test(), predicted, ctx.seed(20))
        .save(ctx.file("7-digits-test-samples.png"));

    r.metric("digits_train_accuracy", trainAccuracy)
        .metric("digits_test_accuracy", testAccuracy)
        .metric("digits_test_loss", curves.test()[curves.test().length - 1])
        .file(lossChart("Digits: MLP 64-" + hidden + "-10 (ReLU), Adam, minibatches of 32", curves,
            ctx.file("7-digits-loss.png")))
        .file(gallery)
        .line(String.format(Locale.ROOT, "digits (%d train / %d test, 8×8 pixels): MLP 64-%d-10%s, %s: "
                + "train accuracy %.3f, test accuracy %.3f", split.train().size(), split.test().size(), hidden,
            ctx.dtypeNote(), Words.count(mlpEpochs, "epoch"), trainAccuracy, testAccuracy));
    if (folds >= 2) {
      try (Progress progress = ctx.progress("digits, " + folds + "-fold cross-validation", folds)) {
        CrossValidation.Result cv = CrossValidation.run(Split.stratifiedKFold(all, folds, ctx.seed(23)), (fold, i) -> {
          Split s = fold.standardised();
          Sequential m = MLP.of(ctx.seed(24) + i, Activation.RELU, 64, hidden, 10).to(ctx.dtype());
          new Trainer(m, xent, new Adam(m, 0.003)).batchSize(32).seed(ctx.seed(25) + i).fit(s.train(), mlpEpochs);
          double accuracy = Metrics.accuracy(m, s.test());
          progress.update(i + 1, String.format(Locale.ROOT, "fold %d accuracy %.3f", i + 1, accuracy));
          return accuracy;
        });
        r.metric("digits_cv_accuracy", cv.mean())
            .line(String.format(Locale.ROOT, "  %d-fold cross-validation: mean accuracy %.3f ± %.3f "
                + "(a widely used library's MLP with 64 hidden units: 0.972)", folds, cv.mean(), cv.std()));
      }
    }
  }

  private static String confusionLine(int[][] c) {
    return String.format(Locale.ROOT, "  test set: %d malignant called malignant, %d called benign; "
        + "%d benign called benign, %d called malignant", c[0][0], c[0][1], c[1][1], c[1][0]);
  }

  private static Path lossChart(String title, Training.Curves curves, Path file) throws Exception {
    XYChart chart = Charts.chart(title, "epoch", "cross-entropy per example");
    Charts.line(chart, "training (mean over the epoch)", curves.epochs(), curves.train(), Charts.PALETTE[0], 2.5f,
        false);
    Charts.line(chart, "test (after the epoch)", curves.epochs(), curves.test(), Charts.PALETTE[1], 2.5f, false);
    return Charts.save(chart, file);
  }
}
