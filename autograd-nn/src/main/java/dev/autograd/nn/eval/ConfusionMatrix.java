package dev.autograd.nn.eval;

import java.util.Arrays;

/**
 * Confusion counts {@code C[a][p]}: how many examples of actual class {@code a} were predicted as
 * class {@code p}. Immutable.
 */
public final class ConfusionMatrix {
  private final int[][] counts;
  private final int total;

  private ConfusionMatrix(int[][] counts, int total) {
    this.counts = counts;
    this.total = total;
  }

  /**
   * Counts pairs of actual and predicted labels, each in {@code [0, classes)}.
   *
   * @param actual the true label of each example, in {@code [0, classes)}
   * @param predicted the predicted label of each example, in {@code [0, classes)}; as many as
   *     {@code actual}
   * @param classes the number of classes {@code k ≥ 1}
   * @return a {@code k × k} matrix of counts over {@code actual.length} examples
   * @throws IllegalArgumentException for arrays of different length or a label out of range
   */
  public static ConfusionMatrix of(int[] actual, int[] predicted, int classes) {
    if (actual.length != predicted.length) {
      throw new IllegalArgumentException(
          "confusion: needs one prediction per label; got " + predicted.length + " predictions and " + actual.length
              + " labels");
    }
    if (classes < 1) {
      throw new IllegalArgumentException("confusion: needs at least one class; got " + classes);
    }
    int[][] c = new int[classes][classes];
    for (int i = 0; i < actual.length; i++) {
      int a = actual[i];
      int p = predicted[i];
      if (a < 0 || a >= classes || p < 0 || p >= classes) {
        throw new IllegalArgumentException(
            "confusion: labels must be in [0, " + classes + "); got actual " + a + ", predicted " + p + " at index " + i);
      }
      c[a][p]++;
    }
    return new ConfusionMatrix(c, actual.length);
  }

  /**
   * Number of classes.
   *
   * @return {@code k ≥ 1}, the matrix being {@code k × k}
   */
  public int classes() {
    return counts.length;
  }

  /**
   * Number of examples of class {@code actual} predicted as {@code predicted}.
   *
   * @param actual the true class, in {@code [0, k)}
   * @param predicted the predicted class, in {@code [0, k)}
   * @return {@code C[actual][predicted] ≥ 0}
   */
  public int count(int actual, int predicted) {
    return counts[actual][predicted];
  }

  /**
   * A copy of the counts, indexed {@code [actual][predicted]}.
   *
   * @return a new {@code k × k} array
   */
  public int[][] counts() {
    int[][] out = new int[counts.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = counts[i].clone();
    }
    return out;
  }

  /**
   * Number of examples counted.
   *
   * @return {@code ≥ 0}, the sum of all counts
   */
  public int total() {
    return total;
  }

  /**
   * The fraction on the diagonal.
   *
   * @return the accuracy in {@code [0, 1]}; NaN for no examples
   */
  public double accuracy() {
    int right = 0;
    for (int i = 0; i < counts.length; i++) {
      right += counts[i][i];
    }
    return total == 0 ? Double.NaN : (double) right / total;
  }

  /**
   * True positives of class {@code c}: {@code C[c][c]}.
   *
   * @param c the class, in {@code [0, k)}
   * @return {@code ≥ 0}
   */
  public int truePositives(int c) {
    return counts[c][c];
  }

  /**
   * False positives of class {@code c}: predicted {@code c}, actually another class.
   *
   * @param c the class, in {@code [0, k)}
   * @return {@code ≥ 0}, the sum of column {@code c} off the diagonal
   */
  public int falsePositives(int c) {
    int s = 0;
    for (int a = 0; a < counts.length; a++) {
      if (a != c) {
        s += counts[a][c];
      }
    }
    return s;
  }

  /**
   * False negatives of class {@code c}: actually {@code c}, predicted another class.
   *
   * @param c the class, in {@code [0, k)}
   * @return {@code ≥ 0}, the sum of row {@code c} off the diagonal
   */
  public int falseNegatives(int c) {
    int s = 0;
    for (int p = 0; p < counts.length; p++) {
      if (p != c) {
        s += counts[c][p];
      }
    }
    return s;
  }

  /**
   * True negatives of class {@code c}: neither actually nor predicted {@code c}.
   *
   * @param c the class, in {@code [0, k)}
   * @return {@code ≥ 0}
   */
  public int trueNegatives(int c) {
    return total - truePositives(c) - falsePositives(c) - falseNegatives(c);
  }

  /**
   * {@code TP / (TP + FP)} for class {@code c}; NaN when nothing was predicted as {@code c}.
   *
   * @param c the class, in {@code [0, k)}
   * @return the precision in {@code [0, 1]}, or NaN
   */
  public double precision(int c) {
    int tp = truePositives(c);
    int fp = falsePositives(c);
    return tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp);
  }

  /**
   * {@code TP / (TP + FN)} for class {@code c}; NaN when class {@code c} does not occur.
   *
   * @param c the class, in {@code [0, k)}
   * @return the recall in {@code [0, 1]}, or NaN
   */
  public double recall(int c) {
    int tp = truePositives(c);
    int fn = falseNegatives(c);
    return tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn);
  }

  /** A table: one row per actual class, one column per predicted class. */
  @Override
  public String toString() {
    int w = Math.max(6, Integer.toString(total).length() + 1);
    StringBuilder b = new StringBuilder(String.format("%-11s", "actual\\pred"));
    for (int p = 0; p < counts.length; p++) {
      b.append(String.format("%" + w + "d", p));
    }
    for (int a = 0; a < counts.length; a++) {
      b.append('\n').append(String.format("%-11d", a));
      for (int p = 0; p < counts.length; p++) {
        b.append(String.format("%" + w + "d", counts[a][p]));
      }
    }
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfusionMatrix m && Arrays.deepEquals(counts, m.counts);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(counts);
  }
}
