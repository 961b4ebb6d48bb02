package dev.autograd.check;

import static dev.autograd.check.BuiltInSpecs.MAX_DIM;
import static dev.autograd.check.BuiltInSpecs.NONZERO;
import static dev.autograd.check.BuiltInSpecs.ONE_INPUT_OF_RANK_AT_LEAST_ONE;
import static dev.autograd.check.BuiltInSpecs.ZERO;
import static dev.autograd.check.BuiltInSpecs.app;
import static dev.autograd.check.BuiltInSpecs.axis;
import static dev.autograd.check.BuiltInSpecs.randomInts;
import static dev.autograd.check.BuiltInSpecs.reduction;
import static dev.autograd.check.BuiltInSpecs.shapeOfRankAtLeastOne;
import static dev.autograd.check.JavaCode.intArray;

import dev.autograd.Shape;
import dev.autograd.check.OpSpec.SecondDerivative;
import dev.autograd.ops.Movement;
import dev.autograd.ops.Reduce;
import dev.autograd.ops.Scan;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The specs of the vocabulary primitives (issue 10): prod, the scans cumsum and cumprod, and the
 * pair gather / scatterAdd (each other's vjp), with random axes, index shapes and index values.
 */
final class ShapeSpecs {
  private ShapeSpecs() {}

  static List<OpSpec> all() {
    List<OpSpec> s = new ArrayList<>();
    Domain real = Domain.real();
    s.add(reduction("prod", Reduce.Prod.class, Reduce.Prod::new, NONZERO, real));
    s.add(scan("cumsum", Scan.Cumsum.class, ZERO, real, (rng, ax) -> {
      boolean reverse = rng.nextBoolean();
      return app(xs -> new Scan.Cumsum(ax, reverse).apply(xs[0]),
          c -> reverse ? "new Scan.Cumsum(" + ax + ", true).apply(" + c[0] + ")" : c[0] + ".cumsum(" + ax + ")");
    }));
    s.add(scan("cumprod", Scan.Cumprod.class, NONZERO, real,
        (rng, ax) -> app(xs -> xs[0].cumprod(ax), c -> c[0] + ".cumprod(" + ax + ")")));
    s.add(gather(real));
    s.add(scatterAdd(real));
    return List.copyOf(s);
  }

  private interface ScanMaker {
    OpSpec.Application make(RandomGenerator rng, int axis);
  }

  private static OpSpec scan(String name, Class<? extends dev.autograd.Primitive> cls, SecondDerivative sd,
      Domain d, ScanMaker maker) {
    return OpSpec.of(name, cls, sd, ONE_INPUT_OF_RANK_AT_LEAST_ONE,
        (rng, shapes) -> shapes[0].length == 0 ? null : maker.make(rng, axis(rng, shapes[0].length)),
        d);
  }

  /** An index shape for an axis: the input's rank, 1 .. dim off the axis, 1 .. MAX_DIM along it. */
  private static int[] indexShape(RandomGenerator rng, int[] limit, int ax, int alongAxis) {
    int[] s = new int[limit.length];
    for (int d = 0; d < s.length; d++) {
      s[d] = 1 + rng.nextInt(d == ax ? alongAxis : limit[d]);
    }
    return s;
  }

  private static OpSpec gather(Domain d) {
    return OpSpec.of("gather", Movement.Gather.class, ZERO, ONE_INPUT_OF_RANK_AT_LEAST_ONE,
        (rng, shapes) -> {
          int[] s = shapes[0];
          if (s.length == 0) {
            return null;
          }
          int written = axis(rng, s.length);
          int ax = written < 0 ? written + s.length : written;
          int[] is = indexShape(rng, s, ax, MAX_DIM);
          int[] idx = randomInts(rng, Shape.size(is), s[ax]);
          return app(xs -> xs[0].gather(written, idx, is),
              c -> c[0] + ".gather(" + written + ", " + intArray(idx) + ", " + intArray(is) + ")");
        },
        d);
  }

  private static OpSpec scatterAdd(Domain d) {
    return OpSpec.of("scatterAdd", Movement.ScatterAdd.class, ZERO,
        (rng, first) -> {
          int[] s = shapeOfRankAtLeastOne(rng, first);
          if (s == null) {
            return null;
          }
          int[] src = new int[s.length];
          for (int i = 0; i < src.length; i++) {
            src[i] = 1 + rng.nextInt(MAX_DIM);
          }
          return new int[][] {s, src};
        },
        (rng, shapes) -> {
          int[] s = shapes[0];
          int[] src = shapes[1];
          if (s.length == 0 || s.length != src.length) {
            return null;
          }
          int written = axis(rng, s.length);
          int ax = written < 0 ? written + s.length : written;
          int[] limit = new int[s.length];
          for (int i = 0; i < s.length; i++) {
            limit[i] = Math.min(s[i], src[i]);
          }
          int[] is = indexShape(rng, limit, ax, src[ax]);
          int[] idx = randomInts(rng, Shape.size(is), s[ax]);
          return app(xs -> xs[0].scatterAdd(written, idx, is, xs[1]),
              c -> c[0] + ".scatterAdd(" + written + ", " + intArray(idx) + ", " + intArray(is) + ", " + c[1] + ")");
        },
        d, d);
  }
}
