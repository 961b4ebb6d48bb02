package dev.autograd.nn.optim;

import dev.autograd.Tensor;
import dev.autograd.ops.Precision;
import java.util.Arrays;

/**
 * Parameter tensors as one flat vector and back, for optimizers that work on vectors (L-BFGS) and
 * for sending parameters as plain arrays (autograd-spark): the tensors' elements, row-major, one
 * tensor after the other.
 */
public final class ParameterVector {
  private ParameterVector() {}

  /**
   * The elements of the tensors, one after the other.
   *
   * @param tensors the parameter tensors, in a fixed order
   * @return a new array of length {@code Σ size}
   */
  public static double[] flatten(Tensor... tensors) {
    int n = 0;
    for (Tensor t : tensors) {
      n += t.size();
    }
    double[] out = new double[n];
    int k = 0;
    for (Tensor t : tensors) {
      System.arraycopy(Precision.values(t), 0, out, k, t.size());
      k += t.size();
    }
    return out;
  }

  /**
   * New tensors of the given shapes, filled from consecutive parts of {@code x}.
   *
   * @param x the flat vector, at least as long as the shapes' total size
   * @param shapes one shape per tensor, in the order of {@link #flatten}
   * @return new tensors holding copies of their parts of {@code x}
   */
  public static Tensor[] unflatten(double[] x, int[][] shapes) {
    Tensor[] out = new Tensor[shapes.length];
    int k = 0;
    for (int i = 0; i < shapes.length; i++) {
      int size = 1;
      for (int s : shapes[i]) {
        size *= s;
      }
      out[i] = Tensor.wrap(Arrays.copyOfRange(x, k, k + size), shapes[i]);
      k += size;
    }
    return out;
  }
}
