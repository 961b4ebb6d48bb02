package dev.autograd;

/** The checks behind {@link GradMode#anomalyDetection()}; they run only when it is on. */
final class Anomaly {
  private Anomaly() {}

  /** Engine classes (exact names) and engine packages (prefixes ending in a dot). */
  private static final String[] INTERNAL = {
    "dev.autograd.Tensor", "dev.autograd.Primitive", "dev.autograd.Backprop", "dev.autograd.Recorder", "dev.autograd.Anomaly",
    "dev.autograd.Autograd", "dev.autograd.Node", "dev.autograd.ops.", "dev.autograd.internal.",
    "java.", "jdk.", "sun."
  };

  /** The stack of the user's code that is applying an op, engine frames removed. */
  static StackTraceElement[] callSite() {
    StackTraceElement[] all = new Throwable().getStackTrace();
    int from = 0;
    while (from < all.length && isInternal(all[from].getClassName())) {
      from++;
    }
    return java.util.Arrays.copyOfRange(all, from, all.length);
  }

  private static boolean isInternal(String cls) {
    for (String p : INTERNAL) {
      boolean match = p.endsWith(".")
          ? cls.startsWith(p)
          : cls.equals(p) || cls.startsWith(p + "$");
      if (match) {
        return true;
      }
    }
    return false;
  }

  static void checkForward(Primitive op, Tensor[] inputs, Tensor out) {
    if (allFinite(out.array())) {
      return;
    }
    Node rule = GradMode.state().rule;
    if (rule != null) {
      // A step of a derivative rule: the rule of that node is what produced the value.
      boolean received = false;
      for (Tensor in : inputs) {
        received |= !allFinite(in.array());
      }
      throw new AnomalyException(rule.op().name(), "anomaly: the derivative rule of '" + rule.op() + "' "
          + (received ? "received" : "produced") + " " + firstBad(out.array()) + " (in its '" + op
          + "' step, of shape " + Shape.str(out.shape) + "); the node's inputs have shapes "
          + shapes(rule.inputs()) + createdAt(rule));
    }
    StringBuilder m = new StringBuilder();
    for (int i = 0; i < inputs.length; i++) {
      if (!allFinite(inputs[i].array())) {
        m.append("anomaly: input ").append(i).append(" of '").append(op).append("' (shape ")
            .append(Shape.str(inputs[i].shape)).append(") already holds ").append(firstBad(inputs[i].array()))
            .append("; it was not produced by a recorded op in anomaly mode");
        throw new AnomalyException(op.name(), m.append(where(callSite())).toString());
      }
    }
    m.append("anomaly: '").append(op).append("' produced ").append(firstBad(out.array()))
        .append(" in its result of shape ").append(Shape.str(out.shape)).append(" from finite inputs of shapes ")
        .append(shapes(inputs));
    throw new AnomalyException(op.name(), m.append(where(callSite())).toString());
  }

  static void checkBackward(Node node, int input, Tensor grad) {
    if (allFinite(grad.array())) {
      return;
    }
    String msg = "anomaly: the derivative rule of '" + node.op() + "' produced " + firstBad(grad.array())
        + " in the gradient for input " + input + " (shape " + Shape.str(grad.shape)
        + "); the node's inputs have shapes " + shapes(node.inputs()) + createdAt(node);
    throw new AnomalyException(node.op().name(), msg);
  }

  /** Where the node was created, or how to find out. */
  private static String createdAt(Node node) {
    StackTraceElement[] at = node.createdAt();
    if (at == null || at.length == 0) {
      return "\n  (build the graph inside GradMode.anomalyDetection() to see where this node was created)";
    }
    return "\n  node created at " + at[0];
  }

  private static String shapes(Tensor[] ts) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < ts.length; i++) {
      b.append(i == 0 ? "" : ", ").append(Shape.str(ts[i].shape));
    }
    return b.toString();
  }

  private static String where(StackTraceElement[] site) {
    if (site == null || site.length == 0) {
      return "";
    }
    return "\n  at " + site[0];
  }

  private static String firstBad(Object values) {
    for (double v : values instanceof float[] ? widen((float[]) values) : (double[]) values) {
      if (!Double.isFinite(v)) {
        return Double.isNaN(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity");
      }
    }
    return "nothing";
  }

  /** Whether every element of a {@code double[]} or {@code float[]} is finite. */
  static boolean allFinite(Object values) {
    if (values instanceof float[]) {
      for (float v : (float[]) values) {
        if (!Float.isFinite(v)) {
          return false;
        }
      }
      return true;
    }
    for (double v : (double[]) values) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  private static double[] widen(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
