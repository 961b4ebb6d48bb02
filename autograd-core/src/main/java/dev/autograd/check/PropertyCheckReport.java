package dev.autograd.check;

import dev.autograd.Tensor;
import java.util.Locale;

/** The text of {@link PropertyCheck}'s reports, and the minimal failing case as Java code to paste into a test. */
final class PropertyCheckReport {
  private PropertyCheckReport() {}

  /** A readable account: cases and seed, and for a failure the shrunk case, its check report and Java code. */
  static String of(PropertyCheck.Report r) {
    if (r.failure().isEmpty()) {
      return "property check passed: " + r.cases() + " cases of " + r.what() + " (seed " + r.seed() + ")"
          + (r.totalNodes() > 0 ? ", " + r.totalNodes() + " op nodes in all" : "");
    }
    PropertyCheck.Failure f = r.failure().get();
    StringBuilder b = new StringBuilder("property check FAILED (")
        .append(f.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '))
        .append(") on case ").append(f.caseIndex() + 1).append(" of ").append(r.planned()).append(", ")
        .append(r.what()).append(" (seed ").append(r.seed()).append(", case seed ").append(f.caseSeed())
        .append("L: replay(").append(f.caseSeed()).append("L) re-runs it)");
    b.append("\n  generated: ").append(f.original());
    b.append("\n  shrunk in ").append(f.shrinkSteps()).append(" steps (").append(f.shrinkChecks())
        .append(" candidates checked) to: ").append(f.shrunkDescription());
    if (f.result() != null) {
      b.append("\n  ").append(f.result().report().replace("\n", "\n  "));
    }
    if (f.error() != null) {
      b.append("\n  the check threw: ").append(f.error());
    }
    b.append("\n  paste into a test:\n    ").append(f.javaCode().replace("\n", "\n    "));
    return b.toString();
  }

  /** A call of a user's function with literal inputs, for reading: {@code huber(Tensor.vector(1, 2), ...)}. */
  static String call(String name, Tensor[] xs) {
    StringBuilder b = new StringBuilder(name).append('(');
    for (int i = 0; i < xs.length; i++) {
      b.append(i == 0 ? "" : ", ").append(JavaCode.tensor(xs[i]));
    }
    return b.append(')').toString();
  }

  /**
   * Statements that re-run a check of a user's function at these inputs with {@code checkCall};
   * {@code name} is the function's variable, and inputs not in {@code differentiated} are passed as constants.
   */
  static String functionCase(String name, Tensor[] xs, int[] differentiated, String checkCall) {
    StringBuilder code = new StringBuilder("// ").append(name).append(": the function under test (an Autograd.Fn)\n");
    boolean[] varies = new boolean[xs.length];
    for (int i : differentiated) {
      varies[i] = true;
    }
    for (int i = 0; i < xs.length; i++) {
      code.append("Tensor x").append(i).append(" = ").append(JavaCode.tensor(xs[i])).append(";")
          .append(varies[i] ? "" : "  // a constant, not differentiated").append('\n');
    }
    code.append(checkCall).append('(');
    if (differentiated.length == xs.length) {
      code.append(name);
    } else {
      code.append("xs -> ").append(name).append(".apply(new Tensor[] {");
      for (int i = 0, k = 0; i < xs.length; i++) {
        code.append(i == 0 ? "" : ", ").append(varies[i] ? "xs[" + k++ + "]" : "x" + i);
      }
      code.append("})");
    }
    for (int i : differentiated) {
      code.append(", x").append(i);
    }
    return code.append(");").toString();
  }

  /** The code preceded by the imports it needs, as comments. */
  static String pasteable(String code) {
    StringBuilder b = new StringBuilder("// import dev.autograd.Tensor;\n// import dev.autograd.check.GradCheck;\n");
    for (String holder : new String[] {"Elementwise", "LinearAlgebra", "Movement", "Reduce"}) {
      if (code.contains(holder + ".")) {
        b.append("// import dev.autograd.ops.").append(holder).append(";\n");
      }
    }
    return b.append(code).toString();
  }
}
