package dev.autograd.check;

import dev.autograd.Tensor;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Greedy shrinking: from a failing case, repeatedly move to the first candidate that is strictly
 * smaller and still fails, until no candidate does (or the budget of checks runs out). "Smaller"
 * compares, in order: the number of op nodes, the number of input elements, and how simple the
 * input values are (0 is simplest, then ±1, small integers, short decimals). Every move shrinks
 * that measure, so shrinking ends.
 *
 * @param <C> the kind of case (an expression, or inputs to a user's function)
 */
final class Shrinker<C> {
  private final Function<C, Iterator<C>> candidates;
  private final Function<C, long[]> size;
  private final Predicate<C> fails;
  private final int budget;
  private int checks;
  private int steps;

  Shrinker(Function<C, Iterator<C>> candidates, Function<C, long[]> size, Predicate<C> fails, int budget) {
    this.candidates = candidates;
    this.size = size;
    this.fails = fails;
    this.budget = budget;
  }

  C shrink(C start) {
    C current = start;
    long[] currentSize = size.apply(current);
    boolean progress = true;
    while (progress && checks < budget) {
      progress = false;
      Iterator<C> it = candidates.apply(current);
      while (it.hasNext() && checks < budget) {
        C c = it.next();
        if (c == null) {
          continue;
        }
        long[] s = size.apply(c);
        if (Arrays.compare(s, currentSize) >= 0) {
          continue;
        }
        checks++;
        boolean stillFails;
        try {
          stillFails = fails.test(c);
        } catch (RuntimeException e) {
          stillFails = false; // a candidate the check cannot even evaluate is not the failure we are after
        }
        if (stillFails) {
          current = c;
          currentSize = s;
          steps++;
          progress = true;
          break;
        }
      }
    }
    return current;
  }

  /** How many candidates were checked. */
  int checks() {
    return checks;
  }

  /** How many times a smaller failing case was found. */
  int steps() {
    return steps;
  }

  // ================================================================ shared measures and moves

  /** How complicated a number is to read: 0 for 0, 1 for ±1, then integers, then by significant digits. */
  static int complexity(double v) {
    if (v == 0) {
      return 0;
    }
    if (Math.abs(v) == 1) {
      return 1;
    }
    BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    int digits = Math.max(1, d.precision());
    boolean integer = v == Math.rint(v);
    return (integer ? 2 : 4) + digits;
  }

  static long complexity(Tensor t) {
    long c = 0;
    for (double v : t.storage()) {
      c += complexity(v);
    }
    return c;
  }

  /** Simpler values to try instead of {@code v}, simplest first. */
  static double[] simplerValues(double v) {
    Set<Double> out = new LinkedHashSet<>();
    double[] tries = {0, 1, -1, 2, -2, 0.5, -0.5, Math.rint(v), Math.rint(v * 10) / 10, Math.rint(v * 100) / 100};
    int c = complexity(v);
    for (double t : tries) {
      if (complexity(t) < c && t != v) {
        out.add(t == 0 ? 0.0 : t);
      }
    }
    double[] r = new double[out.size()];
    int i = 0;
    for (double t : out) {
      r[i++] = t;
    }
    return r;
  }

  /** Smaller shapes for one tensor: a dimension set to 1 or halved, or the leading axis dropped. */
  static List<int[]> smallerShapes(int[] shape) {
    List<int[]> out = new ArrayList<>();
    if (shape.length > 0) {
      out.add(Arrays.copyOfRange(shape, 1, shape.length));
    }
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] > 1) {
        int[] one = shape.clone();
        one[d] = 1;
        out.add(one);
        if (shape[d] > 3) {
          int[] half = shape.clone();
          half[d] = shape[d] / 2;
          out.add(half);
        }
      }
    }
    return out;
  }

  /**
   * The part of {@code t} at the start of every axis that fits {@code shape} (same rank, or fewer
   * leading axes, which are then taken at index 0).
   */
  static Tensor corner(Tensor t, int[] shape) {
    int[] from = t.shape();
    int drop = from.length - shape.length;
    double[] src = t.storage();
    double[] out = new double[Shapes.size(shape)];
    int[] strides = dev.autograd.Shape.strides(from);
    int[] idx = new int[shape.length];
    for (int o = 0; o < out.length; o++) {
      int off = 0;
      for (int d = 0; d < shape.length; d++) {
        off += idx[d] * strides[d + drop];
      }
      out[o] = src[off];
      for (int d = shape.length - 1; d >= 0; d--) {
        if (++idx[d] < shape[d]) {
          break;
        }
        idx[d] = 0;
      }
    }
    return Tensor.of(out, shape);
  }

  /** A tensor equal to {@code t} except element {@code j}. */
  static Tensor withElement(Tensor t, int j, double v) {
    double[] d = t.toArray();
    d[j] = v;
    return Tensor.of(d, t.shape());
  }
}
