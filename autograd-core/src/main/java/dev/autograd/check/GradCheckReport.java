package dev.autograd.check;

import dev.autograd.Shape;
import dev.autograd.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The text of {@link GradCheck}'s reports: results, mismatches, kinks, divergences and numbers. */
final class GradCheckReport {
  private GradCheckReport() {}

  /** A readable account: what was checked and how, every failure (up to 10), the divergence and the kinks. */
  static String of(GradCheck.Result r) {
    List<GradCheck.Mismatch> mismatches = r.mismatches();
    List<GradCheck.Kink> kinks = r.kinks();
    StringBuilder b = new StringBuilder("gradient check ");
    if (r.passed()) {
      b.append("passed (").append(r.what()).append("): ")
          .append(r.checked() - r.inconclusive().size()).append(" derivatives agree");
      if (!r.conclusive()) {
        b.append(", ").append(r.inconclusive().size()).append(" inconclusive here (")
            .append(r.inconclusive().get(0).reason()).append(')');
      }
    } else {
      b.append("FAILED (").append(r.what()).append("): ").append(mismatches.size()).append(" of ").append(r.checked())
          .append(" derivatives differ");
    }
    b.append("\n  inputs: ").append(r.inputs()).append("\n  settings: ").append(r.settings());
    r.secondOrderDirection().ifPresent(u -> b.append("\n  direction u of the second-order check: ").append(vectors(u)));
    for (int i = 0; i < Math.min(10, mismatches.size()); i++) {
      b.append("\n  ").append(mismatches.get(i));
    }
    if (mismatches.size() > 10) {
      b.append("\n  ... and ").append(mismatches.size() - 10).append(" more");
    }
    int nodesSearched = r.nodesSearched();
    if (r.divergence().isPresent()) {
      b.append("\n  ").append(r.divergence().get());
    } else if (nodesSearched == 0) {
      b.append("\n  the function recorded no differentiable op: its result reaches the inputs only through "
          + "values computed outside the graph (map(), storage(), detach() or constants)");
    } else if (nodesSearched > 0) {
      b.append("\n  no single primitive disagrees with finite differences on its own recorded inputs (")
          .append(nodesSearched).append(" nodes checked): the function likely mixes recorded ops with values "
              + "computed outside the graph (map(), storage(), detach(), or a constant derived from an input)");
    }
    List<GradCheck.Inconclusive> unsure = r.inconclusive();
    if (!unsure.isEmpty()) {
      b.append("\n  inconclusive (not failures; no primitive is blamed): ").append(unsure.size());
      for (int i = 0; i < Math.min(5, unsure.size()); i++) {
        b.append("\n  ").append(unsure.get(i));
      }
      if (unsure.size() > 5) {
        b.append("\n  ... and ").append(unsure.size() - 5).append(" more");
      }
    }
    List<GradCheck.Jump> jumps = r.jumps();
    if (!jumps.isEmpty()) {
      b.append("\n  second derivative jumps (not failures): ").append(jumps.size());
      for (int i = 0; i < Math.min(5, jumps.size()); i++) {
        b.append("\n  ").append(jumps.get(i));
      }
    }
    if (!kinks.isEmpty()) {
      b.append("\n  kinks (not failures): ").append(kinks.size());
      for (int i = 0; i < Math.min(5, kinks.size()); i++) {
        b.append("\n  ").append(kinks.get(i));
      }
    }
    return b.toString();
  }

  /** What a check compared, e.g. {@code first order, every element}. */
  static String what(boolean secondOrder, boolean directional, int checked) {
    return (secondOrder ? "second order: ∂/∂x ⟨u, ∇f⟩ = H·u" : "first order")
        + (directional ? ", " + checked + " random directions vᵀJu" : ", every element");
  }

  /** Added to {@link #what} for a check of one input alone. */
  static String alone(int input, String label) {
    return ", " + inputName(input, label) + " alone (the others constant)";
  }

  /** Added to {@link #what} when every input was also checked alone, and passed. */
  static final String EACH_INPUT_ALONE = ", and each input alone (the others constant)";

  /** The settings line of a report. */
  static String settings(GradCheck c) {
    return String.format(Locale.ROOT, "step %s·max(1, |x|), tolerance |analytic − numeric| ≤ %s + %s·|numeric| "
            + "+ 2·estimate (the finite-difference error estimate), seed %d%s%s",
        num(c.step()), num(c.absoluteTolerance()), num(c.relativeTolerance()), c.seed,
        c.kinkAware ? "" : ", kinks count as failures", c.eachInputAlone ? ", each input also checked alone" : "");
  }

  static String mismatch(GradCheck.Mismatch m) {
    String s = m.where() + ": analytic " + num(m.analytic()) + ", numeric " + num(m.numeric()) + " (step "
        + num(m.step()) + ", error estimate " + num(m.errorEstimate()) + "); |analytic − numeric| "
        + num(m.absoluteError()) + " > allowed " + num(m.allowed()) + " (atol " + num(m.absoluteTolerance())
        + " + rtol " + num(m.relativeTolerance()) + "·|numeric| + 2·estimate); relative error " + num(m.relativeError());
    Tensor[] u = m.directionVectors();
    return u == null ? s : s + "\n    along u = " + vectors(u);
  }

  static String inconclusive(GradCheck.Inconclusive u) {
    return where(u.direction(), u.input(), u.inputLabel(), u.index()) + ": inconclusive here (" + u.reason()
        + "): analytic " + num(u.analytic()) + ", numeric " + num(u.numeric()) + " ± " + num(u.errorEstimate())
        + " (step " + num(u.step()) + ")";
  }

  /**
   * Why a comparison is inconclusive: rounding ({@code rounding} true: the digits lost to the
   * magnitude of the values) or truncation (the function changes too fast on the scale of the step).
   */
  static String inconclusive(double numeric, double estimate, double allowed, double h, double scale,
      boolean rounding) {
    if (rounding) {
      double lost = Math.log10(scale / (h * Math.max(Math.abs(numeric), allowed)));
      int digits = (int) Math.max(1, Math.min(16, Math.round(lost)));
      return "finite differences lose " + digits + " digits at |f| ≈ " + roughly(scale);
    }
    return "the finite-difference error estimate " + num(estimate) + " exceeds the allowed error " + num(allowed)
        + ": f changes too fast on the scale of the step " + num(h);
  }

  static String jump(GradCheck.Jump j) {
    return where(j.direction(), j.input(), j.inputLabel(), j.index()) + ": differentiable, but the second "
        + "derivative jumps here (left " + approx(j.secondLeft(), j) + ", right " + approx(j.secondRight(), j)
        + "): compared with one-sided differences, analytic " + num(j.analytic()) + ", numeric " + num(j.numeric())
        + " (step " + num(j.step()) + ")";
  }

  /**
   * A one-sided second difference, first-order accurate: rounded to six digits of the larger of the
   * two (and of 1), so that {@code 0.2499999994} reads {@code 0.25} and {@code -3.6e-9} reads {@code 0}.
   */
  private static String approx(double v, GradCheck.Jump j) {
    double scale = Math.max(1, Math.max(Math.abs(j.secondLeft()), Math.abs(j.secondRight())));
    double q = Math.pow(10, Math.floor(Math.log10(scale)) - 6);
    double r = Math.rint(v / q) * q;
    return num(r == 0 ? 0 : r);
  }

  /** A number to one significant digit: {@code 4e12}, {@code 0.3}. */
  static String roughly(double v) {
    String s = String.format(Locale.ROOT, "%.0e", v);
    int e = s.indexOf('e');
    return s.substring(0, e) + "e" + Integer.parseInt(s.substring(e + 1));
  }

  /** Direction vectors, one per input, each shown in full up to 12 elements. */
  static String vectors(Tensor[] u) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < u.length; i++) {
      double[] d = u[i].storage();
      b.append(i == 0 ? "" : "; ").append("input ").append(i).append(' ').append(Shape.str(u[i].shape())).append(" [");
      for (int k = 0; k < Math.min(12, d.length); k++) {
        b.append(k == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4g", d[k]));
      }
      b.append(d.length > 12 ? ", ...]" : "]");
    }
    return b.toString();
  }

  /** Where a mismatch is: the input and element, or the random direction. */
  static String where(int direction, int input, String label, int[] index) {
    return direction >= 0
        ? "direction " + direction + " (all inputs moved along a random u)"
        : inputName(input, label) + ", element " + Arrays.toString(index);
  }

  static String kink(GradCheck.Kink k) {
    String where = k.direction() >= 0
        ? "direction " + k.direction()
        : inputName(k.input(), k.inputLabel()) + ", element " + Arrays.toString(k.index());
    return where + ": not differentiable here (a kink): left derivative " + num(k.left()) + ", right derivative "
        + num(k.right()) + "; the engine's gradient " + num(k.analytic()) + " is used";
  }

  static String divergence(GradCheck.Divergence d) {
    GradCheck.Result local = d.local();
    StringBuilder b = new StringBuilder("first diverging primitive: '").append(d.op().name()).append("' (node ")
        .append(d.position()).append(" of ").append(d.nodeCount()).append(" in topological order: ").append(d.node())
        .append(')');
    if (d.createdAt() != null) {
      b.append(", created at ").append(d.createdAt());
    }
    b.append("\n    on its own recorded inputs its derivative rule disagrees with finite differences");
    if (local.isSecondOrder()) {
      b.append(" at second order (its rule's own gradient is wrong)");
    }
    if (!local.mismatches().isEmpty()) {
      b.append(":\n    ").append(local.mismatches().get(0));
      if (local.mismatches().size() > 1) {
        b.append("\n    (").append(local.mismatches().size()).append(" of ").append(local.checked())
            .append(" derivatives of this node differ)");
      }
    }
    return b.toString();
  }

  static String describeInputs(Tensor[] xs, String[] names, int[] numbers) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < xs.length; i++) {
      b.append(i == 0 ? "" : ", ").append(inputName(numbers[i], names[i])).append(' ').append(Shape.str(xs[i].shape()));
    }
    return b.toString();
  }

  static String inputName(int i, String label) {
    return "input " + i + (label == null ? "" : " ('" + label + "')");
  }

  /** A number for a report: plain with up to 10 decimals in [1e-3, 1e7), otherwise scientific. */
  static String num(double v) {
    if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
      return v == 0 ? "0" : Double.toString(v);
    }
    double a = Math.abs(v);
    if (a >= 1e-3 && a < 1e7) {
      String s = String.format(Locale.ROOT, "%.10f", v).replaceAll("0+$", "");
      return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
    String s = String.format(Locale.ROOT, "%.6e", v);
    int e = s.indexOf('e');
    String m = s.substring(0, e).replaceAll("0+$", "");
    if (m.endsWith(".")) {
      m = m.substring(0, m.length() - 1);
    }
    String exp = s.substring(e + 1);
    int x = Integer.parseInt(exp);
    return m + "e" + x;
  }
}
