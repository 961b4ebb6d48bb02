package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class GraphTest {

  /** Every node comes after the nodes that produced its inputs, and each node appears once. */
  private static void assertTopological(List<Node> order) {
    IdentityHashMap<Node, Integer> position = new IdentityHashMap<>();
    for (int k = 0; k < order.size(); k++) {
      assertEquals(null, position.put(order.get(k), k), "node listed twice: " + order.get(k));
    }
    for (int k = 0; k < order.size(); k++) {
      Node node = order.get(k);
      for (int i = 0; i < node.arity(); i++) {
        Node producer = node.input(i).node();
        if (producer != null) {
          Integer at = position.get(producer);
          assertTrue(at != null && at < k, "input " + i + " of " + node + " is produced later or not listed");
        }
      }
    }
  }

  @Test
  void a_diamond_lists_both_branches_before_the_node_joining_them() {
    Tensor x = Tensor.vector(0.5, -1).requiresGrad(true);
    Tensor left = x.exp();
    Tensor right = x.square();
    Tensor y = left.mul(right);

    List<Node> order = Graph.topologicalOrder(y);

    assertEquals(3, order.size());
    assertSame(left.node(), order.get(0), "input 0's branch first");
    assertSame(right.node(), order.get(1));
    assertSame(y.node(), order.get(2), "the output's node last");
    assertTopological(order);
  }

  @Test
  void a_shared_subexpression_is_listed_once() {
    Tensor x = Tensor.vector(0.25, 2, -3).requiresGrad(true);
    Tensor h = x.tanh();
    Tensor y = h.exp().add(h.square()).add(h).mul(h);

    List<Node> order = Graph.topologicalOrder(y);

    assertEquals(6, order.size(), "tanh, exp, square, add, add, mul: " + order);
    assertSame(h.node(), order.get(0));
    assertEquals(1, order.stream().filter(n -> n == h.node()).count());
    assertSame(y.node(), order.get(order.size() - 1));
    assertTopological(order);

    Tensor z = x.mul(x);
    assertEquals(List.of(z.node()), Graph.topologicalOrder(z), "one node using one tensor twice");
  }

  @Test
  void leaves_constants_and_unrecorded_values_have_no_nodes() {
    Tensor leaf = Tensor.vector(1, 2).requiresGrad(true);
    assertTrue(Graph.topologicalOrder(leaf).isEmpty());
    assertTrue(Graph.topologicalOrder(Tensor.scalar(3)).isEmpty());
    assertTrue(Graph.topologicalOrder(Tensor.scalar(3).exp()).isEmpty(), "no input requires a gradient");
    try (var off = GradMode.noGrad()) {
      assertTrue(Graph.topologicalOrder(leaf.exp()).isEmpty(), "computed without recording");
    }
  }

  @Test
  void a_freed_graph_is_refused_naming_the_op() {
    Tensor x = Tensor.scalar(2).requiresGrad(true);
    Tensor y = x.exp().sum();
    y.backward();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Graph.topologicalOrder(y));
    assertTrue(e.getMessage().contains("freed"), e.getMessage());
  }

  @Test
  void a_chain_of_a_million_nodes_is_walked_on_a_default_stack() throws InterruptedException {
    int length = 1_000_000;
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread worker = new Thread(() -> {
      try {
        Tensor x = Tensor.scalar(0.5).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < length; i++) {
          y = y.neg();
        }
        List<Node> order = Graph.topologicalOrder(y);
        assertEquals(length, order.size());
        assertSame(x, order.get(0).input(0));
        for (int k = 1; k < length; k++) {
          if (order.get(k).input(0).node() != order.get(k - 1)) {
            throw new AssertionError("node " + k + " does not follow its input's node");
          }
        }
        assertSame(y.node(), order.get(length - 1));
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "graph-walk-default-stack");
    worker.start();
    worker.join();
    if (failure.get() != null) {
      throw new AssertionError("walking the chain failed", failure.get());
    }
  }
}
