package dev.autograd.nn.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/**
 * The bundled real data sets (see {@code datasets/README.md} in this module's resources for sources
 * and licences) and small generated ones for the lecture's pictures.
 *
 * <p>Real data: {@link #breastCancer()} (569 × 30, 2 classes), {@link #digits()} (1797 × 64, 10
 * classes), {@link #iris()} (150 × 4, 3 classes), loaded unstandardised. Generated data:
 * {@link #xor()}, {@link #ring}, {@link #linearlySeparable}, each a function of its seed.
 */
public final class Datasets {
  private Datasets() {}

  /**
   * Breast Cancer Wisconsin (Diagnostic): 569 examples, 30 real-valued features of cell nuclei,
   * labels 0 = malignant, 1 = benign. W. H. Wolberg, W. N. Street, O. L. Mangasarian; UCI Machine
   * Learning Repository; CC BY 4.0.
   *
   * @return 569 examples of 30 features, labels 0 and 1, with class names
   */
  public static Dataset breastCancer() {
    return resource("breast_cancer.csv", NumericCsv.Header.COUNTS_AND_CLASS_NAMES);
  }

  /**
   * Fisher's Iris: 150 examples, 4 features, 3 classes (setosa, versicolor, virginica). Public domain.
   *
   * @return 150 examples of 4 features, labels 0–2, with class names
   */
  public static Dataset iris() {
    return resource("iris.csv", NumericCsv.Header.COUNTS_AND_CLASS_NAMES);
  }

  /**
   * Optical Recognition of Handwritten Digits: 1797 images of 8×8 pixel counts 0–16 (row-major, 64
   * features), labels 0–9. E. Alpaydin, C. Kaynak; UCI Machine Learning Repository; CC BY 4.0.
   *
   * @return 1797 examples of 64 features, labels 0–9, with class names {@code "0"} to {@code "9"}
   */
  public static Dataset digits() {
    return resource("digits.csv.gz", NumericCsv.Header.NONE)
        .withClassNames(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
  }

  /**
   * A bundled file by name, read from the class path under {@code /datasets/}.
   *
   * @param fileName the file's name under {@code /datasets/}; a name ending in {@code .gz} is
   *     gunzipped
   * @param header what the file's first line holds
   * @return the file's examples, one per data line
   * @throws IllegalArgumentException when there is no such resource
   * @throws UncheckedIOException when it cannot be read (the message says why)
   */
  public static Dataset resource(String fileName, NumericCsv.Header header) {
    String path = "/datasets/" + fileName;
    InputStream s = Datasets.class.getResourceAsStream(path);
    if (s == null) {
      throw new IllegalArgumentException("datasets: no bundled data set '" + fileName + "' (looked for " + path + ")");
    }
    try (InputStream in = fileName.endsWith(".gz") ? new GZIPInputStream(s) : s;
        Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return NumericCsv.readDataset(r, fileName, header);
    } catch (IOException e) {
      throw new UncheckedIOException("datasets: cannot read bundled '" + fileName + "': " + e.getMessage(), e);
    }
  }

  /** Where Debian's {@code dataset-fashion-mnist} package installs its files. */
  public static final Path FASHION_MNIST_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  /** Fashion-MNIST's class names, label 0 to 9. */
  public static final List<String> FASHION_MNIST_CLASSES = List.of(
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  /**
   * True when Fashion-MNIST's files are in {@link #FASHION_MNIST_DIR}.
   *
   * @return whether the training images are there (the other files are not checked)
   */
  public static boolean hasFashionMnist() {
    return Files.isRegularFile(FASHION_MNIST_DIR.resolve("train-images-idx3-ubyte.gz"));
  }

  /**
   * Fashion-MNIST (H. Xiao, K. Rasul, R. Vollgraf, Zalando Research; MIT licence) from {@code dir}, as
   * installed by Debian's {@code dataset-fashion-mnist} (not bundled): the first {@code limit} of the
   * 60,000 training or 10,000 test images, 28×28 pixels 0–255 flattened to 784 features, 10 classes.
   *
   * @param dir the directory holding the four {@code *-ubyte.gz} files, e.g.
   *     {@link #FASHION_MNIST_DIR}
   * @param train true for the training images, false for the test images
   * @param limit the most images to read, {@code ≥ 1}; a larger one reads them all
   * @return at most {@code limit} examples of 784 features, labels 0–9, named by
   *     {@link #FASHION_MNIST_CLASSES}
   * @throws IOException when the files are missing or malformed (the message names the file)
   */
  public static Dataset fashionMnist(Path dir, boolean train, int limit) throws IOException {
    String prefix = train ? "train" : "t10k";
    return Idx.readDataset(
        dir.resolve(prefix + "-images-idx3-ubyte.gz"), dir.resolve(prefix + "-labels-idx1-ubyte.gz"), limit,
        FASHION_MNIST_CLASSES);
  }

  /**
   * The four points of XOR: {@code (0,0)→0, (0,1)→1, (1,0)→1, (1,1)→0}.
   *
   * @return 4 examples of 2 features, labels 0 and 1
   */
  public static Dataset xor() {
    return Dataset.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}, new int[] {0, 1, 1, 0});
  }

  /**
   * Two-dimensional ring data: half the points (label 0) uniformly inside the disc of radius 1, the
   * other half (label 1) uniformly on the annulus between radii 1.5 and 2.5 around it. No straight line
   * separates them; a circle does.
   *
   * @param n the number of points, {@code ≥ 2}
   * @param seed the seed of the points' positions
   * @return {@code n} examples of 2 features, labels 0 and 1 alternating
   */
  public static Dataset ring(int n, long seed) {
    return ring(n, seed, 1.0, 1.5, 2.5);
  }

  /**
   * Ring data with chosen radii: label 0 uniformly in the disc of radius {@code inner}, label 1
   * uniformly in the annulus {@code ringFrom ≤ r ≤ ringTo}; the labels alternate 0, 1, 0, 1, ….
   *
   * @param n the number of points, {@code ≥ 2}
   * @param seed the seed of the points' positions
   * @param inner the radius of the disc of label 0, {@code > 0}
   * @param ringFrom the annulus's inner radius, {@code ≥ inner}
   * @param ringTo the annulus's outer radius, {@code > ringFrom}
   * @return {@code n} examples of 2 features, labels 0 and 1 alternating
   */
  public static Dataset ring(int n, long seed, double inner, double ringFrom, double ringTo) {
    if (n < 2 || !(inner > 0) || !(ringFrom >= inner) || !(ringTo > ringFrom)) {
      throw new IllegalArgumentException(
          "ring: needs n >= 2 and 0 < inner <= ringFrom < ringTo; got n = " + n + ", radii " + inner + ", "
              + ringFrom + ", " + ringTo);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    double[][] x = new double[n][];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2;
      double lo = y[i] == 0 ? 0 : ringFrom;
      double hi = y[i] == 0 ? inner : ringTo;
      // uniform in area: r² uniform between lo² and hi²
      double r = Math.sqrt(lo * lo + (hi * hi - lo * lo) * rng.nextDouble());
      double a = 2 * Math.PI * rng.nextDouble();
      x[i] = new double[] {r * Math.cos(a), r * Math.sin(a)};
    }
    return Dataset.of(x, y);
  }

  /**
   * Two-dimensional data that a straight line separates with a margin: points uniform in
   * {@code [−3, 3]²}, labelled 1 above the line {@code x₂ = 0.5·x₁ + 0.3} and 0 below, with points
   * closer than 0.3 to the line left out (and redrawn).
   *
   * @param n the number of points, {@code ≥ 2}
   * @param seed the seed of the points' positions
   * @return {@code n} examples of 2 features, labels 0 and 1
   */
  public static Dataset linearlySeparable(int n, long seed) {
    if (n < 2) {
      throw new IllegalArgumentException("linearlySeparable: needs n >= 2; got " + n);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    double norm = Math.sqrt(0.5 * 0.5 + 1);
    double[][] x = new double[n][];
    int[] y = new int[n];
    for (int i = 0; i < n; ) {
      double a = -3 + 6 * rng.nextDouble();
      double b = -3 + 6 * rng.nextDouble();
      double distance = (b - 0.5 * a - 0.3) / norm;
      if (Math.abs(distance) < 0.3) {
        continue;
      }
      x[i] = new double[] {a, b};
      y[i] = distance > 0 ? 1 : 0;
      i++;
    }
    return Dataset.of(x, y);
  }
}
