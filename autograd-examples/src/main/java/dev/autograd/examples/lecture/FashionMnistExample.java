package dev.autograd.examples.lecture;

import dev.autograd.Tensor;
import dev.autograd.examples.Context;
import dev.autograd.examples.Example;
import dev.autograd.examples.ExampleResult;
import dev.autograd.examples.Training;
import dev.autograd.examples.Words;
import dev.autograd.examples.plot.Charts;
import dev.autograd.examples.plot.DigitGallery;
import dev.autograd.nn.data.Dataset;
import dev.autograd.nn.data.Idx;
import dev.autograd.nn.eval.Decision;
import dev.autograd.nn.eval.Metrics;
import dev.autograd.nn.loss.Loss;
import dev.autograd.nn.loss.Losses;
import dev.autograd.examples.Progress;
import dev.autograd.nn.module.Activation;
import dev.autograd.nn.module.BatchNorm2d;
import dev.autograd.nn.module.Conv2d;
import dev.autograd.nn.module.Dropout;
import dev.autograd.nn.module.Flatten;
import dev.autograd.nn.module.Linear;
import dev.autograd.nn.module.MLP;
import dev.autograd.nn.module.MaxPool2d;
import dev.autograd.nn.module.Sequential;
import dev.autograd.nn.optim.Adam;
import dev.autograd.nn.optim.LearningRateSchedule;
import dev.autograd.nn.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Optional: an MLP or a convolutional network on Fashion-MNIST (28×28 grey images of ten kinds of
 * clothing; Zalando Research, MIT licence), read from the IDX files of Debian's
 * {@code dataset-fashion-mnist} package. Runs only where the data is installed; nothing else depends
 * on it.
 *
 * <p>The convolutional network ({@code --model cnn}, what the tour runs) is two blocks of a 3×3
 * convolution with zero padding, ReLU and 2×2 max pooling (16 then 32 channels, 28×28 → 14×14 → 7×7;
 * the second block with batch normalisation before its ReLU), dropout, and a linear layer to the ten
 * logits; it is trained with Adam in minibatches of 64, the learning rate annealed from 0.002 to 0
 * along a cosine, evaluated in evaluation mode (dropout off, batch normalisation on its running
 * statistics) after every epoch, and the time per epoch is reported.
 */
@Command(name = "fashion-mnist",
    description = {"Optional: an MLP or a CNN on Fashion-MNIST, where Debian's dataset-fashion-mnist is installed",
        "(apt-get install dataset-fashion-mnist). The tour includes the CNN when the data is there."})
public final class FashionMnistExample extends Example {
  /** The two networks. */
  public enum Model { mlp, cnn }

  /** Where Debian's package puts the files. */
  public static final Path DEFAULT_DATA = Path.of("/usr/share/datasets/fashion-mnist");

  static final List<String> CLASS_NAMES = List.of(
      "T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Boot");

  @Option(names = "--data", description = "Folder with the IDX files. Default: " + "/usr/share/datasets/fashion-mnist.")
  public Path data = DEFAULT_DATA;

  @Option(names = "--model", defaultValue = "mlp", description = "mlp or cnn. Default: ${DEFAULT-VALUE}.")
  public Model model = Model.mlp;

  @Option(names = "--epochs", description = "Passes over the training images. Default: 6 (mlp), 4 (cnn).")
  public Integer epochs;

  @Option(names = "--train-size",
      description = "Training images used (of 60000). Default: 30000 (mlp), 60000 (cnn).")
  public Integer trainSize;

  @Option(names = "--test-size", defaultValue = "10000", description = "Test images used (of 10000). Default: ${DEFAULT-VALUE}.")
  public int testSize = 10000;

  @Option(names = "--hidden", defaultValue = "128", description = "Hidden units of the MLP. Default: ${DEFAULT-VALUE}.")
  public int hidden = 128;

  /** The convolutional network at its full settings (what the tour runs). */
  public static FashionMnistExample cnn() {
    FashionMnistExample e = new FashionMnistExample();
    e.model = Model.cnn;
    return e;
  }

  /**
   * The convolutional network trained briefly: one epoch on 2000 training images, tested on 1000
   * (seconds instead of minutes; for the tour's {@code --quick} and for tests).
   */
  public static FashionMnistExample quickCnn() {
    FashionMnistExample e = cnn();
    e.epochs = 1;
    e.trainSize = 2000;
    e.testSize = 1000;
    return e;
  }

  private int epochs() {
    return epochs != null ? epochs : model == Model.cnn ? 4 : 6;
  }

  private int trainSize() {
    return trainSize != null ? trainSize : model == Model.cnn ? 60000 : 30000;
  }

  @Override
  public String name() {
    return "fashion-mnist";
  }

  @Override
  public String title() {
    return "9. Optional: Fashion-MNIST";
  }

  /** True when the data files are in {@code dir}. */
  public static boolean available(Path dir) {
    return find(dir, "train-images-idx3-ubyte") != null && find(dir, "train-labels-idx1-ubyte") != null
        && find(dir, "t10k-images-idx3-ubyte") != null && find(dir, "t10k-labels-idx1-ubyte") != null;
  }

  @Override
  public ExampleResult run(Context ctx) throws Exception {
    if (!available(data)) {
      throw new IllegalArgumentException("fashion-mnist: no Fashion-MNIST IDX files in " + data
          + "; install them with 'apt-get install dataset-fashion-mnist' or pass --data DIR");
    }
    int epochs = epochs();
    Dataset train = load(data, "train", trainSize());
    Dataset test = load(data, "t10k", testSize);
    Dataset trainScaled = scaled(train);
    Dataset testScaled = scaled(test);
    if (model == Model.cnn) {
      return runCnn(ctx, epochs, train, test, trainScaled, testScaled);
    }

    int pixels = train.featureCount();
    Sequential net = MLP.of(ctx.seed(18), Activation.RELU, pixels, hidden, 10).to(ctx.dtype());
    Loss xent = Losses.softmaxCrossEntropy();
    Trainer trainer = new Trainer(net, xent, new Adam(net, 0.001)).batchSize(64).seed(ctx.seed(19));
    Training.Curves curves = Training.fit(ctx, "Fashion-MNIST, MLP", trainer, net, xent, trainScaled, testScaled,
        epochs);
    double trainAccuracy = Metrics.accuracy(net, trainScaled);
    double testAccuracy = Metrics.accuracy(net, testScaled);

    XYChart chart = Charts.chart("Fashion-MNIST: MLP " + pixels + "-" + hidden + "-10 (ReLU), Adam", "epoch",
        "cross-entropy per image");
    Charts.line(chart, "training (mean over the epoch)", curves.epochs(), curves.train(), Charts.PALETTE[0], 2.5f,
        false);
    Charts.line(chart, "test (after the epoch)", curves.epochs(), curves.test(), Charts.PALETTE[1], 2.5f, false);
    Path lossPicture = Charts.save(chart, ctx.file("9-fashion-mnist-loss.png"));
    int[] predicted = Metrics.predict(net, testScaled.features(), Decision.LOGITS);
    String galleryTitle = String.format(Locale.ROOT,
        "Fashion-MNIST test images: predicted kind (red: wrong), accuracy %.3f", testAccuracy);
    Path gallery = DigitGallery.of(galleryTitle, test, predicted, ctx.seed(21))
        .save(ctx.file("9-fashion-mnist-samples.png"));

    return result()
        .metric("train_accuracy", trainAccuracy)
        .metric("test_accuracy", testAccuracy)
        .metric("test_loss", curves.test()[curves.test().length - 1])
        .file(lossPicture)
        .file(gallery)
        .line(String.format(Locale.ROOT, "Fashion-MNIST (%d train / %d test images): MLP %d-%d-10%s, %s: "
            + "train accuracy %.3f, test accuracy %.3f", train.size(), test.size(), pixels, hidden,
            ctx.dtypeNote(), Words.count(epochs, "epoch"),
            trainAccuracy, testAccuracy))
        .build();
  }

  /** The convolutional network: {@code [n, 784]} rows in, ten logits out. */
  static Sequential cnnNetwork(long seed) {
    return new Sequential(
        x -> x.reshape(-1, 1, 28, 28),
        new Conv2d(1, 16, 3, 1, 1, seed),
        Activation.RELU,
        new MaxPool2d(2),
        new Conv2d(16, 32, 3, 1, 1, seed + 1),
        new BatchNorm2d(32),
        Activation.RELU,
        new MaxPool2d(2),
        new Flatten(),
        new Dropout(0.25, seed + 2),
        new Linear(32 * 7 * 7, 10, seed + 3));
  }

  private ExampleResult runCnn(Context ctx, int epochs, Dataset train, Dataset test, Dataset trainScaled,
      Dataset testScaled) throws Exception {
    Sequential net = cnnNetwork(ctx.seed(40)).to(ctx.dtype());
    // Cosine annealing of the learning rate from 0.002 to 0 over the whole run, step by step.
    long steps = (long) epochs * trainScaled.batchCount(64);
    Trainer trainer = new Trainer(net, Losses.softmaxCrossEntropy(), new Adam(net, 0.002)).batchSize(64)
        .seed(ctx.seed(41)).schedule(LearningRateSchedule.cosine(0.002, 0, 0, steps));
    double[] seconds = new double[epochs];
    double[] trainLoss = new double[epochs];
    double[] testAccuracy = new double[epochs];
    int[] predicted = null;
    try (Progress progress = ctx.progress("Fashion-MNIST, CNN", epochs)) {
      for (int e = 0; e < epochs; e++) {
        long t0 = System.nanoTime();
        trainLoss[e] = trainer.epoch(trainScaled);
        seconds[e] = (System.nanoTime() - t0) / 1e9;
        predicted = ConvNets.predict(net, testScaled, 500);
        testAccuracy[e] = ConvNets.accuracy(predicted, testScaled);
        progress.update(e + 1, String.format(Locale.ROOT, "loss %.4f, test accuracy %.4f, epoch %.1f s",
            trainLoss[e], testAccuracy[e], seconds[e]));
      }
    }
    double accuracy = testAccuracy[epochs - 1];
    XYChart chart = Charts.chart("Fashion-MNIST: CNN, Adam", "epoch", "value");
    double[] x = new double[epochs];
    java.util.Arrays.setAll(x, i -> i + 1);
    // Markers too: a run of one epoch has one point per curve.
    Charts.line(chart, "training cross-entropy (mean over the epoch)", x, trainLoss, Charts.PALETTE[0], 2.5f, false)
        .setMarker(SeriesMarkers.CIRCLE).setMarkerColor(Charts.PALETTE[0]);
    Charts.line(chart, "test accuracy (after the epoch)", x, testAccuracy, Charts.PALETTE[1], 2.5f, false)
        .setMarker(SeriesMarkers.CIRCLE).setMarkerColor(Charts.PALETTE[1]);
    Path curves = Charts.save(chart, ctx.file("9-fashion-mnist-cnn-curves.png"));
    Path gallery = DigitGallery.of(String.format(Locale.ROOT,
            "Fashion-MNIST test images, CNN: predicted kind (red: wrong), accuracy %.3f", accuracy),
            test, predicted, ctx.seed(42))
        .save(ctx.file("9-fashion-mnist-cnn-samples.png"));
    double mean = 0;
    StringBuilder times = new StringBuilder();
    for (int e = 0; e < epochs; e++) {
      mean += seconds[e] / epochs;
      times.append(e == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", seconds[e]));
    }
    return result()
        .metric("test_accuracy", accuracy)
        .metric("train_loss", trainLoss[epochs - 1])
        .metric("seconds_per_epoch", mean)
        .file(curves)
        .file(gallery)
        .line(String.format(Locale.ROOT, "Fashion-MNIST (%d train / %d test images): CNN (conv3×3(16)-ReLU-maxpool2, "
                + "conv3×3(32)-BN-ReLU-maxpool2, dropout 0.25, linear 1568→10; %d parameters)%s, Adam, %s: "
                + "test accuracy %.3f", train.size(), test.size(), net.parameterCount(), ctx.dtypeNote(),
            Words.count(epochs, "epoch"), accuracy))
        .line("  seconds per epoch: " + times)
        .build();
  }

  /** Images and labels of one part ("train" or "t10k"), at most {@code limit} of them. */
  static Dataset load(Path dir, String part, int limit) throws java.io.IOException {
    if (limit < 1) {
      throw new IllegalArgumentException("fashion-mnist: need at least one " + part + " image; got " + limit);
    }
    Idx.Images images = Idx.images(find(dir, part + "-images-idx3-ubyte"), limit);
    int[] labels = Idx.labels(find(dir, part + "-labels-idx1-ubyte"), limit);
    if (labels.length != images.count()) {
      throw new java.io.IOException("fashion-mnist: " + images.count() + " " + part + " images but "
          + labels.length + " labels in " + dir);
    }
    int size = images.rows() * images.columns();
    Dataset d = Dataset.of(Tensor.wrap(images.pixels(), images.count(), size),
        Tensor.wrap(toDoubles(labels), labels.length));
    int classes = d.classCount();
    return classes <= CLASS_NAMES.size() ? d.withClassNames(CLASS_NAMES) : d;
  }

  /** Pixels scaled from 0–255 to 0–1. */
  private static Dataset scaled(Dataset d) {
    return d.withFeatures(d.features().div(255.0));
  }

  private static double[] toDoubles(int[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }

  private static Path find(Path dir, String base) {
    for (String name : new String[] {base + ".gz", base}) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }
}
