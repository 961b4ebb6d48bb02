package dev.autograd.viz;

import dev.autograd.Autograd;
import dev.autograd.Gradients;
import dev.autograd.Graph;
import dev.autograd.Node;
import dev.autograd.Shape;
import dev.autograd.Tensor;
import dev.autograd.io.AtomicFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;

/**
 * Draws the computation graph recorded behind a tensor in the Graphviz DOT language, in the style of
 * a backpropagation diagram: each tensor is a box showing its label, its value (or its shape and
 * value range when it is large) and, on request, the gradient of the output with respect to it;
 * each recorded op is a small node between its inputs and its result.
 *
 * <pre>{@code
 * Tensor w = Tensor.scalar(2).requiresGrad(true).label("w");
 * Tensor x = Tensor.scalar(-1).label("x");
 * Tensor y = w.mul(x).sigmoid().label("y");
 * String dot = Dot.of(y).showGradients(true).render();   // then: dot -Tpng graph.dot -o graph.png
 * }</pre>
 *
 * <p>The graph is walked with {@link Graph#topologicalOrder} (an explicit stack, no recursion), so
 * graphs of any depth can be drawn. A tensor used by several ops appears once, with one edge per use. Gradients
 * are those of a scalar output, {@code ∂output/∂t} for every tensor {@code t} that requires one,
 * computed with {@link Autograd#gradients(Tensor, Tensor...)}: the graph is kept and no leaf's
 * {@link Tensor#grad()} changes. A graph already freed by {@link Tensor#backward()} cannot be drawn:
 * draw it before, or keep it with {@code backward(seed, true)}.
 */
public final class Dot {
  private static final String PARAMETER_COLOUR = "#fdf1c7";
  private static final String INTERMEDIATE_COLOUR = "#dbe9f6";
  private static final String OUTPUT_COLOUR = "#d5f0d5";
  private static final String CONSTANT_COLOUR = "#eeeeee";
  private static final String GRADIENT_COLOUR = "#b03a2e";

  private final Tensor output;
  private boolean showGradients;
  private int maxValues = 6;
  private int digits = 4;
  private String title;

  private Dot(Tensor output) {
    this.output = output;
  }

  /**
   * A drawing of the graph that computed {@code output} (a leaf gives a single box).
   *
   * @param output the tensor drawn last, of any shape; its graph is read when rendering, not now
   * @return a drawing without gradients or title, showing every value of tensors of up to 6
   *     elements, with 4 significant digits
   * @throws IllegalArgumentException when {@code output} is null
   */
  public static Dot of(Tensor output) {
    if (output == null) {
      throw new IllegalArgumentException("Dot.of: the output tensor is null");
    }
    return new Dot(output);
  }

  /**
   * Whether to show, in each box, the gradient {@code ∂output/∂t} of the (scalar) output with
   * respect to that tensor. Constants, which need no gradient, show none.
   *
   * @param on true to show gradients (the output must then have one element); false by default
   * @return this drawing
   */
  public Dot showGradients(boolean on) {
    this.showGradients = on;
    return this;
  }

  /**
   * Tensors with at most this many elements show all their values; larger ones show a summary.
   *
   * @param n the element count, at least 1; 6 by default
   * @return this drawing
   * @throws IllegalArgumentException when {@code n < 1}
   */
  public Dot maxValues(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("Dot.maxValues: needs at least 1; got " + n);
    }
    this.maxValues = n;
    return this;
  }

  /**
   * Significant digits of the numbers shown (1 to 17; default 4).
   *
   * @param d the number of significant digits
   * @return this drawing
   * @throws IllegalArgumentException when {@code d} is outside 1 to 17
   */
  public Dot digits(int d) {
    if (d < 1 || d > 17) {
      throw new IllegalArgumentException("Dot.digits: needs 1 to 17 significant digits; got " + d);
    }
    this.digits = d;
    return this;
  }

  /**
   * A caption drawn above the graph.
   *
   * @param caption the text, shown as given (escaped for DOT); null for none, the default
   * @return this drawing
   */
  public Dot title(String caption) {
    this.title = caption;
    return this;
  }

  /**
   * The graph in the DOT language.
   *
   * @return a complete {@code digraph}, ending in a newline
   * @throws IllegalArgumentException when gradients are asked for and the output is not a scalar
   * @throws IllegalStateException when part of the graph was already freed by a backward pass
   */
  public String render() {
    List<Tensor> tensors = collect();
    IdentityHashMap<Tensor, Integer> id = new IdentityHashMap<>();
    for (int i = 0; i < tensors.size(); i++) {
      id.put(tensors.get(i), i);
    }
    IdentityHashMap<Tensor, Tensor> grads = showGradients ? gradients(tensors) : new IdentityHashMap<>();

    StringBuilder b = new StringBuilder(256 + 200 * tensors.size());
    b.append("digraph autograd {\n");
    b.append("  graph [rankdir=LR, fontname=\"Helvetica\", nodesep=0.25, ranksep=0.45");
    if (title != null) {
      b.append(", label=\"").append(quoted(title)).append("\", labelloc=t, fontsize=16");
    }
    b.append("];\n");
    b.append("  node [fontname=\"Helvetica\", fontsize=11];\n");
    b.append("  edge [color=\"#555555\", arrowsize=0.7];\n");
    // Inputs are declared before the ops that consume them.
    for (int i = 0; i < tensors.size(); i++) {
      Tensor t = tensors.get(i);
      b.append("  t").append(i).append(" [shape=plain, label=<").append(box(t, grads.get(t))).append(">];\n");
      Node node = t.node();
      if (node == null) {
        continue;
      }
      b.append("  op").append(i).append(" [shape=circle, style=filled, fillcolor=\"#f7f7f7\", "
          + "color=\"#888888\", margin=0.02, width=0.45, fixedsize=false, label=\"")
          .append(quoted(symbol(node))).append("\"];\n");
      Tensor[] inputs = node.inputs();
      boolean ordered = inputs.length > 1 && !isCommutative(node);
      for (int k = 0; k < inputs.length; k++) {
        b.append("  t").append(id.get(inputs[k])).append(" -> op").append(i);
        if (ordered) {
          b.append(" [label=\"").append(k).append("\", fontsize=9, fontcolor=\"#777777\"]");
        }
        b.append(";\n");
      }
      b.append("  op").append(i).append(" -> t").append(i).append(";\n");
    }
    return b.append("}\n").toString();
  }

  /**
   * Writes {@link #render()} to {@code file} (UTF-8), replacing it; the file appears complete or not
   * at all. Returns the file.
   *
   * @param file the file to write
   * @return {@code file}
   * @throws IOException if the file cannot be written
   */
  public Path write(Path file) throws IOException {
    String text = render();
    return AtomicFiles.write(file, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return render();
  }

  // ---------------------------------------------------------------- graph walk

  /**
   * Every tensor of the graph, each once, in an order where an op's inputs come before its result
   * (the output last); the nodes come from {@link Graph#topologicalOrder}.
   */
  private List<Tensor> collect() {
    List<Node> nodes;
    try {
      nodes = Graph.topologicalOrder(output);
    } catch (IllegalStateException e) {
      throw new IllegalStateException("Dot: " + e.getMessage()
          + "; draw the graph before calling backward(), or keep it with backward(seed, true)", e);
    }
    IdentityHashMap<Tensor, Boolean> seen = new IdentityHashMap<>();
    ArrayList<Tensor> found = new ArrayList<>();
    for (Node node : nodes) {
      for (int i = 0; i < node.arity(); i++) {
        Tensor in = node.input(i);
        if (seen.put(in, Boolean.TRUE) == null) {
          found.add(in);
        }
      }
    }
    if (seen.put(output, Boolean.TRUE) == null) {
      found.add(output);
    }
    return found;
  }

  private IdentityHashMap<Tensor, Tensor> gradients(List<Tensor> tensors) {
    if (output.size() != 1) {
      throw new IllegalArgumentException(
          "Dot.showGradients: gradients are drawn for a scalar output; got shape " + Shape.str(output.shape()));
    }
    IdentityHashMap<Tensor, Tensor> result = new IdentityHashMap<>();
    ArrayList<Tensor> wanted = new ArrayList<>();
    for (Tensor t : tensors) {
      if (t.requiresGrad()) {
        wanted.add(t);
      }
    }
    if (wanted.isEmpty()) {
      return result;
    }
    Tensor[] wrt = wanted.toArray(new Tensor[0]);
    Gradients g = Autograd.gradients(output, wrt);
    for (int i = 0; i < wrt.length; i++) {
      result.put(wrt[i], g.get(i));
    }
    return result;
  }

  // ---------------------------------------------------------------- labels

  private String box(Tensor t, Tensor grad) {
    boolean constant = t.isLeaf() && !t.requiresGrad();
    String colour = t == output ? OUTPUT_COLOUR
        : constant ? CONSTANT_COLOUR
        : t.isLeaf() ? PARAMETER_COLOUR
        : INTERMEDIATE_COLOUR;
    StringBuilder b = new StringBuilder();
    b.append("<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"4\" BGCOLOR=\"")
        .append(colour).append("\">");
    if (t.label() != null) {
      b.append("<TR><TD><B>").append(html(t.label())).append("</B></TD></TR>");
    }
    if (t.rank() > 0) {
      b.append("<TR><TD><FONT POINT-SIZE=\"9\">shape ").append(html(Shape.str(t.shape())))
          .append("</FONT></TD></TR>");
    }
    b.append("<TR><TD>").append(constant ? "" : "value ").append(html(values(t))).append("</TD></TR>");
    if (grad != null) {
      b.append("<TR><TD><FONT COLOR=\"").append(GRADIENT_COLOUR).append("\">grad ")
          .append(html(values(grad))).append("</FONT></TD></TR>");
    }
    return b.append("</TABLE>").toString();
  }

  /** All values of a small tensor in nested brackets; the range of a large one. */
  private String values(Tensor t) {
    double[] v = t.toArray();
    if (v.length == 0) {
      return "(empty)";
    }
    if (v.length == 1) {
      return number(v[0]);
    }
    if (v.length > maxValues) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (double x : v) {
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
      return "in [" + number(lo) + ", " + number(hi) + "]";
    }
    // Element i opens one bracket for each axis whose block (that axis and all after it) starts
    // at i, and closes one for each axis whose block ends at i.
    int[] shape = t.shape();
    int[] block = new int[shape.length];
    int size = 1;
    for (int axis = shape.length - 1; axis >= 0; axis--) {
      size *= shape[axis];
      block[axis] = size;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < v.length; i++) {
      for (int axis = 0; axis < shape.length; axis++) {
        if (i % block[axis] == 0) {
          b.append('[');
        }
      }
      b.append(number(v[i]));
      for (int axis = 0; axis < shape.length; axis++) {
        if ((i + 1) % block[axis] == 0) {
          b.append(']');
        }
      }
      if (i + 1 < v.length) {
        b.append(", ");
      }
    }
    return b.toString();
  }

  private String number(double x) {
    if (Double.isNaN(x)) {
      return "NaN";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "∞" : "−∞";
    }
    if (x == 0) {
      return "0";
    }
    double a = Math.abs(x);
    if (a >= 1e-4 && a < 1e7) {
      return new BigDecimal(x).round(new MathContext(digits)).stripTrailingZeros().toPlainString();
    }
    return String.format(Locale.ROOT, "%." + (digits - 1) + "e", x);
  }

  private static String symbol(Node node) {
    switch (node.op().name()) {
      case "add":
        return "+";
      case "sub":
        return "−";
      case "mul":
        return "×";
      case "div":
        return "÷";
      case "neg":
        return "−x";
      default:
        return node.op().toString();
    }
  }

  private static boolean isCommutative(Node node) {
    String name = node.op().name();
    return name.equals("add") || name.equals("mul");
  }

  /** Escapes text for an HTML-like Graphviz label. */
  private static String html(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** Escapes text for a double-quoted DOT string. */
  private static String quoted(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
