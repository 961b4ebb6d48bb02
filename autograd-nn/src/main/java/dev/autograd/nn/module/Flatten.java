package dev.autograd.nn.module;

import dev.autograd.Tensor;
import java.util.Arrays;

/**
 * Merges consecutive axes into one (PyTorch's {@code nn.Flatten}): by default every axis from 1 on,
 * so a batch of images {@code [N, C, H, W]} becomes rows {@code [N, C·H·W]} for a {@link Linear}
 * layer. No parameters; the result is a reshape.
 */
public final class Flatten implements Module {
  private final int startDim;
  private final int endDim;

  /** Flattens axes 1 to the last (PyTorch's default). */
  public Flatten() {
    this(1, -1);
  }

  /**
   * Flattens axes {@code startDim} to {@code endDim}, both included; negative values count from the
   * end.
   *
   * @param startDim the first axis merged
   * @param endDim the last axis merged
   */
  public Flatten(int startDim, int endDim) {
    this.startDim = startDim;
    this.endDim = endDim;
  }

  /**
   * The input with axes {@code startDim … endDim} merged.
   *
   * @param x the input
   * @return the reshaped input
   */
  @Override
  public Tensor forward(Tensor x) {
    int[] s = x.shape();
    int start = startDim < 0 ? startDim + s.length : startDim;
    int end = endDim < 0 ? endDim + s.length : endDim;
    if (start < 0 || end >= s.length || start > end) {
      throw new IllegalArgumentException(
          "Flatten(" + startDim + ", " + endDim + "): the axes do not fit an input of shape " + Arrays.toString(s)
              + " (rank " + s.length + ")");
    }
    int[] out = new int[s.length - (end - start)];
    int merged = 1;
    for (int i = start; i <= end; i++) {
      merged *= s[i];
    }
    System.arraycopy(s, 0, out, 0, start);
    out[start] = merged;
    System.arraycopy(s, end + 1, out, start + 1, s.length - end - 1);
    return x.reshape(out);
  }

  @Override
  public String toString() {
    return startDim == 1 && endDim == -1 ? "Flatten()" : "Flatten(" + startDim + ", " + endDim + ")";
  }
}
