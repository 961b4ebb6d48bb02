package dev.autograd.check;

import dev.autograd.Node;
import dev.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;

/** Reading recorded graphs, without recursion. */
final class Graphs {
  private Graphs() {}

  /**
   * The nodes of the graph that produced {@code output}, each listed after every node that produced
   * one of its inputs (post-order of a depth-first search with an explicit stack). Empty when the
   * output was not computed by a recorded op.
   */
  static List<Node> topologicalOrder(Tensor output) {
    List<Node> order = new ArrayList<>();
    Node root = output.node();
    if (root == null) {
      return order;
    }
    IdentityHashMap<Node, Boolean> seen = new IdentityHashMap<>();
    Node[] stack = new Node[16];
    int[] next = new int[16];
    int sp = 0;
    stack[sp] = root;
    next[sp++] = 0;
    seen.put(root, Boolean.TRUE);
    while (sp > 0) {
      Node node = stack[sp - 1];
      int i = next[sp - 1];
      if (i < node.arity()) {
        next[sp - 1] = i + 1;
        Node child = node.input(i).node();
        if (child != null && seen.put(child, Boolean.TRUE) == null) {
          if (sp == stack.length) {
            stack = Arrays.copyOf(stack, sp * 2);
            next = Arrays.copyOf(next, sp * 2);
          }
          stack[sp] = child;
          next[sp++] = 0;
        }
      } else {
        sp--;
        order.add(node);
      }
    }
    return order;
  }
}
