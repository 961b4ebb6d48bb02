package dev.autograd.check;

import dev.autograd.Shape;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Random shapes for property tests, including pairs that broadcast together (NumPy rules: aligned on
 * the right, each pair of dimensions equal or one of them 1).
 *
 * <pre>{@code
 * int[] s = Shapes.random(rng, 3, 4);              // rank 0..3, every dimension 1..4
 * int[][] pair = Shapes.broadcastPair(rng, 3, 4);  // e.g. [2, 1, 3] and [4, 1]
 * }</pre>
 */
public final class Shapes {
  private Shapes() {}

  /**
   * A shape of rank 0 to {@code maxRank} with every dimension in 1..{@code maxDim}.
   *
   * @param rng the source of randomness
   * @param maxRank the largest rank, {@code ≥ 0}
   * @param maxDim the largest dimension, {@code ≥ 1}
   * @return a new shape, its rank and each dimension uniform in their ranges
   * @throws IllegalArgumentException when {@code maxRank < 0} or {@code maxDim < 1}
   */
  public static int[] random(RandomGenerator rng, int maxRank, int maxDim) {
    return random(rng, 0, maxRank, maxDim);
  }

  /**
   * A shape of rank {@code minRank} to {@code maxRank} with every dimension in 1..{@code maxDim}.
   *
   * @param rng the source of randomness
   * @param minRank the smallest rank, {@code ≥ 0}
   * @param maxRank the largest rank, {@code ≥ minRank}
   * @param maxDim the largest dimension, {@code ≥ 1}
   * @return a new shape, its rank and each dimension uniform in their ranges
   * @throws IllegalArgumentException unless {@code 0 ≤ minRank ≤ maxRank} and {@code maxDim ≥ 1}
   */
  public static int[] random(RandomGenerator rng, int minRank, int maxRank, int maxDim) {
    if (minRank < 0 || maxRank < minRank || maxDim < 1) {
      throw new IllegalArgumentException(
          "shapes: needs 0 <= minRank <= maxRank and maxDim >= 1; got " + minRank + ", " + maxRank + ", " + maxDim);
    }
    int rank = minRank + rng.nextInt(maxRank - minRank + 1);
    int[] s = new int[rank];
    for (int i = 0; i < rank; i++) {
      s[i] = 1 + rng.nextInt(maxDim);
    }
    return s;
  }

  /**
   * A shape that broadcasts with {@code shape}: the same, fewer or more leading axes, and each aligned
   * dimension either equal, 1, or (where {@code shape} has 1) anything up to {@code maxDim}.
   *
   * @param rng the source of randomness
   * @param shape a shape with every dimension {@code ≥ 1}; not modified
   * @param maxDim the largest dimension drawn freely, {@code ≥ 1}
   * @return a new shape of rank at most {@code max(shape.length, 3)}, at most one more than
   *     {@code shape}'s
   */
  public static int[] broadcastPartner(RandomGenerator rng, int[] shape, int maxDim) {
    int rank = shape.length;
    int partnerRank;
    int roll = rng.nextInt(10);
    if (roll < 2 && rank > 0) {
      partnerRank = rng.nextInt(rank);          // fewer leading axes
    } else if (roll < 4 && rank < 3) {
      partnerRank = rank + 1;                   // one more leading axis
    } else {
      partnerRank = rank;
    }
    int[] p = new int[partnerRank];
    for (int k = 1; k <= partnerRank; k++) {
      int d = rank - k;
      if (d < 0) {
        p[partnerRank - k] = 1 + rng.nextInt(maxDim);
      } else if (shape[d] == 1) {
        p[partnerRank - k] = rng.nextInt(3) == 0 ? 1 + rng.nextInt(maxDim) : 1;
      } else {
        p[partnerRank - k] = rng.nextInt(5) < 3 ? shape[d] : 1;
      }
    }
    return p;
  }

  /**
   * Two shapes that broadcast together, each of rank at most {@code maxRank}.
   *
   * @param rng the source of randomness
   * @param maxRank the largest rank, {@code ≥ 0}
   * @param maxDim the largest dimension, {@code ≥ 1}
   * @return a new array of two new shapes, in random order
   * @throws IllegalArgumentException when {@code maxRank < 0} or {@code maxDim < 1}
   */
  public static int[][] broadcastPair(RandomGenerator rng, int maxRank, int maxDim) {
    int[] a = random(rng, maxRank, maxDim);
    int[] b = broadcastPartner(rng, a, maxDim);
    while (b.length > maxRank) {
      b = Arrays.copyOfRange(b, 1, b.length);
    }
    return rng.nextBoolean() ? new int[][] {a, b} : new int[][] {b, a};
  }

  /**
   * Whether two shapes broadcast together.
   *
   * @param a one shape
   * @param b the other shape
   * @return true when each pair of dimensions aligned on the right is equal or has a 1
   */
  public static boolean broadcastable(int[] a, int[] b) {
    for (int k = 1; k <= Math.min(a.length, b.length); k++) {
      int x = a[a.length - k];
      int y = b[b.length - k];
      if (x != y && x != 1 && y != 1) {
        return false;
      }
    }
    return true;
  }

  /**
   * The broadcast of two shapes that {@link #broadcastable broadcast together}.
   *
   * @param a one shape
   * @param b the other shape
   * @return the broadcast shape, of rank {@code max(a.length, b.length)}; {@code a} itself when the
   *     two are equal, so never write into it
   * @throws IllegalArgumentException when they do not broadcast together
   */
  public static int[] broadcast(int[] a, int[] b) {
    return Shape.broadcast("broadcast", a, b);
  }

  /**
   * Number of elements of a shape.
   *
   * @param shape the dimensions, each {@code ≥ 0}
   * @return the product of the dimensions (1 for {@code []})
   * @throws IllegalArgumentException when a dimension is negative or the count exceeds
   *     {@link Integer#MAX_VALUE}
   */
  public static int size(int[] shape) {
    return Shape.size(shape);
  }
}
