package dev.autograd.spark.examples;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/** Generated rows, produced one at a time (a partition never holds them all in a list). */
final class Rows {
  private Rows() {}

  /** An iterator over {@code count} rows from {@code next}. */
  static Iterator<double[]> generate(long count, Supplier<double[]> next) {
    return new Iterator<>() {
      private long left = count;

      @Override
      public boolean hasNext() {
        return left > 0;
      }

      @Override
      public double[] next() {
        if (left <= 0) {
          throw new NoSuchElementException();
        }
        left--;
        return next.get();
      }
    };
  }
}
