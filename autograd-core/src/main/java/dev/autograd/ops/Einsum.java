package dev.autograd.ops;

import dev.autograd.Args;
import dev.autograd.Shape;
import dev.autograd.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code einsum} as a composite: every step is a recorded op whose rule already exists, so the
 * gradient of any order comes for free. Per operand, a subscript repeated within it takes a
 * {@linkplain LinearAlgebra.Diagonal diagonal} and a subscript found nowhere else (not in the
 * output, not in another operand) is summed out. Operands are then contracted left to right, two at
 * a time: subscripts in both operands and still needed are batch axes, those in both and no longer
 * needed are contracted, the rest are rows (left operand) and columns (right operand). A pair with
 * something to contract becomes one {@link LinearAlgebra.MatMul} (no batch axes) or
 * {@link LinearAlgebra.BatchedMatMul}, each operand permuted into place unless a transpose flag of
 * the product already reads it as it lies; a pair with nothing to contract is a broadcasting
 * {@code mul}. A final permute puts the axes in the output's order.
 */
final class Einsum {
  private Einsum() {}

  /** A tensor and the subscript of each of its axes. */
  private record Term(Tensor t, List<Character> labels) {}

  static Tensor einsum(String equation, Tensor... operands) {
    Args.notNull(equation, "einsum", "equation");
    Args.noNulls(operands, "einsum", "operands");
    String eq = equation.replace(" ", "");
    String prefix = "einsum: '" + equation + "': ";
    if (eq.contains(".")) {
      throw new IllegalArgumentException(prefix + "ellipsis ('...') is not supported; name every axis");
    }
    int arrow = eq.indexOf("->");
    if (arrow >= 0 && eq.indexOf("->", arrow + 2) >= 0) {
      throw new IllegalArgumentException(prefix + "has more than one '->'");
    }
    String lhs = arrow >= 0 ? eq.substring(0, arrow) : eq;
    String[] subs = lhs.split(",", -1);
    if (subs.length != operands.length) {
      throw new IllegalArgumentException(
          prefix + "names " + subs.length + " operand" + (subs.length == 1 ? "" : "s") + "; got " + operands.length);
    }
    int[] sizes = new int[128];
    int[] from = new int[128];
    int[] count = new int[128];
    for (int o = 0; o < subs.length; o++) {
      String sub = subs[o];
      int[] shape = operands[o].shape();
      checkLetters(prefix, sub);
      if (sub.length() != shape.length) {
        throw new IllegalArgumentException(
            prefix + "operand " + o + " has shape " + Shape.str(shape) + " (rank " + shape.length + ") but subscripts '"
                + sub + "' name " + sub.length() + " ax" + (sub.length() == 1 ? "is" : "es"));
      }
      for (int i = 0; i < shape.length; i++) {
        char c = sub.charAt(i);
        if (count[c] == 0) {
          sizes[c] = shape[i];
          from[c] = o;
        } else if (sizes[c] != shape[i]) {
          throw new IllegalArgumentException(
              prefix + "operand " + o + " has shape " + Shape.str(shape) + " but subscripts '" + sub + "' need " + c
                  + " = " + sizes[c] + " (from operand " + from[c] + ")");
        }
        count[c]++;
      }
    }
    String out;
    if (arrow >= 0) {
      out = eq.substring(arrow + 2);
      checkLetters(prefix, out);
      for (int i = 0; i < out.length(); i++) {
        char c = out.charAt(i);
        if (count[c] == 0) {
          throw new IllegalArgumentException(prefix + "output subscript '" + c + "' is in no operand");
        }
        if (out.indexOf(c) != i) {
          throw new IllegalArgumentException(prefix + "output subscript '" + c + "' appears more than once");
        }
      }
    } else {
      // NumPy's implicit output: the subscripts that appear exactly once, in alphabetical order.
      StringBuilder b = new StringBuilder();
      for (char c = 0; c < 128; c++) {
        if (count[c] == 1) {
          b.append(c);
        }
      }
      out = b.toString();
    }

    List<Term> terms = new ArrayList<>();
    for (int o = 0; o < operands.length; o++) {
      terms.add(reduceAlone(operands[o], subs[o], o, subs, out));
    }
    Term cur = terms.get(0);
    for (int o = 1; o < terms.size(); o++) {
      StringBuilder needed = new StringBuilder(out);
      for (int later = o + 1; later < subs.length; later++) {
        needed.append(subs[later]);
      }
      cur = contract(cur, terms.get(o), needed.toString(), sizes);
    }
    // Whatever is left over (a single operand's axes are already reduced to the output's).
    cur = sumOut(cur, out);
    int[] order = new int[out.length()];
    for (int i = 0; i < order.length; i++) {
      order[i] = cur.labels.indexOf(out.charAt(i));
    }
    return permuted(cur.t, order);
  }

  private static void checkLetters(String prefix, String sub) {
    for (int i = 0; i < sub.length(); i++) {
      char c = sub.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
        throw new IllegalArgumentException(
            prefix + "subscripts are letters a-z and A-Z (operands separated by ',', the output after '->'); got '"
                + c + "'");
      }
    }
  }

  /** One operand with repeated subscripts taken as diagonals and subscripts used nowhere else summed out. */
  private static Term reduceAlone(Tensor t, String sub, int self, String[] subs, String out) {
    List<Character> labels = new ArrayList<>();
    for (char c : sub.toCharArray()) {
      labels.add(c);
    }
    for (boolean again = true; again; ) {
      again = false;
      for (int p = 0; p < labels.size() && !again; p++) {
        int q = labels.subList(p + 1, labels.size()).indexOf(labels.get(p));
        if (q >= 0) {
          q += p + 1;
          char c = labels.get(p);
          t = new LinearAlgebra.Diagonal(0, p, q).apply(t);
          labels.remove(q);
          labels.remove(p);
          labels.add(c);
          again = true;
        }
      }
    }
    StringBuilder keep = new StringBuilder(out);
    for (int o = 0; o < subs.length; o++) {
      if (o != self) {
        keep.append(subs[o]);
      }
    }
    return sumOut(new Term(t, labels), keep.toString());
  }

  /** Sums out the axes whose subscripts are not in {@code keep}. */
  private static Term sumOut(Term x, String keep) {
    List<Integer> axes = new ArrayList<>();
    List<Character> left = new ArrayList<>();
    for (int i = 0; i < x.labels.size(); i++) {
      if (keep.indexOf(x.labels.get(i)) < 0) {
        axes.add(i);
      } else {
        left.add(x.labels.get(i));
      }
    }
    if (axes.isEmpty()) {
      return x;
    }
    int[] ax = axes.stream().mapToInt(Integer::intValue).toArray();
    return new Term(x.t.sum(ax, false), left);
  }

  /** The product of two terms summed over their shared subscripts that are not in {@code keep}. */
  private static Term contract(Term a, Term b, String keep, int[] sizes) {
    a = sumOut(a, keep + labels(b));
    b = sumOut(b, keep + labels(a));
    List<Character> batch = new ArrayList<>();
    List<Character> summed = new ArrayList<>();
    List<Character> rows = new ArrayList<>();
    List<Character> cols = new ArrayList<>();
    for (char c : a.labels) {
      if (!b.labels.contains(c)) {
        rows.add(c);
      } else if (keep.indexOf(c) >= 0) {
        batch.add(c);
      } else {
        summed.add(c);
      }
    }
    for (char c : b.labels) {
      if (!a.labels.contains(c)) {
        cols.add(c);
      }
    }
    List<Character> result = concat(batch, rows, cols);
    int[] resultShape = dims(result, sizes);
    if (summed.isEmpty()) {
      // Nothing to contract: an outer product over rows and columns, elementwise over the batch.
      Tensor x = LinearAlgebra.view(arranged(a, concat(batch, rows)), dims(concat(batch, rows, ones(cols)), sizes));
      Tensor y = LinearAlgebra.view(arranged(b, concat(batch, cols)), dims(concat(batch, ones(rows), cols), sizes));
      return new Term(x.mul(y), result);
    }
    int nb = product(batch, sizes);
    int m = product(rows, sizes);
    int k = product(summed, sizes);
    int n = product(cols, sizes);
    boolean ta = !a.labels.equals(concat(batch, rows, summed)) && a.labels.equals(concat(batch, summed, rows));
    boolean tb = b.labels.equals(concat(batch, cols, summed)) && !b.labels.equals(concat(batch, summed, cols));
    Tensor x = ta ? a.t : arranged(a, concat(batch, rows, summed));
    Tensor y = tb ? b.t : arranged(b, concat(batch, summed, cols));
    int[] xs = ta ? new int[] {nb, k, m} : new int[] {nb, m, k};
    int[] ys = tb ? new int[] {nb, n, k} : new int[] {nb, k, n};
    Tensor c = batch.isEmpty()
        ? new LinearAlgebra.MatMul(ta, tb).apply(
            LinearAlgebra.view(x, xs[1], xs[2]), LinearAlgebra.view(y, ys[1], ys[2]))
        : new LinearAlgebra.BatchedMatMul(ta, tb).apply(LinearAlgebra.view(x, xs), LinearAlgebra.view(y, ys));
    return new Term(LinearAlgebra.view(c, resultShape), result);
  }

  /** The term's tensor with its axes permuted into the order of {@code labels} (the same set). */
  private static Tensor arranged(Term x, List<Character> labels) {
    int[] order = new int[labels.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = x.labels.indexOf(labels.get(i));
    }
    return permuted(x.t, order);
  }

  private static Tensor permuted(Tensor t, int[] order) {
    for (int i = 0; i < order.length; i++) {
      if (order[i] != i) {
        return t.permute(order);
      }
    }
    return t;
  }

  private static String labels(Term x) {
    StringBuilder b = new StringBuilder();
    for (char c : x.labels) {
      b.append(c);
    }
    return b.toString();
  }

  /** A placeholder subscript of size 1 for each of {@code labels}. */
  private static List<Character> ones(List<Character> labels) {
    return new ArrayList<>(Collections.nCopies(labels.size(), (char) 0));
  }

  @SafeVarargs
  private static List<Character> concat(List<Character>... parts) {
    List<Character> all = new ArrayList<>();
    for (List<Character> p : parts) {
      all.addAll(p);
    }
    return all;
  }

  /** The sizes of these subscripts (the placeholder 0 has size 1). */
  private static int[] dims(List<Character> labels, int[] sizes) {
    int[] d = new int[labels.size()];
    for (int i = 0; i < d.length; i++) {
      char c = labels.get(i);
      d[i] = c == 0 ? 1 : sizes[c];
    }
    return d;
  }

  private static int product(List<Character> labels, int[] sizes) {
    return Shape.size(dims(labels, sizes));
  }
}
