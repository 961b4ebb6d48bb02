package dev.autograd.ops;

import dev.autograd.DType;
import dev.autograd.Node;
import dev.autograd.Primitive;
import dev.autograd.Shape;
import dev.autograd.Tensor;
import dev.autograd.internal.FloatLoops;
import dev.autograd.internal.Loops;
import java.util.SplittableRandom;

/**
 * Primitives of neural-network training that are not sliding windows: dropout, and the binary
 * cross-entropy from logits as one fused op with its fused rule.
 */
public final class NeuralNet {
  private NeuralNet() {}

  /** The shared instance of {@link BinaryCrossEntropyWithLogits}. */
  public static final Primitive BCE_WITH_LOGITS = new BinaryCrossEntropyWithLogits();
  /** The shared instance of {@link BinaryCrossEntropyWithLogitsGrad}. */
  public static final Primitive BCE_WITH_LOGITS_GRAD = new BinaryCrossEntropyWithLogitsGrad();

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

  /**
   * {@code r = (1/n)·Σᵢ softplus(zᵢ) − yᵢ·zᵢ} over the n elements of logits z and targets y of one
   * shape: the mean binary cross-entropy {@code −[y log σ(z) + (1 − y) log(1 − σ(z))]}, as PyTorch's
   * {@code binary_cross_entropy_with_logits}, in one pass (no intermediate arrays), finite at any
   * logit;  {@code dz = g·(σ(z) − y)/n} ({@link BinaryCrossEntropyWithLogitsGrad}),
   * {@code dy = −g·z/n}.
   */
  public static final class BinaryCrossEntropyWithLogits extends BuiltIn {
    @Override public String name() { return "binaryCrossEntropyWithLogits"; }
    @Override protected Tensor forward(Tensor... in) {
      Tensor z = in[0];
      Tensor y = in[1];
      if (!z.sameShape(y)) {
        throw new IllegalArgumentException("binaryCrossEntropyWithLogits: logits of shape " + Shape.str(z.shape())
            + " and targets of shape " + Shape.str(y.shape()) + " must have the same shape");
      }
      double sum = z.dtype() == DType.FLOAT32 ? FloatLoops.bceWithLogitsSum(z.floatStorage(), y.floatStorage())
          : Loops.bceWithLogitsSum(z.storage(), y.storage());
      return Tensor.scalar(z.dtype(), sum / z.size());
    }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      Tensor z = node.input(0);
      return new Tensor[] {
        node.needsGrad(0) ? BCE_WITH_LOGITS_GRAD.apply(g, z, node.input(1)) : null,
        node.needsGrad(1) ? z.mul(g).mul(-1.0 / z.size()) : null
      };
    }
  }

  /**
   * {@code r = (g/n)·(σ(z) − y)} for a scalar g and z, y of one shape with n elements (the rule of
   * {@link BinaryCrossEntropyWithLogits} as one pass);  {@code dg = Σ grad·(σ(z) − y)/n},
   * {@code dz = grad·(g/n)·σ(z)(1 − σ(z))},  {@code dy = −grad·g/n}.
   */
  public static final class BinaryCrossEntropyWithLogitsGrad extends BuiltIn {
    @Override public String name() { return "binaryCrossEntropyWithLogitsGrad"; }
    @Override protected Tensor forward(Tensor... in) {
      Tensor g = in[0];
      Tensor z = in[1];
      Tensor y = in[2];
      if (g.size() != 1 || !z.sameShape(y)) {
        throw new IllegalArgumentException("binaryCrossEntropyWithLogitsGrad: expects a scalar gradient and logits "
            + "and targets of one shape; got " + Shape.str(g.shape()) + ", " + Shape.str(z.shape()) + " and "
            + Shape.str(y.shape()));
      }
      double c = g.item() / z.size();
      return z.dtype() == DType.FLOAT32
          ? Tensor.wrapLike(FloatLoops.bceWithLogitsGrad(c, z.floatStorage(), y.floatStorage()), z)
          : Tensor.wrapLike(Loops.bceWithLogitsGrad(c, z.storage(), y.storage()), z);
    }
    @Override protected Tensor[] vjp(Node node, Tensor grad) {
      Tensor g = node.input(0);
      Tensor z = node.input(1);
      Tensor y = node.input(2);
      double n = z.size();
      Tensor s = node.needsGrad(0) || node.needsGrad(1) ? z.sigmoid() : null;
      return new Tensor[] {
        node.needsGrad(0) ? grad.mul(s.sub(y)).sum().div(n).reshape(g.shape()) : null,
        node.needsGrad(1) ? Elementwise.SIGMOID_GRAD.apply(grad.mul(g).div(n), s) : null,
        node.needsGrad(2) ? grad.mul(g).div(-n) : null
      };
    }
  }
}
