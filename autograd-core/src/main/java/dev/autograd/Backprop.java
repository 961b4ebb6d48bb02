package dev.autograd;

import dev.autograd.ops.Movement;
import java.util.Arrays;
import java.util.IdentityHashMap;

/**
 * One backward pass: reverse-mode differentiation over a recorded graph, with every piece of its
 * working state in this object (the graph's nodes hold only what the forward recorded). Any number
 * of passes may therefore run over one retained graph at once, on several threads or nested inside
 * a derivative rule, each with its own result.
 *
 * <p>The pass, none of it recursive, so graphs of millions of nodes work on a default thread stack:
 *
 * <ol>
 *   <li>Depth-first search with an explicit stack from the output. Every node reached, and every
 *       leaf that will receive a gradient, gets a <em>slot</em> of this pass: its index in a table
 *       keyed by identity. Nodes are listed in post-order (each after the nodes producing its inputs).
 *   <li>A node's rule runs only when one of its inputs needs a gradient: a leaf that requires one
 *       (or, when gradients are asked for particular tensors, one of those) or a node whose own rule
 *       runs or whose result was asked for.
 *   <li>Walk the list backwards. A slot's gradient is complete by the time its node is reached; the
 *       rule turns it into one gradient per input; a gradient in the broadcast (result) shape is
 *       summed back to its input's shape here and only here; every gradient, to a node or to a
 *       leaf, is added into its slot by one accumulation path.
 *   <li>Only when every rule has succeeded are the leaves' {@code .grad} updated and, unless the
 *       graph is retained, its nodes released. A pass that fails changes nothing: the error names
 *       the rule, and a retry after fixing the cause works.
 * </ol>
 *
 * <p>Rules run with recording switched off, unless higher-order gradients are asked for
 * ({@code createGraph}), in which case the backward pass is itself recorded as a graph.
 */
final class Backprop {
  private static final int GOLDEN = 0x9E3779B9;
  /** Edge code for an input that takes no gradient in this pass. */
  private static final int NONE = -1;

  private final Targets targets;
  private final boolean createGraph;
  private final boolean anomaly;

  // The slot table: open addressing keyed by identity (a Node, or a leaf Tensor).
  private Object[] keys = new Object[128];
  private int[] keySlot = new int[128];
  private int shift = 32 - 7;

  // Per slot (index = order of discovery).
  private int slots;
  private Node[] nodes = new Node[64];        // null for a leaf's slot
  private Tensor[] leaves = new Tensor[64];   // null for a node's slot
  private Tensor[] grads = new Tensor[64];
  private boolean[] owned = new boolean[64];  // the slot's gradient was allocated by this pass
  private boolean[] runs = new boolean[64];   // the node's rule runs in this pass
  private boolean[] asked = new boolean[64];  // the node's result is one of the targets
  private int[] edgeStart = new int[64];

  // Per input of every node: the slot its gradient goes to, or NONE.
  private int[] edges = new int[128];
  private int edgeCount;

  // Nodes in post-order, as slots.
  private int[] order = new int[64];
  private int orderCount;

  private Backprop(Tensor[] wrt, boolean createGraph, boolean anomaly) {
    this.targets = wrt == null ? null : new Targets(wrt);
    this.createGraph = createGraph;
    this.anomaly = anomaly;
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
    GradMode.State mode = GradMode.state();
    Backprop pass = new Backprop(wrt, createGraph, mode.anomaly);
    if (output.node == null) {
      // The output is a leaf or a constant: its gradient with respect to itself is the seed.
      if (wrt == null ? output.requiresGrad : pass.targets.contains(output)) {
        pass.accumulate(pass.slotOf(output), seed);
      }
    } else {
      int root = pass.search(output.node);
      boolean before = mode.enabled;
      mode.enabled = createGraph;
      try {
        pass.grads[root] = seed;
        pass.walk();
      } finally {
        mode.enabled = before;
      }
    }
    // Every rule has succeeded: from here on nothing can fail, and the results become visible.
    Tensor[] results = wrt == null ? null : pass.results(wrt);
    if (wrt == null) {
      pass.commitToLeaves();
    }
    if (!retainGraph) {
      pass.release();
    }
    return results;
  }

  // ---------------------------------------------------------------- step 1: search

  /** Lists the graph under {@code root} in post-order and wires every input to its slot. */
  private int search(Node root) {
    int rootSlot = addNode(root);
    int[] stack = new int[64];
    int[] next = new int[64];
    int sp = 0;
    stack[sp] = rootSlot;
    next[sp++] = 0;
    while (sp > 0) {
      int slot = stack[sp - 1];
      Node node = nodes[slot];
      int arity = node.arityUnchecked();
      int i = next[sp - 1];
      if (i < arity) {
        next[sp - 1] = i + 1;
        Tensor in = node.at(i);
        Node producer = in.node;
        int target;
        if (producer != null) {
          target = find(producer, producer.hash);
          if (target < 0) {
            target = addNode(producer);
            if (sp == stack.length) {
              stack = Arrays.copyOf(stack, sp * 2);
              next = Arrays.copyOf(next, sp * 2);
            }
            stack[sp] = target;
            next[sp++] = 0;
          }
        } else if (in.requiresGrad && (targets == null || targets.contains(in))) {
          target = slotOf(in);
        } else {
          target = NONE;
        }
        edges[edgeStart[slot] + i] = target;
      } else {
        sp--;
        finish(slot, arity);
      }
    }
    return rootSlot;
  }

  /** In post-order: keeps the edges that lead somewhere useful and decides whether the rule runs. */
  private void finish(int slot, int arity) {
    int start = edgeStart[slot];
    boolean any = false;
    for (int j = 0; j < arity; j++) {
      int e = edges[start + j];
      if (e >= 0 && nodes[e] != null && !runs[e] && !asked[e]) {
        edges[start + j] = NONE;   // a node whose rule does not run and whose result nobody asked for
      } else {
        any |= e >= 0;
      }
    }
    runs[slot] = any;
    if (orderCount == order.length) {
      order = Arrays.copyOf(order, orderCount * 2);
    }
    order[orderCount++] = slot;
  }

  private int addNode(Node node) {
    int arity = node.arityUnchecked();
    if (arity < 0) {
      throw node.freed();
    }
    int slot = newSlot(node, node.hash);
    nodes[slot] = node;
    asked[slot] = targets != null && targets.contains(node.result());
    edgeStart[slot] = edgeCount;
    if (edgeCount + arity > edges.length) {
      edges = Arrays.copyOf(edges, Math.max(edges.length * 2, edgeCount + arity));
    }
    edgeCount += arity;
    return slot;
  }

  /** The slot of a leaf (or of a constant output asked about), created on first use. */
  private int slotOf(Tensor leaf) {
    int h = System.identityHashCode(leaf) * GOLDEN;
    int slot = find(leaf, h);
    if (slot < 0) {
      slot = newSlot(leaf, h);
      leaves[slot] = leaf;
    }
    return slot;
  }

  private int find(Object key, int hash) {
    int mask = keys.length - 1;
    for (int i = hash >>> shift; ; i = (i + 1) & mask) {
      Object k = keys[i];
      if (k == key) {
        return keySlot[i];
      }
      if (k == null) {
        return -1;
      }
    }
  }

  private int newSlot(Object key, int hash) {
    int slot = slots++;
    if (slot == nodes.length) {
      int n = slot * 2;
      nodes = Arrays.copyOf(nodes, n);
      leaves = Arrays.copyOf(leaves, n);
      grads = Arrays.copyOf(grads, n);
      owned = Arrays.copyOf(owned, n);
      runs = Arrays.copyOf(runs, n);
      asked = Arrays.copyOf(asked, n);
      edgeStart = Arrays.copyOf(edgeStart, n);
    }
    if (2 * slots > keys.length) {
      rehash();
    }
    insert(key, hash, slot);
    return slot;
  }

  private void insert(Object key, int hash, int slot) {
    int mask = keys.length - 1;
    int i = hash >>> shift;
    while (keys[i] != null) {
      i = (i + 1) & mask;
    }
    keys[i] = key;
    keySlot[i] = slot;
  }

  private void rehash() {
    Object[] oldKeys = keys;
    int[] oldSlots = keySlot;
    keys = new Object[oldKeys.length * 2];
    keySlot = new int[keys.length];
    shift--;
    for (int i = 0; i < oldKeys.length; i++) {
      Object k = oldKeys[i];
      if (k != null) {
        int h = k instanceof Node n ? n.hash : System.identityHashCode(k) * GOLDEN;
        insert(k, h, oldSlots[i]);
      }
    }
  }

  // ---------------------------------------------------------------- step 2: the walk

  private void walk() {
    for (int k = orderCount - 1; k >= 0; k--) {
      int slot = order[k];
      Tensor grad = grads[slot];
      if (!asked[slot]) {
        grads[slot] = null;   // no longer needed: let it be collected
      }
      if (grad != null && runs[slot]) {
        propagate(slot, grad);
      }
    }
  }

  private void propagate(int slot, Tensor grad) {
    Node node = nodes[slot];
    int arity = node.arityUnchecked();
    if (arity < 0) {
      throw node.freed();   // released by another pass that did not retain the graph
    }
    Tensor[] out = callRule(node, grad);
    if (out == null || out.length != arity) {
      throw new IllegalStateException(
          "the derivative rule of '" + node.op().name() + "' returned "
              + (out == null ? "null" : out.length + " gradients") + " for " + arity + " inputs");
    }
    int start = edgeStart[slot];
    for (int i = 0; i < arity; i++) {
      Tensor g = out[i];
      if (g == null) {
        continue;
      }
      Tensor in = node.at(i);
      if (!Arrays.equals(g.shape, in.shape)) {
        g = unbroadcast(node, i, in, g);
      }
      int e = edges[start + i];
      if (e == NONE) {
        continue;
      }
      if (anomaly) {
        Anomaly.checkBackward(node, i, g);
      }
      accumulate(e, g);
    }
  }

  /** Runs a node's rule; an exception from it is reported with the rule's name. */
  private Tensor[] callRule(Node node, Tensor grad) {
    GradMode.State state = anomaly ? GradMode.state() : null;
    Node outer = anomaly ? state.rule : null;
    if (anomaly) {
      state.rule = node;   // ops run by the rule are checked too; a non-finite value there is the rule's fault
    }
    try {
      return node.op().vjp(node, grad);
    } catch (AnomalyException | RuleFailure e) {
      throw e;
    } catch (RuntimeException e) {
      throw new RuleFailure(node, e);
    } finally {
      if (anomaly) {
        state.rule = outer;
      }
    }
  }

  /**
   * A gradient in another shape than its input's: allowed only in the shape the input was broadcast
   * to in this node's forward (the result's shape), and then summed back to the input's shape.
   */
  private static Tensor unbroadcast(Node node, int i, Tensor in, Tensor g) {
    int[] result = node.result().shape;
    if (!Arrays.equals(g.shape, result) || !Shape.broadcastsTo(in.shape, result)) {
      throw new IllegalStateException(
          "the derivative rule of '" + node.op().name() + "' returned a gradient of shape "
              + Shape.str(g.shape) + " for input " + i + " of shape " + Shape.str(in.shape)
              + " (expected " + Shape.str(in.shape)
              + (Shape.broadcastsTo(in.shape, result) && !Arrays.equals(in.shape, result)
                  ? " or the broadcast shape " + Shape.str(result) : "")
              + ")");
    }
    return Movement.sumTo(g, in.shape);
  }

  /** Adds a gradient into a slot: the one accumulation path for nodes and leaves alike. */
  private void accumulate(int slot, Tensor g) {
    Tensor acc = grads[slot];
    if (acc == null) {
      grads[slot] = g;   // kept as it is: it may be shared (a rule may return one tensor twice)
    } else if (createGraph) {
      grads[slot] = acc.add(g);
    } else if (owned[slot]) {
      addInto(acc.data, g.data);
    } else {
      grads[slot] = Tensor.wrapLike(sum(acc.data, g.data), acc);
      owned[slot] = true;
    }
  }

  private static void addInto(double[] a, double[] b) {
    for (int j = 0; j < a.length; j++) {
      a[j] += b[j];
    }
  }

  private static double[] sum(double[] a, double[] b) {
    double[] s = new double[a.length];
    for (int j = 0; j < s.length; j++) {
      s[j] = a[j] + b[j];
    }
    return s;
  }

  // ---------------------------------------------------------------- step 3: results

  private Tensor[] results(Tensor[] wrt) {
    Tensor[] results = new Tensor[wrt.length];
    for (int i = 0; i < wrt.length; i++) {
      Tensor t = wrt[i];
      int slot = t.node != null ? find(t.node, t.node.hash) : find(t, System.identityHashCode(t) * GOLDEN);
      Tensor g = slot < 0 ? null : grads[slot];
      results[i] = g != null ? g : Tensor.zeros(t.shape);
    }
    return results;
  }

  /** Adds each leaf's gradient from this pass into its {@code .grad}. */
  private void commitToLeaves() {
    for (int slot = 0; slot < slots; slot++) {
      Tensor leaf = leaves[slot];
      Tensor g = grads[slot];
      if (leaf != null && g != null) {
        leaf.accumulateGrad(g, owned[slot], createGraph);
      }
    }
  }

  private void release() {
    for (int k = 0; k < orderCount; k++) {
      nodes[order[k]].release();
    }
  }

  /** An exception thrown by a derivative rule, reported with the rule's name. */
  static final class RuleFailure extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    RuleFailure(Node node, RuntimeException cause) {
      super("backward: the derivative rule of '" + node.op() + "' failed with " + cause.getClass().getSimpleName()
          + ": " + cause.getMessage()
          + " (no gradient was accumulated and the graph is unchanged; backward can be retried)", cause);
    }
  }

  /** The tensors gradients were asked for, looked up by identity. */
  private static final class Targets {
    private final Tensor[] wrt;
    private final IdentityHashMap<Tensor, Boolean> index;

    Targets(Tensor[] wrt) {
      this.wrt = wrt;
      if (wrt.length > 8) {
        index = new IdentityHashMap<>();
        for (Tensor t : wrt) {
          index.put(t, Boolean.TRUE);
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
  }
}
