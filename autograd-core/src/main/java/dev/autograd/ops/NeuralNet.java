package dev.autograd.ops;

import dev.autograd.DType;
import dev.autograd.Node;
import dev.autograd.Tensor;
import java.util.SplittableRandom;

/** Primitives of neural-network training that are not sliding windows: dropout. */
public final class NeuralNet {
  private NeuralNet() {}

  /**
   * {@code r = x·m} with a random mask {@code m}: each element is kept with probability
   * {@code 1 − p} and then scaled by {@code 1/(1 − p)}, else zeroed (all zeroed for p = 1);
   * {@code dx = g·m}. The mask is drawn from a generator seeded with {@code seed}, so one instance
   * always draws the same mask for inputs of one size, and saved on the node for the rule.
   */
  public static final class Dropout extends BuiltIn {
    private final double p;
    private final long seed;

    /**
     * Dropout with a fixed seed.
     *
     * @param p the probability of zeroing an element, in [0, 1]
     * @param seed the seed of the mask's generator
     * @throws IllegalArgumentException unless {@code 0 <= p <= 1}
     */
    public Dropout(double p, long seed) {
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("dropout: p must be in [0, 1]; got " + p);
      }
      this.p = p;
      this.seed = seed;
    }

    @Override public String name() { return "dropout"; }
    @Override public String toString() { return "dropout(p " + p + ", seed " + seed + ")"; }

    @Override protected Tensor forward(Saver saver, Tensor... in) {
      if (in[0].dtype() == DType.FLOAT32) {   // the same mask (the same draws), in float32
        float[] x = in[0].floatStorage();
        float[] mask = new float[x.length];
        if (p < 1) {
          float scale = (float) (1.0 / (1.0 - p));
          SplittableRandom rng = new SplittableRandom(seed);
          for (int i = 0; i < mask.length; i++) {
            mask[i] = rng.nextDouble() >= p ? scale : 0f;
          }
        }
        float[] out = new float[x.length];
        for (int i = 0; i < out.length; i++) {
          out[i] = x[i] * mask[i];
        }
        if (saver.isRecording()) {
          saver.save(Tensor.wrapLike(mask, in[0]));
        }
        return Tensor.wrapLike(out, in[0]);
      }
      double[] x = in[0].storage();
      double[] mask = new double[x.length];
      if (p < 1) {
        double scale = 1.0 / (1.0 - p);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < mask.length; i++) {
          mask[i] = rng.nextDouble() >= p ? scale : 0.0;
        }
      }
      double[] out = new double[x.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = x[i] * mask[i];
      }
      if (saver.isRecording()) {
        saver.save(Tensor.wrapLike(mask, in[0]));
      }
      return Tensor.wrapLike(out, in[0]);
    }

    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor mask = node.saved(0);
      return new Tensor[] {g.mul(mask)};
    }
  }
}
