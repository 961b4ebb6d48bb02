package dev.autograd;

import dev.autograd.ops.Movement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;

/**
 * The engine: records op applications and runs reverse-mode differentiation over what was recorded.
 *
 * <p>Reverse mode in four steps, none of them recursive, so graphs of millions of nodes work on a
 * default thread stack:
 *
 * <ol>
 *   <li>Depth-first search with an explicit stack from the output, listing nodes in post-order (every
 *       node after all the nodes that produced its inputs).
 *   <li>When gradients are wanted only for some tensors, a node is relevant when one of its inputs is
 *       such a tensor or is produced by a relevant node; other nodes are skipped.
 *   <li>Walk the list backwards. Each node's incoming gradient is complete by the time it is reached;
 *       its rule turns it into one gradient per input; a gradient in a broadcast shape is summed back
 *       to its input's shape here and only here; gradients arriving at a tensor from several consumers
 *       are added.
 *   <li>Unless the graph is retained, each node releases its saved tensors once its rule has run.
 * </ol>
 *
 * <p>Rules run with recording switched off, unless higher-order gradients are asked for
 * ({@code createGraph}), in which case the backward pass is itself recorded as a graph.
 */
final class Backprop {
  private Backprop() {}

  /** Records a unary op applied by {@link Tensor}'s own methods (no defensive copy needed). */
  static Tensor record1(Primitive op, Tensor x) {
    if (x == null) {
      throw new IllegalArgumentException(op.name() + ": input 0 is null");
    }
    return recordOwned(op, new Tensor[] {x});
  }

  /** Records a binary op applied by {@link Tensor}'s own methods (no defensive copy needed). */
  static Tensor record2(Primitive op, Tensor x, Tensor y) {
    if (x == null || y == null) {
      throw new IllegalArgumentException(op.name() + ": input " + (x == null ? 0 : 1) + " is null");
    }
    return recordOwned(op, new Tensor[] {x, y});
  }

  static Tensor record(Primitive op, Tensor[] inputs) {
    if (inputs == null) {
      throw new IllegalArgumentException(op.name() + ": inputs must not be null");
    }
    Tensor[] owned = inputs.clone();
    for (int i = 0; i < owned.length; i++) {
      if (owned[i] == null) {
        throw new IllegalArgumentException(op.name() + ": input " + i + " is null");
      }
    }
    return recordOwned(op, owned);
  }

  /** Records an op whose input array belongs to the engine from now on. */
  private static Tensor recordOwned(Primitive op, Tensor[] inputs) {
    GradMode.State mode = GradMode.state();
    boolean track = false;
    if (mode.enabled) {
      for (Tensor t : inputs) {
        if (t.requiresGrad) {
          track = true;
          break;
        }
      }
    }
    Tensor out;
    if (!mode.enabled) {
      out = op.forward(inputs);
    } else {
      mode.enabled = false;
      try {
        out = op.forward(inputs);
      } finally {
        mode.enabled = true;
      }
    }
    if (out == null) {
      throw new IllegalStateException(op.name() + ": forward returned null");
    }
    if (mode.anomaly) {
      Anomaly.checkForward(op, inputs, out);
    }
    // The result must be a tensor object of the engine's own: a forward may hand back one of its
    // inputs, a recorded tensor or (user ops) a tensor it keeps, none of which may be given a node.
    boolean foreign = !op.returnsFreshResults || out.node != null || out.requiresGrad || isOneOf(out, inputs);
    if (!track) {
      return foreign ? out.detach() : out;
    }
    if (foreign) {
      out = out.detach();
    }
    out.node = new Node(op, inputs, out, mode.anomaly ? Anomaly.callSite() : null);
    out.requiresGrad = true;
    return out;
  }

  private static boolean isOneOf(Tensor t, Tensor[] inputs) {
    for (Tensor in : inputs) {
      if (in == t) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs a backward pass from {@code output} seeded with {@code seed}.
   *
   * @param wrt the tensors whose gradients are returned, or null to accumulate into every leaf that
   *     requires a gradient ({@link Tensor#backward()})
   * @return one gradient per {@code wrt} tensor (zeros where the output does not depend on it), or
   *     null when {@code wrt} is null
   */
  static Tensor[] run(Tensor output, Tensor seed, Tensor[] wrt, boolean createGraph, boolean retainGraph) {
    if (!Arrays.equals(seed.shape, output.shape)) {
      throw new IllegalArgumentException(
          "backward: the seed gradient must have the output's shape " + Shape.str(output.shape)
              + "; got " + Shape.str(seed.shape));
    }
    if (!seed.requiresGrad) {
      seed = seed.copy();   // gradients may pass the seed through unchanged; keep them off the caller's array
    }
    Targets targets = wrt == null ? null : new Targets(wrt);
    Tensor[] results = wrt == null ? null : new Tensor[wrt.length];
    GradMode.State mode = GradMode.state();
    boolean anomaly = mode.anomaly;

    if (output.node == null) {
      // The output is a leaf or a constant: its gradient with respect to itself is the seed.
      if (targets != null) {
        targets.accumulate(results, output, seed, createGraph);
      } else if (output.requiresGrad) {
        accumulateIntoLeaf(output, seed, createGraph);
      }
      return finish(wrt, results);
    }

    ArrayList<Node> order = topologicalOrder(output.node, targets);
    boolean before = mode.enabled;
    mode.enabled = createGraph;
    try {
      output.node.pendingGrad = seed;
      output.node.pendingOwned = false;
      for (int k = order.size() - 1; k >= 0; k--) {
        Node node = order.get(k);
        Tensor grad = node.pendingGrad;
        node.pendingGrad = null;
        if (grad != null) {
          if (targets != null) {
            targets.accumulate(results, node.result(), grad, createGraph);
          }
          if (node.relevant) {
            propagate(node, grad, targets, results, createGraph, anomaly);
          }
        }
        if (!retainGraph) {
          node.release();
        }
      }
    } finally {
      mode.enabled = before;
      for (Node node : order) {
        node.pendingGrad = null;
        node.visit = null;
      }
    }
    return finish(wrt, results);
  }

  private static void propagate(
      Node node, Tensor grad, Targets targets, Tensor[] results,
      boolean createGraph, boolean anomaly) {
    int arity = node.arityUnchecked();
    boolean any = false;
    boolean all = true;
    for (int i = 0; i < arity; i++) {
      Tensor in = node.at(i);
      boolean need = in.requiresGrad
          && (targets == null || targets.contains(in) || (in.node != null && in.node.relevant));
      any |= need;
      all &= need;
    }
    if (!any) {
      return;
    }
    boolean[] needs = null;
    if (!all) {
      needs = new boolean[arity];
      for (int i = 0; i < arity; i++) {
        Tensor in = node.at(i);
        needs[i] = in.requiresGrad
            && (targets == null || targets.contains(in) || (in.node != null && in.node.relevant));
      }
    }
    node.setNeedsGrad(needs, all);
    Tensor[] grads;
    if (anomaly) {
      // Ops run by the rule are checked too; a non-finite value there is the rule's fault.
      GradMode.State state = GradMode.state();
      Node outer = state.rule;
      state.rule = node;
      try {
        grads = node.op().vjp(node, grad);
      } finally {
        state.rule = outer;
      }
    } else {
      grads = node.op().vjp(node, grad);
    }
    if (grads == null || grads.length != arity) {
      throw new IllegalStateException(
          "the derivative rule of '" + node.op().name() + "' returned "
              + (grads == null ? "null" : grads.length + " gradients") + " for " + arity
              + " inputs");
    }
    for (int i = 0; i < arity; i++) {
      Tensor g = grads[i];
      if (g == null || needs != null && !needs[i]) {
        continue;
      }
      Tensor in = node.at(i);
      if (!Arrays.equals(g.shape, in.shape)) {
        if (!Shape.broadcastsTo(in.shape, g.shape)) {
          throw new IllegalStateException(
              "the derivative rule of '" + node.op().name() + "' returned a gradient of shape "
                  + Shape.str(g.shape) + " for input " + i + " of shape " + Shape.str(in.shape));
        }
        g = Movement.sumTo(g, in.shape);
      }
      if (anomaly) {
        Anomaly.checkBackward(node, i, g);
      }
      if (in.node != null) {
        Node producer = in.node;
        if (producer.pendingGrad == null) {
          producer.pendingGrad = g;
          producer.pendingOwned = false;
        } else if (createGraph) {
          producer.pendingGrad = producer.pendingGrad.add(g);
        } else if (producer.pendingOwned) {
          addInto(producer.pendingGrad, g);
        } else {
          Tensor sum = producer.pendingGrad.copy();
          addInto(sum, g);
          producer.pendingGrad = sum;
          producer.pendingOwned = true;
        }
      } else if (targets != null) {
        targets.accumulate(results, in, g, createGraph);
      } else {
        accumulateIntoLeaf(in, g, createGraph);
      }
    }
  }

  private static void addInto(Tensor acc, Tensor g) {
    double[] a = acc.data;
    double[] b = g.data;
    for (int j = 0; j < a.length; j++) {
      a[j] += b[j];
    }
  }

  /**
   * Adds a gradient into a leaf's {@code grad}. The first gradient is stored as it is, without a
   * copy (it may share storage with another leaf's gradient, which is why gradients are read-only);
   * a later one is added into a tensor the engine allocated for the purpose, which it then owns.
   */
  private static void accumulateIntoLeaf(Tensor leaf, Tensor g, boolean createGraph) {
    synchronized (leaf) {
      if (createGraph) {
        leaf.grad = leaf.grad == null ? g : leaf.grad.add(g);
        leaf.gradOwned = false;
      } else if (leaf.grad == null) {
        leaf.grad = g.requiresGrad ? g.detach() : g;
        leaf.gradOwned = false;
      } else if (leaf.gradOwned) {
        addInto(leaf.grad, g);
      } else {
        Tensor sum = leaf.grad.detach().copy();
        addInto(sum, g);
        leaf.grad = sum;
        leaf.gradOwned = true;
      }
    }
  }

  /**
   * Claims a node for the pass identified by {@code token}: true when newly claimed, false when this
   * pass already holds it. A node held by another pass means two backward passes share part of a
   * graph at the same time, whose scratch state would mix; that is refused with an error instead.
   * A pass nested in a derivative rule on the same thread is always caught; passes on two threads
   * are caught when they overlap visibly (the check is a plain read, to keep the walk cheap), which
   * is why the documented rule remains: one pass over a graph at a time.
   */
  private static boolean claim(Node node, Object token) {
    Object holder = node.visit;
    if (holder == token) {
      return false;
    }
    if (holder != null) {
      throw busy(node);
    }
    node.visit = token;
    return true;
  }

  /** The error for a node held by another pass (kept out of {@link #claim} so that it stays small). */
  private static IllegalStateException busy(Node node) {
    return new IllegalStateException(
        "backward: part of this graph ('" + node.op().name() + "' and what feeds it) is being differentiated by "
            + "another backward pass at the same time (on another thread, or by a derivative rule that "
            + "differentiates its own inputs); a graph can be differentiated by one pass at a time");
  }

  private static ArrayList<Node> topologicalOrder(Node root, Targets targets) {
    Object token = new Object();
    ArrayList<Node> order = new ArrayList<>();
    Node[] stack = new Node[64];
    int[] next = new int[64];
    int sp = 0;
    stack[sp] = root;
    next[sp++] = 0;
    claim(root, token);
    root.pendingGrad = null;
    try {
      while (sp > 0) {
        Node node = stack[sp - 1];
        int arity = node.arityUnchecked();
        if (arity < 0) {
          node.inputs(); // throws the "already freed" error
        }
        int i = next[sp - 1];
        if (i < arity) {
          next[sp - 1] = i + 1;
          Node child = node.at(i).node;
          if (child != null && claim(child, token)) {
            child.pendingGrad = null;
            if (sp == stack.length) {
              stack = Arrays.copyOf(stack, sp * 2);
              next = Arrays.copyOf(next, sp * 2);
            }
            stack[sp] = child;
            next[sp++] = 0;
          }
        } else {
          sp--;
          boolean relevant = targets == null;
          for (int j = 0; j < arity && !relevant; j++) {
            Tensor in = node.at(j);
            relevant = targets.contains(in) || (in.node != null && in.node.relevant);
          }
          node.relevant = relevant;
          order.add(node);
        }
      }
    } catch (RuntimeException e) {
      for (int j = 0; j < sp; j++) {
        unclaim(stack[j], token);
      }
      for (Node n : order) {
        unclaim(n, token);
      }
      throw e;
    }
    return order;
  }

  /** Gives up a claim made by this pass (and only by it). */
  private static void unclaim(Node node, Object token) {
    if (node.visit == token) {
      node.visit = null;
    }
  }

  private static Tensor[] finish(Tensor[] wrt, Tensor[] results) {
    if (wrt == null) {
      return null;
    }
    for (int i = 0; i < wrt.length; i++) {
      if (results[i] == null) {
        results[i] = Tensor.zeros(wrt[i].shape);
      }
    }
    return results;
  }

  /** The tensors gradients were asked for, looked up by identity. */
  private static final class Targets {
    private final Tensor[] wrt;
    private final IdentityHashMap<Tensor, int[]> index;

    Targets(Tensor[] wrt) {
      this.wrt = wrt;
      if (wrt.length > 8) {
        index = new IdentityHashMap<>();
        for (int i = 0; i < wrt.length; i++) {
          index.computeIfAbsent(wrt[i], k -> new int[0]);
        }
        for (int i = 0; i < wrt.length; i++) {
          int[] old = index.get(wrt[i]);
          int[] grown = Arrays.copyOf(old, old.length + 1);
          grown[old.length] = i;
          index.put(wrt[i], grown);
        }
      } else {
        index = null;
      }
    }

    boolean contains(Tensor t) {
      if (index != null) {
        return index.containsKey(t);
      }
      for (Tensor w : wrt) {
        if (w == t) {
          return true;
        }
      }
      return false;
    }

    void accumulate(Tensor[] results, Tensor t, Tensor g, boolean createGraph) {
      if (index != null) {
        int[] idx = index.get(t);
        if (idx != null) {
          for (int i : idx) {
            results[i] = sum(results[i], g, createGraph);
          }
        }
        return;
      }
      for (int i = 0; i < wrt.length; i++) {
        if (wrt[i] == t) {
          results[i] = sum(results[i], g, createGraph);
        }
      }
    }

    private static Tensor sum(Tensor acc, Tensor g, boolean createGraph) {
      if (acc == null) {
        return g;   // engine-made, never modified afterwards: no copy needed
      }
      return acc.add(g);
    }
  }
}
