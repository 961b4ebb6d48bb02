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
import dev.autograd.nn.module.Activation;
import dev.autograd.nn.module.MLP;
import dev.autograd.nn.module.Sequential;
import dev.autograd.nn.optim.Adam;
import dev.autograd.nn.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Optional: an MLP on Fashion-MNIST (28×28 grey images of ten kinds of clothing; Zalando Research,
 * MIT licence), read from the IDX files of Debian's {@code dataset-fashion-mnist} package. Runs only
 * where the data is installed; nothing else depends on it.
 */
@Command(name = "fashion-mnist",
    description = {"Optional: an MLP on Fashion-MNIST, where Debian's dataset-fashion-mnist is installed",
        "(apt-get install dataset-fashion-mnist). The tour includes it when the data is there."})
public final class FashionMnistExample extends Example {
  /** Where Debian's package puts the files. */
  public static final Path DEFAULT_DATA = Path.of("/usr/share/datasets/fashion-mnist");

  static final List<String> CLASS_NAMES = List.of(
      "T-shirt", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Boot");

  @Option(names = "--data", description = "Folder with the IDX files. Default: " + "/usr/share/datasets/fashion-mnist.")
  public Path data = DEFAULT_DATA;

  @Option(names = "--epochs", defaultValue = "6", description = "Passes over the training images. Default: ${DEFAULT-VALUE}.")
  public int epochs = 6;

  @Option(names = "--train-size", defaultValue = "30000",
      description = "Training images used (of 60000). Default: ${DEFAULT-VALUE}.")
  public int trainSize = 30000;

  @Option(names = "--test-size", defaultValue = "10000", description = "Test images used (of 10000). Default: ${DEFAULT-VALUE}.")
  public int testSize = 10000;

  @Option(names = "--hidden", defaultValue = "128", description = "Hidden units. Default: ${DEFAULT-VALUE}.")
  public int hidden = 128;

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
    Dataset train = load(data, "train", trainSize);
    Dataset test = load(data, "t10k", testSize);
    Dataset trainScaled = scaled(train);
    Dataset testScaled = scaled(test);

    int pixels = train.featureCount();
    Sequential net = MLP.of(ctx.seed(18), Activation.RELU, pixels, hidden, 10);
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
        .line(String.format(Locale.ROOT, "Fashion-MNIST (%d train / %d test images): MLP %d-%d-10, %s: "
            + "train accuracy %.3f, test accuracy %.3f", train.size(), test.size(), pixels, hidden,
            Words.count(epochs, "epoch"),
            trainAccuracy, testAccuracy))
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
