package dev.autograd.check;

import dev.autograd.NN;
import dev.autograd.check.OpSpec.Application;
import dev.autograd.check.OpSpec.SecondDerivative;
import dev.autograd.ops.Convolution;
import dev.autograd.ops.Convolution.Window;
import dev.autograd.ops.NeuralNet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Specs of the sliding-window primitives (unfold, fold) and the other neural-network primitives:
 * small images (N, C ≤ 2, H, W ≤ 4) and windows with kernel ≤ 3, stride and dilation ≤ 2 and
 * padding ≤ 1, so that finite differences stay cheap.
 */
final class ConvolutionSpecs {
  private ConvolutionSpecs() {}

  static List<OpSpec> all() {
    List<OpSpec> s = new ArrayList<>();
    Domain real = Domain.real();
    s.add(unfold(real));
    s.add(fold(real));
    s.add(dropout(real));
    s.add(bceWithLogits(real));
    s.add(bceWithLogitsGrad(real));
    return List.copyOf(s);
  }

  /** A window and the image height and width it was drawn for. */
  private record Geometry(Window window, int height, int width) {
    int rows(int channels) {
      return channels * window.taps();
    }

    int positions() {
      return window.outputHeight(height) * window.outputWidth(width);
    }

    String code() {
      return "new Convolution.Window(" + window.kernelH() + ", " + window.kernelW() + ", " + window.strideH() + ", "
          + window.strideW() + ", " + window.paddingH() + ", " + window.paddingW() + ", " + window.dilationH() + ", "
          + window.dilationW() + ")";
    }
  }

  /** Every small geometry for which {@code accept} holds, one of them drawn at random (null if none). */
  private static Geometry draw(RandomGenerator rng, java.util.function.Predicate<Geometry> accept) {
    List<Geometry> fits = new ArrayList<>();
    for (int kh = 1; kh <= 3; kh++) {
      for (int kw = 1; kw <= 3; kw++) {
        for (int s = 0; s < 4; s++) {
          for (int p = 0; p < 4; p++) {
            for (int d = 0; d < 4; d++) {
              for (int h = 1; h <= 4; h++) {
                for (int w = 1; w <= 4; w++) {
                  Window win = new Window(kh, kw, 1 + s / 2, 1 + s % 2, p / 2, p % 2, 1 + d / 2, 1 + d % 2);
                  Geometry g = new Geometry(win, h, w);
                  if (win.outputHeight(h) >= 1 && win.outputWidth(w) >= 1 && accept.test(g)) {
                    fits.add(g);
                  }
                }
              }
            }
          }
        }
      }
    }
    return fits.isEmpty() ? null : fits.get(rng.nextInt(fits.size()));
  }

  private static int small(RandomGenerator rng) {
    return 1 + rng.nextInt(2);
  }

  private static OpSpec unfold(Domain d) {
    return OpSpec.of("unfold", Convolution.Unfold.class, SecondDerivative.ZERO,
        (rng, first) -> {
          if (first != null) {
            return first.length == 4 ? new int[][] {first} : null;
          }
          Geometry g = draw(rng, x -> true);
          return new int[][] {{small(rng), small(rng), g.height(), g.width()}};
        },
        (rng, shapes) -> {
          int[] s = shapes[0];
          if (s.length != 4) {
            return null;
          }
          Geometry g = draw(rng, x -> x.height() == s[2] && x.width() == s[3]);
          if (g == null) {
            return null;
          }
          return Application.of(xs -> new Convolution.Unfold(g.window()).apply(xs[0]),
              c -> "new Convolution.Unfold(" + g.code() + ").apply(" + c[0] + ")");
        },
        d);
  }

  private static OpSpec fold(Domain d) {
    return OpSpec.of("fold", Convolution.Fold.class, SecondDerivative.ZERO,
        (rng, first) -> {
          if (first != null) {
            return first.length == 3 ? new int[][] {first} : null;
          }
          Geometry g = draw(rng, x -> true);
          return new int[][] {{small(rng), g.rows(small(rng)), g.positions()}};
        },
        (rng, shapes) -> {
          int[] s = shapes[0];
          if (s.length != 3) {
            return null;
          }
          Geometry g = draw(rng, x -> s[1] % x.window().taps() == 0 && s[2] == x.positions());
          if (g == null) {
            return null;
          }
          return Application.of(xs -> new Convolution.Fold(g.window(), g.height(), g.width()).apply(xs[0]),
              c -> "new Convolution.Fold(" + g.code() + ", " + g.height() + ", " + g.width() + ").apply(" + c[0] + ")");
        },
        d);
  }

  /** Dropout with p 0.2, 0.5 or 0.8 and a fixed seed per application, so that finite differences see one mask. */
  private static OpSpec dropout(Domain d) {
    double[] ps = {0.2, 0.5, 0.8};
    return OpSpec.of("dropout", NeuralNet.Dropout.class, SecondDerivative.ZERO,
        (rng, first) -> new int[][] {first != null ? first : Shapes.random(rng, 3, 3)},
        (rng, shapes) -> {
          double p = ps[rng.nextInt(ps.length)];
          long seed = rng.nextInt(1000);
          return Application.of(xs -> new NeuralNet.Dropout(p, seed).apply(xs[0]),
              c -> "new NeuralNet.Dropout(" + JavaCode.number(p) + ", " + seed + ").apply(" + c[0] + ")");
        },
        d);
  }

  /** The binary cross-entropy from logits: logits anywhere, targets in [0, 1], of one shape. */
  private static OpSpec bceWithLogits(Domain d) {
    return OpSpec.of("binaryCrossEntropyWithLogits", NeuralNet.BinaryCrossEntropyWithLogits.class,
        SecondDerivative.NONZERO,
        (rng, first) -> {
          int[] z = first != null ? first : Shapes.random(rng, 3, 3);
          return new int[][] {z, z};
        },
        (rng, shapes) -> Arrays.equals(shapes[0], shapes[1])
            ? Application.of(xs -> NN.binaryCrossEntropyWithLogits(xs[0], xs[1]),
                c -> "NN.binaryCrossEntropyWithLogits(" + c[0] + ", " + c[1] + ")")
            : null,
        d, Domain.range(0, 1));
  }

  /** Its fused rule (g/n)·(σ(z) − y): a scalar gradient g, then logits and targets of one shape. */
  private static OpSpec bceWithLogitsGrad(Domain d) {
    return OpSpec.of("binaryCrossEntropyWithLogitsGrad", NeuralNet.BinaryCrossEntropyWithLogitsGrad.class,
        SecondDerivative.NONZERO,
        (rng, first) -> {
          if (first != null && first.length != 0) {
            return null;
          }
          int[] z = Shapes.random(rng, 3, 3);
          return new int[][] {{}, z, z};
        },
        (rng, shapes) -> shapes[0].length == 0 && Arrays.equals(shapes[1], shapes[2])
            ? Application.of(xs -> NeuralNet.BCE_WITH_LOGITS_GRAD.apply(xs[0], xs[1], xs[2]),
                c -> "NeuralNet.BCE_WITH_LOGITS_GRAD.apply(" + c[0] + ", " + c[1] + ", " + c[2] + ")")
            : null,
        d, d, Domain.range(0, 1));
  }
}
