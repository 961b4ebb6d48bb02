package dev.autograd.examples.lecture;

import dev.autograd.Tensor;
import dev.autograd.examples.Context;
import dev.autograd.examples.Example;
import dev.autograd.examples.ExampleResult;
import dev.autograd.examples.Words;
import dev.autograd.examples.plot.Charts;
import java.awt.Color;
import java.nio.file.Path;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Part 1: the logistic sigmoid {@code σ(h) = 1 / (1 + e^(−h))} and its derivative. The engine
 * differentiates σ at many points at once (the gradient of {@code Σᵢ σ(hᵢ)} with respect to
 * {@code h} is {@code σ'(hᵢ)} elementwise); the picture draws that derivative over the lecture's
 * closed form {@code σ(h)(1 − σ(h))}, and the largest difference between them is reported.
 */
@Command(name = "sigmoid",
    description = "Part 1: the logistic sigmoid and its derivative, by the engine and by the closed form.")
public final class SigmoidExample extends Example {

  @Option(names = "--points", defaultValue = "401", description = "Points on [-8, 8]. Default: ${DEFAULT-VALUE}.")
  public int points = 401;

  @Override
  public String name() {
    return "sigmoid";
  }

  @Override
  public String title() {
    return "1. The logistic sigmoid and its derivative";
  }

  @Override
  public ExampleResult run(Context ctx) throws Exception {
    if (points < 2) {
      throw new IllegalArgumentException("sigmoid: --points must be at least 2; got " + points);
    }
    Tensor h = Tensor.linspace(-8, 8, points).requiresGrad(true);
    Tensor s = h.sigmoid();
    s.sum().backward();
    double[] hs = h.toArray();
    double[] sigma = s.toArray();
    double[] engine = h.grad().toArray();

    // The lecture's closed form, only to compare with what the engine computed.
    double[] closedForm = new double[points];
    double[] step = new double[points];
    double maxDiff = 0;
    for (int i = 0; i < points; i++) {
      closedForm[i] = sigma[i] * (1 - sigma[i]);
      maxDiff = Math.max(maxDiff, Math.abs(engine[i] - closedForm[i]));
      step[i] = hs[i] >= 0 ? 1 : 0;
    }
    Tensor zero = Tensor.scalar(0).requiresGrad(true);
    zero.sigmoid().backward();
    double atZero = zero.grad().item();

    XYChart chart = Charts.chart("The logistic sigmoid σ(h) = 1 / (1 + e⁻ʰ) and its derivative", "h", "");
    chart.getStyler().setYAxisMin(-0.05);
    chart.getStyler().setYAxisMax(1.05);
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
    Charts.line(chart, "step (perceptron)", hs, step, new Color(0xaaaaaa), 1.5f, false);
    Charts.line(chart, "σ(h)", hs, sigma, Charts.CLASS_0, 2.5f, false);
    Charts.line(chart, "σ(h)(1 − σ(h)), closed form", hs, closedForm, new Color(0xffbb78), 7f, false);
    Charts.line(chart, "σ'(h) from the engine", hs, engine, new Color(0xd62728), 2f, true);
    Path file = Charts.save(chart, ctx.file("1-sigmoid.png"));

    return result()
        .metric("max_abs_difference", maxDiff)
        .metric("derivative_at_0", atZero)
        .file(file)
        .line(String.format(java.util.Locale.ROOT,
            "engine's σ'(h) vs closed form σ(h)(1 − σ(h)) at %s in [-8, 8]: max |difference| = %.2e",
            Words.count(points, "point"), maxDiff))
        .line(String.format(java.util.Locale.ROOT, "σ'(0) = %.6f (the lecture: 1/4)", atZero))
        .build();
  }
}
