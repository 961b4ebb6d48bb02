package dev.autograd.check;

import dev.autograd.Tensor;
import java.util.Arrays;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The values one input of an op may take in a gradient property test: where it is defined, away
 * from its kinks, and small enough that finite differences stay accurate. A domain both
 * <em>generates</em> values (uniformly from its sampling range) and <em>admits</em> values (an
 * intermediate result may feed the op only if every element is admitted).
 *
 * <pre>{@code
 * Domain.real()                          // sampled from [-2, 2], admits [-8, 8]
 * Domain.positive()                      // log, sqrt: sampled from [0.25, 2.5], admits [0.1, 8]
 * Domain.real().awayFrom(0.05, 0)        // relu, abs: no element within 0.05 of the kink at 0
 * Domain.real().distinct(0.01)           // max: no two elements within 0.01 (no ties)
 * Domain.range(-0.7, 8).sampling(-0.5, 2) // log1p
 * }</pre>
 *
 * <p>Margins are far larger than any finite-difference step, so a perturbed input stays inside.
 * Immutable.
 */
public final class Domain {
  private final double lo;
  private final double hi;
  private final double sampleLo;
  private final double sampleHi;
  private final double[] avoid;
  private final double margin;
  private final double gap;

  private Domain(double lo, double hi, double sampleLo, double sampleHi, double[] avoid, double margin, double gap) {
    if (!(lo <= sampleLo && sampleLo < sampleHi && sampleHi <= hi)) {
      throw new IllegalArgumentException(
          "domain: needs lo <= sampleLo < sampleHi <= hi; got admitted [" + lo + ", " + hi + "], sampled ["
              + sampleLo + ", " + sampleHi + "]");
    }
    this.lo = lo;
    this.hi = hi;
    this.sampleLo = sampleLo;
    this.sampleHi = sampleHi;
    this.avoid = avoid;
    this.margin = margin;
    this.gap = gap;
  }

  /**
   * Any moderate real number: sampled from [-2, 2], admitted in [-8, 8].
   *
   * @return the domain
   */
  public static Domain real() {
    return new Domain(-8, 8, -2, 2, new double[0], 0, 0);
  }

  /**
   * Positive numbers (log, sqrt, a base with a real exponent): sampled from [0.25, 2.5], admitted in [0.1, 8].
   *
   * @return the domain
   */
  public static Domain positive() {
    return new Domain(0.1, 8, 0.25, 2.5, new double[0], 0, 0);
  }

  /**
   * Numbers in [lo, hi], sampled from the same range.
   *
   * @param lo the smallest admitted value
   * @param hi the largest admitted value, {@code > lo}
   * @return the domain
   * @throws IllegalArgumentException unless {@code lo < hi}
   */
  public static Domain range(double lo, double hi) {
    return new Domain(lo, hi, lo, hi, new double[0], 0, 0);
  }

  /**
   * This domain, sampled from [lo, hi] (which must lie inside the admitted range).
   *
   * @param from the sampling range's lower end, at least the admitted range's
   * @param to the sampling range's upper end, {@code > from}, at most the admitted range's
   * @return a new domain with the same admitted values
   * @throws IllegalArgumentException when the sampling range is empty or leaves the admitted range
   */
  public Domain sampling(double from, double to) {
    return new Domain(lo, hi, from, to, avoid, margin, gap);
  }

  /**
   * This domain without the points within {@code margin} of any of {@code points} (kinks, poles).
   *
   * @param margin the distance, {@code > 0}; every point avoided, old and new, is then avoided by the
   *     largest margin given
   * @param points the values to avoid, at least one
   * @return a new domain
   * @throws IllegalArgumentException when {@code margin} is not positive or no point is given
   */
  public Domain awayFrom(double margin, double... points) {
    if (!(margin > 0) || points.length == 0) {
      throw new IllegalArgumentException("domain: awayFrom needs a positive margin and at least one point");
    }
    double[] all = Arrays.copyOf(avoid, avoid.length + points.length);
    System.arraycopy(points, 0, all, avoid.length, points.length);
    return new Domain(lo, hi, sampleLo, sampleHi, all, Math.max(this.margin, margin), gap);
  }

  /**
   * This domain, admitting a tensor only if no two of its elements are within {@code minGap} (no ties, e.g. for max).
   *
   * @param minGap the smallest distance allowed between two elements, {@code > 0}; replaces an earlier
   *     gap
   * @return a new domain
   * @throws IllegalArgumentException when {@code minGap} is not positive
   */
  public Domain distinct(double minGap) {
    if (!(minGap > 0)) {
      throw new IllegalArgumentException("domain: distinct needs a positive gap; got " + minGap);
    }
    return new Domain(lo, hi, sampleLo, sampleHi, avoid, margin, minGap);
  }

  /**
   * Whether one value is admitted (ignoring the distinctness requirement, which concerns whole tensors).
   *
   * @param v the value
   * @return true when {@code v} is in the admitted range and not within the margin of an avoided
   *     point; false for NaN
   */
  public boolean admits(double v) {
    if (!(v >= lo && v <= hi)) {
      return false;
    }
    for (double p : avoid) {
      if (Math.abs(v - p) < margin) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether every element of {@code t} is admitted, and, for a distinct domain, no two are within the gap.
   *
   * @param t a tensor of any shape
   * @return true when the whole tensor is admitted
   */
  public boolean admits(Tensor t) {
    double[] d = t.storage();
    for (double v : d) {
      if (!admits(v)) {
        return false;
      }
    }
    if (gap > 0 && d.length > 1) {
      double[] sorted = d.clone();
      Arrays.sort(sorted);
      for (int i = 1; i < sorted.length; i++) {
        if (sorted[i] - sorted[i - 1] < gap) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * A tensor of this shape with independent values drawn uniformly from the sampling range and admitted.
   *
   * @param rng the source of randomness; the same state gives the same tensor
   * @param shape the dimensions, each positive; none for a scalar
   * @return a new tensor that {@link #admits(Tensor)} and does not require a gradient
   * @throws IllegalStateException when no admitted tensor is found after 100 tries (the sampling
   *     range leaves too little room)
   */
  public Tensor sample(RandomGenerator rng, int... shape) {
    for (int attempt = 0; attempt < 100; attempt++) {
      Tensor t = Tensor.uniform(rng, sampleLo, sampleHi, shape);
      double[] d = t.storage();
      for (int i = 0; i < d.length; i++) {
        for (int tries = 0; !admits(d[i]) && tries < 1000; tries++) {
          d[i] = sampleLo + (sampleHi - sampleLo) * rng.nextDouble();
        }
      }
      if (admits(t)) {
        return t;
      }
    }
    throw new IllegalStateException("domain " + this + ": could not sample an admitted tensor of " + d(shape)
        + " elements; is the sampling range large enough?");
  }

  private static int d(int[] shape) {
    int n = 1;
    for (int s : shape) {
      n *= s;
    }
    return n;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "[%s, %s]", GradCheckReport.num(lo), GradCheckReport.num(hi)));
    if (avoid.length > 0) {
      b.append(" away from ");
      for (int i = 0; i < avoid.length; i++) {
        b.append(i == 0 ? "" : ", ").append(GradCheckReport.num(avoid[i]));
      }
      b.append(" by ").append(GradCheckReport.num(margin));
    }
    if (gap > 0) {
      b.append(", elements at least ").append(GradCheckReport.num(gap)).append(" apart");
    }
    return b.toString();
  }
}
