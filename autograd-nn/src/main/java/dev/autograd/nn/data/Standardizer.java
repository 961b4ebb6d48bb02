package dev.autograd.nn.data;

import dev.autograd.Tensor;
import dev.autograd.ops.Precision;
import java.util.Arrays;

/**
 * Per-feature standardisation {@code x'ⱼ = (xⱼ − μⱼ) / σⱼ}, with the mean {@code μⱼ} and the
 * population standard deviation {@code σⱼ = √((1/n) Σᵢ (xᵢⱼ − μⱼ)²)} fitted on training data and then
 * applied unchanged to any data. A constant feature ({@code σⱼ = 0}, such as an always-blank pixel)
 * gets {@code σⱼ = 1}, so it becomes 0 instead of a division by zero.
 *
 * <p>Preprocessing, not part of a model: the results are constants.
 */
public final class Standardizer {
  private final double[] mean;
  private final double[] std;

  private Standardizer(double[] mean, double[] std) {
    this.mean = mean;
    this.std = std;
  }

  /**
   * Fits the statistics of a data set's features.
   *
   * @param data the training examples
   * @return a standardizer with {@code d} means and standard deviations
   */
  public static Standardizer fit(Dataset data) {
    return fit(data.features());
  }

  /**
   * Fits the statistics of the columns of a matrix {@code [n, d]}.
   *
   * @param x the training features {@code [n, d]}
   * @return a standardizer with {@code d} means and standard deviations
   */
  public static Standardizer fit(Tensor x) {
    if (x.rank() != 2) {
      throw new IllegalArgumentException(
          "standardizer: expects a matrix [n, d] of feature rows; got " + Arrays.toString(x.shape()));
    }
    int n = x.dim(0);
    int d = x.dim(1);
    double[] v = Precision.values(x);
    double[] mean = new double[d];
    double[] std = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        mean[j] += v[i * d + j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        double c = v[i * d + j] - mean[j];
        std[j] += c * c;
      }
    }
    for (int j = 0; j < d; j++) {
      std[j] = Math.sqrt(std[j] / n);
      if (!(std[j] > 0)) {
        std[j] = 1.0;
      }
    }
    return new Standardizer(mean, std);
  }

  /**
   * The fitted means {@code μ}.
   *
   * @return {@code d} means, a copy
   */
  public double[] mean() {
    return mean.clone();
  }

  /**
   * The fitted standard deviations {@code σ} (1 for constant features).
   *
   * @return {@code d} values {@code > 0}, a copy
   */
  public double[] std() {
    return std.clone();
  }

  /**
   * {@code (x − μ) / σ} for every row of {@code x ∈ ℝ^{n×d}}, as a new constant tensor.
   *
   * @param x features {@code [n, d]}, {@code d} as fitted
   * @return a tensor {@code [n, d]} not requiring gradients, of {@code x}'s precision (computed in double)
   */
  public Tensor transform(Tensor x) {
    int d = mean.length;
    if (x.rank() != 2 || x.dim(1) != d) {
      throw new IllegalArgumentException(
          "standardizer: fitted on " + d + " features; expects [n, " + d + "]; got " + Arrays.toString(x.shape()));
    }
    double[] v = x.toArray();
    for (int i = 0; i < v.length; i++) {
      int j = i % d;
      v[i] = (v[i] - mean[j]) / std[j];
    }
    return Tensor.wrap(v, x.dim(0), d).to(x.dtype());
  }

  /**
   * The data set with standardised features.
   *
   * @param data examples with the {@code d} features fitted
   * @return a data set with the same targets and class names
   */
  public Dataset transform(Dataset data) {
    return data.withFeatures(transform(data.features()));
  }
}
