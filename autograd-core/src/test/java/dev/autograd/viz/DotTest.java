package dev.autograd.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotTest {

  private static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** The DOT statement that declares the box whose bold label is {@code label}. */
  private static String boxOf(String dot, String label) {
    for (String line : dot.split("\n")) {
      if (line.contains("shape=plain") && line.contains("<B>" + label + "</B>")) {
        return line;
      }
    }
    throw new AssertionError("no box labelled " + label + " in\n" + dot);
  }

  /** y = σ(w·x + b), the single unit of the lecture's diagrams. */
  private static Tensor unit(Tensor w, Tensor x, Tensor b) {
    return w.mul(x).label("w·x").add(b).label("h").sigmoid().label("y");
  }

  @Test
  void single_unit_has_one_box_per_tensor_and_one_node_per_op() {
    Tensor w = Tensor.scalar(2).requiresGrad(true).label("w");
    Tensor x = Tensor.scalar(-1).label("x");
    Tensor b = Tensor.scalar(2).requiresGrad(true).label("b");
    String dot = Dot.of(unit(w, x, b)).render();

    assertTrue(dot.startsWith("digraph autograd {"), dot);
    assertTrue(dot.endsWith("}\n"), dot);
    assertEquals(6, count(dot, "shape=plain"), "tensors w, x, w·x, b, h, y");
    assertEquals(3, count(dot, "shape=circle"), "ops mul, add, sigmoid");
    assertEquals(8, count(dot, "->"), "five input edges and three op-to-result edges");
    assertTrue(dot.contains("label=\"sigmoid\""), dot);
    assertTrue(dot.contains("label=\"×\""), dot);
    assertTrue(boxOf(dot, "h").contains("value 0<"), "h = 2·(−1) + 2 = 0: " + boxOf(dot, "h"));
    assertTrue(boxOf(dot, "y").contains("value 0.5<"), boxOf(dot, "y"));
  }

  @Test
  void gradients_are_those_of_the_output_with_respect_to_each_tensor() {
    Tensor w = Tensor.scalar(2).requiresGrad(true).label("w");
    Tensor x = Tensor.scalar(-1).label("x");
    Tensor b = Tensor.scalar(2).requiresGrad(true).label("b");
    String dot = Dot.of(unit(w, x, b)).showGradients(true).render();

    // h = 0, so dy/dh = σ(0)(1 − σ(0)) = 0.25; dy/dw = 0.25·x = −0.25; dy/db = 0.25.
    assertTrue(boxOf(dot, "y").contains("grad 1<"), boxOf(dot, "y"));
    assertTrue(boxOf(dot, "h").contains("grad 0.25<"), boxOf(dot, "h"));
    assertTrue(boxOf(dot, "w·x").contains("grad 0.25<"), boxOf(dot, "w·x"));
    assertTrue(boxOf(dot, "w").contains("grad -0.25<"), boxOf(dot, "w"));
    assertTrue(boxOf(dot, "b").contains("grad 0.25<"), boxOf(dot, "b"));
    assertFalse(boxOf(dot, "x").contains("grad"), "a constant needs no gradient: " + boxOf(dot, "x"));
  }

  @Test
  void drawing_gradients_leaves_leaf_gradients_alone_and_keeps_the_graph() {
    Tensor w = Tensor.scalar(2).requiresGrad(true).label("w");
    Tensor b = Tensor.scalar(2).requiresGrad(true).label("b");
    Tensor y = unit(w, Tensor.scalar(-1), b);
    Dot.of(y).showGradients(true).render();

    assertNull(w.grad());
    assertNull(b.grad());
    y.backward();
    assertEquals(-0.25, w.grad().item(), 1e-15);
    assertEquals(0.25, b.grad().item(), 1e-15);
  }

  @Test
  void tensor_used_twice_is_drawn_once_with_two_edges() {
    Tensor x = Tensor.scalar(3).requiresGrad(true).label("x");
    String dot = Dot.of(x.mul(x).label("square")).showGradients(true).render();

    assertEquals(2, count(dot, "shape=plain"));
    assertEquals(1, count(dot, "shape=circle"));
    String xId = boxOf(dot, "x").trim().split(" ")[0];
    assertEquals(2, count(dot, Pattern.quote(xId + " -> op")), dot);
    assertTrue(boxOf(dot, "x").contains("grad 6<"), "d(x²)/dx = 2x = 6: " + boxOf(dot, "x"));
  }

  @Test
  void argument_order_is_marked_for_ops_where_it_matters() {
    Tensor a = Tensor.scalar(5).requiresGrad(true).label("a");
    Tensor b = Tensor.scalar(3).requiresGrad(true).label("b");
    String sub = Dot.of(a.sub(b)).render();
    String add = Dot.of(a.add(b)).render();

    assertEquals(1, count(sub, "-> op\\d+ \\[label=\"0\""), sub);
    assertEquals(1, count(sub, "-> op\\d+ \\[label=\"1\""), sub);
    assertEquals(0, count(add, "-> op\\d+ \\[label="), add);
  }

  @Test
  void deep_chain_is_drawn_without_recursion() {
    Tensor x = Tensor.scalar(0.5).requiresGrad(true);
    Tensor y = x;
    int depth = 50_000;
    for (int i = 0; i < depth; i++) {
      y = y.mul(1.0);
    }
    String dot = Dot.of(y).showGradients(true).render();

    // x, the chain's results and one constant 1.0 per multiplication.
    assertEquals(2 * depth + 1, count(dot, "shape=plain"));
    assertEquals(depth, count(dot, "shape=circle"));
  }

  @Test
  void small_tensors_show_their_values_and_large_ones_a_range() {
    Tensor m = Tensor.of(new double[][] {{1, 2}, {3, 4}}).requiresGrad(true).label("m");
    Tensor big = Tensor.full(0.5, 10, 10).requiresGrad(true).label("big");
    String dot = Dot.of(m.sum().add(big.sum())).render();

    assertTrue(boxOf(dot, "m").contains("value [[1, 2], [3, 4]]<"), boxOf(dot, "m"));
    assertTrue(boxOf(dot, "m").contains("shape [2, 2]"), boxOf(dot, "m"));
    assertTrue(boxOf(dot, "big").contains("in [0.5, 0.5]<"), boxOf(dot, "big"));
    assertTrue(boxOf(dot, "big").contains("shape [10, 10]"), boxOf(dot, "big"));
  }

  @Test
  void labels_are_escaped() {
    Tensor x = Tensor.scalar(1).requiresGrad(true).label("a<b & \"c\"");
    String dot = Dot.of(x.exp()).title("say \"hi\"").render();

    assertTrue(dot.contains("<B>a&lt;b &amp; &quot;c&quot;</B>"), dot);
    assertTrue(dot.contains("label=\"say \\\"hi\\\"\""), dot);
  }

  @Test
  void freed_graph_is_refused_with_a_hint() {
    Tensor x = Tensor.scalar(1).requiresGrad(true);
    Tensor y = x.exp().sum();
    y.backward();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Dot.of(y).render());
    assertTrue(e.getMessage().contains("freed") && e.getMessage().contains("backward(seed, true)"), e.getMessage());
  }

  @Test
  void gradients_of_a_non_scalar_output_are_refused() {
    Tensor x = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Dot.of(x.exp()).showGradients(true).render());
    assertTrue(e.getMessage().contains("scalar") && e.getMessage().contains("[3]"), e.getMessage());
  }

  @Test
  void bad_settings_are_refused() {
    assertThrows(IllegalArgumentException.class, () -> Dot.of(null));
    assertThrows(IllegalArgumentException.class, () -> Dot.of(Tensor.scalar(1)).digits(0));
    assertThrows(IllegalArgumentException.class, () -> Dot.of(Tensor.scalar(1)).maxValues(0));
  }

  @Test
  void write_puts_the_rendered_text_in_the_file(@TempDir Path dir) throws Exception {
    Tensor x = Tensor.scalar(2).requiresGrad(true).label("x");
    Dot dot = Dot.of(x.square().label("x²")).showGradients(true);
    Path file = dot.write(dir.resolve("sub/graph.dot"));

    assertEquals(dot.render(), Files.readString(file, StandardCharsets.UTF_8));
    try (var listing = Files.list(file.getParent())) {
      assertEquals(1, listing.count(), "no temporary file is left behind");
    }
  }

  @Test
  void graphviz_accepts_the_output_where_it_is_installed(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(onPath("dot"), "Graphviz 'dot' is not installed");
    Tensor w = Tensor.of(new double[] {0.5, -1}, 2).requiresGrad(true).label("w");
    Tensor x = Tensor.of(new double[] {2, 3}, 2).label("x");
    Tensor b = Tensor.scalar(0.1).requiresGrad(true).label("b");
    Path file = Dot.of(w.matmul(x).add(b).sigmoid().label("y")).showGradients(true).title("unit").write(dir.resolve("g.dot"));
    Path png = dir.resolve("g.png");

    Process p = new ProcessBuilder("dot", "-Tpng", file.toString(), "-o", png.toString())
        .redirectErrorStream(true).start();
    String messages = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "dot did not finish");
    assertEquals(0, p.exitValue(), messages);
    byte[] header = new byte[4];
    System.arraycopy(Files.readAllBytes(png), 0, header, 0, 4);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, header);
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
