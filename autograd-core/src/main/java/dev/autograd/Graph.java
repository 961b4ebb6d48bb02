package dev.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * Reading a recorded computation graph, for tools (gradient checking, graph drawing). Walks use an
 * explicit stack, never recursion, so graphs of any depth can be read on a thread's default stack.
 */
public final class Graph {
  private Graph() {}

  /**
   * The nodes of the graph that computed {@code output}, in topological order: every node comes
   * after each node that produced one of its inputs, and the node that produced {@code output} comes
   * last. It is the post-order of a depth-first search from the output that visits a node's inputs
   * in their order ({@code input(0)} first); a node reached along several paths (a shared
   * subexpression) is listed once, nodes being compared by identity. The list is empty when
   * {@code output} was not computed by a recorded op (a leaf, a constant, or a value computed
   * without recording).
   *
   * @param output the tensor whose graph is read
   * @return the nodes, each once, ending with {@code output.node()}; a new, modifiable list
   * @throws NullPointerException when {@code output} is null
   * @throws IllegalStateException when the walk reaches a node that a backward pass has released
   *     (see {@link Node#isReleased()}); the message names its op: {@code the graph through 'mul' was
   *     freed by a backward pass}
   */
  public static List<Node> topologicalOrder(Tensor output) {
    List<Node> order = new ArrayList<>();
    Node root = output.node();
    if (root == null) {
      return order;
    }
    IdentityHashMap<Node, Boolean> seen = new IdentityHashMap<>();
    // The path from the root to the node being expanded, and for each the next input to look at.
    Node[] stack = new Node[16];
    int[] next = new int[16];
    int depth = 0;
    stack[depth] = root;
    next[depth++] = 0;
    seen.put(root, Boolean.TRUE);
    while (depth > 0) {
      Node node = stack[depth - 1];
      int i = next[depth - 1];
      if (i == 0 && node.isReleased()) {
        throw new IllegalStateException("the graph through '" + node.op().name() + "' was freed by a backward pass");
      }
      if (i < node.arity()) {
        next[depth - 1] = i + 1;
        Node producer = node.input(i).node();
        if (producer != null && seen.put(producer, Boolean.TRUE) == null) {
          if (depth == stack.length) {
            stack = Arrays.copyOf(stack, depth * 2);
            next = Arrays.copyOf(next, depth * 2);
          }
          stack[depth] = producer;
          next[depth++] = 0;
        }
      } else {
        stack[--depth] = null;
        order.add(node);
      }
    }
    return order;
  }
}
