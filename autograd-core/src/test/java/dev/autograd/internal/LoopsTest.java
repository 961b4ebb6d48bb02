package dev.autograd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The branch-free kernels against the plain definitions they replace, bit for bit. */
class LoopsTest {
  private static final double[] SPECIAL = {
    0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 1e-300, -1e-300, 1, -1,
    Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
    Double.NaN, Double.longBitsToDouble(0x7FF0_0000_0000_0001L), Double.longBitsToDouble(0xFFF8_0000_0000_0000L),
    Double.longBitsToDouble(0xFFF0_0000_0000_0001L)
  };

  private static double[] samples() {
    SplittableRandom r = new SplittableRandom(11);
    double[] x = new double[SPECIAL.length + 1000];
    System.arraycopy(SPECIAL, 0, x, 0, SPECIAL.length);
    for (int i = SPECIAL.length; i < x.length; i++) {
      x[i] = r.nextDouble(-3, 3) * Math.pow(10, r.nextInt(-310, 309));
    }
    return x;
  }

  @Test
  void reluGradIsGWhereXIsPositiveZeroElsewhereAndXWhereXIsNaN() {
    double[] x = samples();
    for (double gv : SPECIAL) {
      double[] g = new double[x.length];
      java.util.Arrays.fill(g, gv);
      double[] out = Loops.reluGrad(g, x);
      for (int i = 0; i < x.length; i++) {
        double v = x[i];
        double expected = v > 0 ? gv : Double.isNaN(v) ? v : 0.0;
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(out[i]),
            "reluGrad(g = " + gv + ", x = " + v + ")");
      }
      Loops.reluGrad(g, x, g);   // in place gives the same
      assertEquals(java.util.Arrays.toString(out), java.util.Arrays.toString(g));
    }
  }

  @Test
  void reluIsMaxWithPositiveZero() {
    double[] x = samples();
    double[] out = Loops.relu(x);
    for (int i = 0; i < x.length; i++) {
      double v = x[i];
      if (Double.isNaN(v)) {
        assertEquals(true, Double.isNaN(out[i]), "relu(NaN) is NaN (its payload is unspecified)");
      } else {
        assertEquals(Double.doubleToRawLongBits(v > 0 ? v : 0.0), Double.doubleToRawLongBits(out[i]), "relu(" + v + ")");
      }
    }
  }

  @Test
  void sigmoidGivesTheBitsOfTheTwoSidedForm() {
    double[] x = samples();
    double[] out = Loops.sigmoid(x);
    for (int i = 0; i < x.length; i++) {
      double v = x[i];
      double e = Math.exp(-Math.abs(v));
      double expected = v >= 0 ? 1 / (1 + e) : e / (1 + e);
      if (Double.isNaN(v)) {
        assertEquals(true, Double.isNaN(out[i]), "sigmoid(NaN) is NaN");
      } else {
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(out[i]), "sigmoid(" + v + ")");
      }
    }
  }

  @Test
  void longLoopsSplitOverThreadsGiveTheSameBitsAsOneLoop() {
    SplittableRandom r = new SplittableRandom(12);
    int n = 3 * Parallel.GRAIN + 17;
    double[] x = r.doubles(n, -4, 4).toArray();
    double[] y = r.doubles(n, -4, 4).toArray();
    double[] g = r.doubles(n, -4, 4).toArray();
    double[] add = Loops.add(x, y);
    double[] sub = Loops.sub(x, y);
    double[] mul = Loops.mul(x, y);
    double[] relu = Loops.relu(x);
    double[] sigmoid = Loops.sigmoid(x);
    double[] reluGrad = Loops.reluGrad(g, x);
    double[] sigmoidGrad = Loops.sigmoidGrad(g, sigmoid);
    double[] tanhGrad = Loops.tanhGrad(g, y);
    for (int i = 0; i < n; i++) {
      assertEquals(x[i] + y[i], add[i], 0);
      assertEquals(x[i] - y[i], sub[i], 0);
      assertEquals(x[i] * y[i], mul[i], 0);
      assertEquals(Math.max(x[i], 0.0), relu[i], 0);
      double e = Math.exp(-Math.abs(x[i]));
      assertEquals(x[i] >= 0 ? 1 / (1 + e) : e / (1 + e), sigmoid[i], 0);
      assertEquals(x[i] > 0 ? g[i] : 0.0, reluGrad[i], 0);
      assertEquals(g[i] * sigmoid[i] * (1 - sigmoid[i]), sigmoidGrad[i], 0);
      assertEquals(g[i] * (1 - y[i] * y[i]), tanhGrad[i], 0);
    }
  }

  @Test
  void forRangeCoversEveryIndexOnce() {
    for (int n : new int[] {0, 1, Parallel.GRAIN, Parallel.GRAIN + 1, 5 * Parallel.GRAIN + 3}) {
      java.util.concurrent.atomic.AtomicIntegerArray seen = new java.util.concurrent.atomic.AtomicIntegerArray(n);
      Parallel.forRange(n, (lo, hi) -> {
        for (int i = lo; i < hi; i++) {
          seen.incrementAndGet(i);
        }
      });
      for (int i = 0; i < n; i++) {
        assertEquals(1, seen.get(i), "index " + i + " of " + n);
      }
    }
  }
}
