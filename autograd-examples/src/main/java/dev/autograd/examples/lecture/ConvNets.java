package dev.autograd.examples.lecture;

import dev.autograd.Tensor;
import dev.autograd.ops.Precision;
import dev.autograd.nn.data.Dataset;
import dev.autograd.nn.eval.Decision;
import dev.autograd.nn.module.Module;
import java.util.Arrays;

/** What the convolutional examples share: prediction in evaluation mode, in chunks that fit in memory. */
final class ConvNets {
  private ConvNets() {}

  /**
   * The predicted class of every row of {@code data}, with {@code net} in evaluation mode (dropout off,
   * batch normalisation on its running statistics) and {@code chunk} rows at a time; the net is back
   * in training mode afterwards.
   */
  static int[] predict(Module net, Dataset data, int chunk) {
    Tensor x = data.features();
    int n = x.dim(0);
    int width = x.size() / n;
    double[] all = Precision.values(x);
    int[] out = new int[n];
    net.eval();
    try {
      for (int start = 0; start < n; start += chunk) {
        int end = Math.min(n, start + chunk);
        Tensor part = Tensor.wrap(Arrays.copyOfRange(all, start * width, end * width), end - start, width);
        int[] labels = Decision.LOGITS.labels(net.predict(part));
        System.arraycopy(labels, 0, out, start, labels.length);
      }
    } finally {
      net.train();
    }
    return out;
  }

  /** The fraction of rows of {@code data} whose predicted class is the label. */
  static double accuracy(int[] predicted, Dataset data) {
    int[] labels = data.labels();
    int right = 0;
    for (int i = 0; i < labels.length; i++) {
      if (predicted[i] == labels[i]) {
        right++;
      }
    }
    return (double) right / labels.length;
  }
}
