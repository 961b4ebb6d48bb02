package dev.autograd.nn.data;

import dev.autograd.Tensor;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * An immutable table of {@code n} examples: a feature row {@code xᵢ ∈ ℝ^d} and a target {@code yᵢ}
 * each. For classification the targets are class labels {@code 0 … k−1} (stored as doubles, read as
 * integers with {@link #labels()}); optional class names label them.
 *
 * <p>{@link #features()} and {@link #targets()} return fresh constant tensors ({@code [n, d]} and
 * {@code [n]}), so a caller can never change the data set.
 */
public final class Dataset {
  private final double[] x;
  private final double[] y;
  private final int n;
  private final int d;
  private final List<String> classNames;

  private Dataset(double[] x, double[] y, int n, int d, List<String> classNames) {
    this.x = x;
    this.y = y;
    this.n = n;
    this.d = d;
    this.classNames = classNames;
  }

  /**
   * A data set from feature rows (all of one length) and one target per row. The arrays are copied.
   *
   * @param features {@code n ≥ 1} rows of {@code d ≥ 1} finite values each
   * @param targets {@code n} finite targets, {@code targets[i]} for row {@code i}
   * @return a data set of {@code n} examples and {@code d} features, without class names
   * @throws IllegalArgumentException for no rows, ragged rows, a count mismatch or non-finite values
   */
  public static Dataset of(double[][] features, double[] targets) {
    if (features == null || features.length == 0) {
      throw new IllegalArgumentException("dataset: needs at least one example");
    }
    if (targets == null || targets.length != features.length) {
      throw new IllegalArgumentException(
          "dataset: needs one target per feature row; got " + features.length + " rows and "
              + (targets == null ? "no" : targets.length) + " targets");
    }
    int d = features[0] == null ? 0 : features[0].length;
    if (d == 0) {
      throw new IllegalArgumentException("dataset: rows need at least one feature");
    }
    double[] x = new double[features.length * d];
    for (int i = 0; i < features.length; i++) {
      if (features[i] == null || features[i].length != d) {
        throw new IllegalArgumentException(
            "dataset: row " + i + " has " + (features[i] == null ? 0 : features[i].length) + " features; row 0 has "
                + d);
      }
      System.arraycopy(features[i], 0, x, i * d, d);
    }
    return checked(x, targets.clone(), features.length, d, List.of());
  }

  /**
   * A classification data set from feature rows and integer class labels.
   *
   * @param features {@code n ≥ 1} rows of {@code d ≥ 1} finite values each
   * @param labels {@code n} class labels {@code ≥ 0}, {@code labels[i]} for row {@code i}
   * @return a data set of {@code n} examples whose targets are the labels
   */
  public static Dataset of(double[][] features, int[] labels) {
    if (labels == null) {
      throw new IllegalArgumentException("dataset: labels are null");
    }
    double[] t = new double[labels.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = labels[i];
    }
    return of(features, t);
  }

  /**
   * A data set from a feature matrix {@code [n, d]} and a target vector {@code [n]} (values copied).
   *
   * @param features the feature matrix {@code [n, d]}, finite values
   * @param targets the targets {@code [n]}, finite values
   * @return a data set of {@code n} examples and {@code d} features, without class names
   */
  public static Dataset of(Tensor features, Tensor targets) {
    if (features.rank() != 2 || targets.rank() != 1 || targets.dim(0) != features.dim(0)) {
      throw new IllegalArgumentException(
          "dataset: expects features [n, d] and targets [n]; got " + Arrays.toString(features.shape()) + " and "
              + Arrays.toString(targets.shape()));
    }
    return checked(features.toArray(), targets.toArray(), features.dim(0), features.dim(1), List.of());
  }

  private static Dataset checked(double[] x, double[] y, int n, int d, List<String> names) {
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i])) {
        throw new IllegalArgumentException(
            "dataset: feature " + (i % d) + " of row " + (i / d) + " is " + x[i] + "; values must be finite");
      }
    }
    for (int i = 0; i < y.length; i++) {
      if (!Double.isFinite(y[i])) {
        throw new IllegalArgumentException("dataset: target of row " + i + " is " + y[i] + "; values must be finite");
      }
    }
    return new Dataset(x, y, n, d, names);
  }

  /**
   * This data set with names for its classes (name {@code j} for label {@code j}).
   *
   * @param names the class names, {@code names.get(j)} for label {@code j}; at least
   *     {@code classCount()} of them
   * @return a new data set with the same examples and these names
   * @throws IllegalArgumentException when a label has no name
   */
  public Dataset withClassNames(List<String> names) {
    List<String> copy = List.copyOf(names);
    int[] labels = labels();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] >= copy.size()) {
        throw new IllegalArgumentException(
            "dataset: label " + labels[i] + " of row " + i + " has no name; " + copy.size() + " class names given");
      }
    }
    return new Dataset(x, y, n, d, copy);
  }

  /**
   * Number of examples {@code n}.
   *
   * @return {@code n ≥ 1}
   */
  public int size() {
    return n;
  }

  /**
   * Number of features {@code d}.
   *
   * @return {@code d ≥ 1}
   */
  public int featureCount() {
    return d;
  }

  /**
   * The feature matrix {@code [n, d]} as a new constant tensor.
   *
   * @return a tensor {@code [n, d]} not requiring gradients
   */
  public Tensor features() {
    return Tensor.of(x, n, d);
  }

  /**
   * The targets {@code [n]} as a new constant tensor.
   *
   * @return a tensor {@code [n]} not requiring gradients
   */
  public Tensor targets() {
    return Tensor.of(y, n);
  }

  /**
   * A copy of row {@code i}'s features.
   *
   * @param i the row, {@code 0 ≤ i < n}
   * @return {@code d} feature values
   */
  public double[] row(int i) {
    Objects.checkIndex(i, n);
    return Arrays.copyOfRange(x, i * d, (i + 1) * d);
  }

  /**
   * Row {@code i}'s target.
   *
   * @param i the row, {@code 0 ≤ i < n}
   * @return the target of example {@code i}
   */
  public double target(int i) {
    return y[Objects.checkIndex(i, n)];
  }

  /**
   * A copy of the targets.
   *
   * @return {@code n} targets in row order
   */
  public double[] targetArray() {
    return y.clone();
  }

  /**
   * The targets as integer class labels.
   *
   * @return {@code n} labels in row order, each {@code ≥ 0}
   * @throws IllegalStateException when a target is not a whole number ≥ 0
   */
  public int[] labels() {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      double t = y[i];
      if (t != Math.rint(t) || t < 0 || t > Integer.MAX_VALUE) {
        throw new IllegalStateException(
            "dataset: target of row " + i + " is " + t + ", not a class label (a whole number >= 0)");
      }
      out[i] = (int) t;
    }
    return out;
  }

  /**
   * Number of classes: the number of class names if given, else the largest label + 1.
   *
   * @return {@code k ≥ 1}; labels run {@code 0 … k−1}
   */
  public int classCount() {
    if (!classNames.isEmpty()) {
      return classNames.size();
    }
    int max = -1;
    for (int label : labels()) {
      max = Math.max(max, label);
    }
    return max + 1;
  }

  /**
   * How many examples carry each label {@code 0 … classCount()−1}.
   *
   * @return an array of length {@code classCount()}; entry {@code j} counts label {@code j}
   */
  public int[] classCounts() {
    int[] counts = new int[classCount()];
    for (int label : labels()) {
      counts[label]++;
    }
    return counts;
  }

  /**
   * The class names, empty when none were given.
   *
   * @return an unmodifiable list, name {@code j} for label {@code j}
   */
  public List<String> classNames() {
    return classNames;
  }

  /**
   * The examples at {@code indices}, in that order (repeats allowed).
   *
   * @param indices row indices in {@code [0, n)}, at least one
   * @return a data set of {@code indices.length} examples with the same class names
   */
  public Dataset subset(int... indices) {
    if (indices.length == 0) {
      throw new IllegalArgumentException("dataset: a subset needs at least one index");
    }
    double[] sx = new double[indices.length * d];
    double[] sy = new double[indices.length];
    for (int k = 0; k < indices.length; k++) {
      int i = indices[k];
      if (i < 0 || i >= n) {
        throw new IndexOutOfBoundsException("dataset: index " + i + " is out of range for " + n + " examples");
      }
      System.arraycopy(x, i * d, sx, k * d, d);
      sy[k] = y[i];
    }
    return new Dataset(sx, sy, indices.length, d, classNames);
  }

  /**
   * The examples in a random order drawn with {@code seed}.
   *
   * @param seed the seed of the shuffle; the same seed gives the same order
   * @return a data set of the same {@code n} examples, permuted
   */
  public Dataset shuffled(long seed) {
    return subset(permutation(n, new SplittableRandom(seed)));
  }

  /**
   * The same targets with features replaced by {@code features} (same number of rows; values copied).
   *
   * @param features the new feature matrix {@code [n, d']}, finite values
   * @return a data set of {@code n} examples and {@code d'} features, with the same class names
   */
  public Dataset withFeatures(Tensor features) {
    if (features.rank() != 2 || features.dim(0) != n) {
      throw new IllegalArgumentException(
          "dataset: new features must be [" + n + ", d]; got " + Arrays.toString(features.shape()));
    }
    return checked(features.toArray(), y, n, features.dim(1), classNames);
  }

  /**
   * Consecutive minibatches of at most {@code batchSize} examples in the stored order (the last may be
   * smaller). Batches are built as they are iterated.
   *
   * @param batchSize the largest batch, {@code ≥ 1}
   * @return {@code batchCount(batchSize)} batches covering every example once; each iteration
   *     starts over
   */
  public Iterable<Batch> batches(int batchSize) {
    return batches(batchSize, identity(n));
  }

  /**
   * Minibatches of at most {@code batchSize} examples in a random order drawn from {@code rng}.
   *
   * @param batchSize the largest batch, {@code ≥ 1}
   * @param rng the source of the order, drawn from once per call (not per iteration)
   * @return {@code batchCount(batchSize)} batches covering every example once
   */
  public Iterable<Batch> batches(int batchSize, SplittableRandom rng) {
    return batches(batchSize, permutation(n, rng));
  }

  /**
   * Number of batches of at most {@code batchSize} examples: {@code ⌈n / batchSize⌉}.
   *
   * @param batchSize the largest batch, {@code ≥ 1}
   * @return {@code ⌈n / batchSize⌉}
   */
  public int batchCount(int batchSize) {
    checkBatchSize(batchSize);
    return (n + batchSize - 1) / batchSize;
  }

  private Iterable<Batch> batches(int batchSize, int[] order) {
    checkBatchSize(batchSize);
    return () -> new Iterator<>() {
      private int start;

      @Override
      public boolean hasNext() {
        return start < n;
      }

      @Override
      public Batch next() {
        if (start >= n) {
          throw new NoSuchElementException("dataset: no more batches");
        }
        int end = Math.min(n, start + batchSize);
        int[] idx = Arrays.copyOfRange(order, start, end);
        double[] bx = new double[idx.length * d];
        double[] by = new double[idx.length];
        for (int k = 0; k < idx.length; k++) {
          System.arraycopy(x, idx[k] * d, bx, k * d, d);
          by[k] = y[idx[k]];
        }
        start = end;
        return new Batch(Tensor.wrap(bx, idx.length, d), Tensor.wrap(by, idx.length), idx);
      }
    };
  }

  private static void checkBatchSize(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("dataset: batch size must be at least 1; got " + batchSize);
    }
  }

  /**
   * A uniformly random permutation of {@code 0 … n−1} (Fisher–Yates).
   *
   * @param n the length, {@code ≥ 0}
   * @param rng the source of randomness
   * @return each of {@code 0 … n−1} once
   */
  public static int[] permutation(int n, SplittableRandom rng) {
    int[] p = identity(n);
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private static int[] identity(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    return p;
  }

  @Override
  public String toString() {
    return "Dataset(" + n + " examples, " + d + " features" + (classNames.isEmpty() ? "" : ", classes " + classNames)
        + ")";
  }
}
