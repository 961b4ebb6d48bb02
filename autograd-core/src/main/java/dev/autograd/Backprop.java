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
  /** Edge code for an input that takes no gradient in this pass; leaf k is coded {@code -2 - k}. */
  private static final int NONE = -1;
  private static final byte OWNED = 1;   // the slot's gradient is the pass's own: no other tensor shares its array
  private static final byte RUNS = 2;    // the node's rule runs in this pass
  private static final byte ASKED = 4;   // the node's result is one of the targets
  /**
   * Gradients shorter than this are never reused: allocating a few numbers costs less than proving
   * that no other tensor holds them (on a chain of scalar ops the proof made each op 10% slower).
   */
  private static final int REUSE_MIN = 64;

  private final Targets targets;
  private final boolean createGraph;
  private final boolean anomaly;

  // Nodes: an open-addressing table keyed by the node's recording number, whose low bits put the
  // nodes of one graph next to each other; a node's position in it is its slot in this pass.
  private Node[] nodes;
  private Tensor[] grads;
  private byte[] flags;
  private int nodeCount;

  // Nodes in post-order (slots), and the search's stack.
  private int[] order;
  private int orderCount;
  private int[] stack;

  // Leaves that receive a gradient: few, looked up often, in a small table of their own.
  private Tensor[] leaves = new Tensor[8];
  private Tensor[] leafGrads = new Tensor[8];
  private boolean[] leafOwned = new boolean[8];
  private int leafCount;
  private int[] leafTable = new int[16];   // leaf index + 1, 0 when empty

  private Backprop(Tensor[] wrt, boolean createGraph, boolean anomaly, int expectedNodes) {
    this.targets = wrt == null ? null : new Targets(wrt);
    this.createGraph = createGraph;
    this.anomaly = anomaly;
    // Sequential numbers fill the table without collisions, so it may be nearly full (see addNode).
    int expected = Math.max(8, Math.min(expectedNodes, 1 << 24));
    int capacity = Integer.highestOneBit(expected + expected / 8) * 2;
    nodes = new Node[capacity];
    grads = new Tensor[capacity];
    flags = new byte[capacity];
    order = new int[Math.max(8, Math.min(expectedNodes, 1 << 24))];
    stack = new int[64];
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
    if (seed.dtype() != output.dtype()) {
      seed = seed.detach().to(output.dtype());   // as PyTorch: the seed takes the output's precision
    } else if (!seed.requiresGrad) {
      seed = seed.copy();   // gradients may pass the seed through unchanged; keep them off the caller's array
    }
    GradMode.State mode = GradMode.state();
    Backprop pass = new Backprop(wrt, createGraph, mode.anomaly, output.node == null ? 1 : output.node.sizeBound());
    if (output.node == null) {
      // The output is a leaf or a constant: its gradient with respect to itself is the seed.
      if (wrt == null ? output.requiresGrad : pass.targets.contains(output)) {
        pass.accumulate(pass.leafSlot(output), seed, false);
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

  /**
   * Lists the graph under {@code root} in post-order and marks the nodes whose rule runs: those
   * with an input that is a leaf receiving a gradient, or a node whose rule runs or whose result
   * was asked for. A node found again is finished already (the graph has no cycles), so its mark
   * is known; a node found for the first time tells its parent when it finishes.
   */
  private int search(Node root) {
    addNode(root);
    int[] next = new int[stack.length];
    int sp = 0;
    stack[sp] = find(root);
    next[sp++] = 0;
    while (sp > 0) {
      int slot = stack[sp - 1];
      Node node = nodes[slot];
      int i = next[sp - 1];
      if (i < node.arityUnchecked()) {
        next[sp - 1] = i + 1;
        Tensor in = node.at(i);
        Node producer = in.node;
        if (producer != null) {
          int child = find(producer);
          if (child < 0) {
            child = addNode(producer);
            if (sp == stack.length) {
              stack = Arrays.copyOf(stack, sp * 2);
              next = Arrays.copyOf(next, sp * 2);
            }
            stack[sp] = child;
            next[sp++] = 0;
          } else if ((flags[child] & (RUNS | ASKED)) != 0) {
            flags[slot] |= RUNS;
          }
        } else if (in.requiresGrad && (targets == null || targets.contains(in))) {
          flags[slot] |= RUNS;   // the leaf gets its slot when its first gradient arrives
        }
      } else {
        sp--;
        if (orderCount == order.length) {
          order = Arrays.copyOf(order, orderCount * 2);
        }
        order[orderCount++] = slot;
        if (sp > 0 && (flags[slot] & (RUNS | ASKED)) != 0) {
          flags[stack[sp - 1]] |= RUNS;
        }
      }
    }
    return find(root);
  }

  /** Where the gradient for input {@code in} goes in this pass: a node's slot, a leaf's code, or NONE. */
  private int target(Tensor in) {
    Node producer = in.node;
    if (producer != null) {
      int child = find(producer);
      return (flags[child] & (RUNS | ASKED)) != 0 ? child : NONE;
    }
    if (in.requiresGrad && (targets == null || targets.contains(in))) {
      return leafSlot(in);
    }
    return NONE;
  }

  /** The slot of a node already in the table, or -1. */
  private int find(Node node) {
    int mask = nodes.length - 1;
    for (int i = node.number & mask; ; i = (i + 1) & mask) {
      Node k = nodes[i];
      if (k == node) {
        return i;
      }
      if (k == null) {
        return -1;
      }
    }
  }

  private int addNode(Node node) {
    int arity = node.arityUnchecked();
    if (arity < 0) {
      throw node.freed();
    }
    if (8 * (nodeCount + 1) > 7 * nodes.length) {
      grow();
    }
    nodeCount++;
    int mask = nodes.length - 1;
    int slot = node.number & mask;
    while (nodes[slot] != null) {
      slot = (slot + 1) & mask;
    }
    nodes[slot] = node;
    if (targets != null && targets.contains(node.result())) {
      flags[slot] = ASKED;
    }
    return slot;
  }

  /**
   * Doubles the node table when the graph is larger than its recorded size bound said (a graph
   * recorded by several threads): every node moves, so every reference to a slot is renumbered.
   */
  private void grow() {
    Node[] oldNodes = nodes;
    byte[] oldFlags = flags;
    Tensor[] oldGrads = grads;
    int n = oldNodes.length * 2;
    nodes = new Node[n];
    flags = new byte[n];
    grads = new Tensor[n];
    int[] moved = new int[oldNodes.length];
    int mask = n - 1;
    for (int j = 0; j < oldNodes.length; j++) {
      Node node = oldNodes[j];
      if (node != null) {
        int slot = node.number & mask;
        while (nodes[slot] != null) {
          slot = (slot + 1) & mask;
        }
        nodes[slot] = node;
        flags[slot] = oldFlags[j];
        grads[slot] = oldGrads[j];
        moved[j] = slot;
      }
    }
    for (int k = 0; k < orderCount; k++) {
      order[k] = moved[order[k]];
    }
    for (int k = 0; k < stack.length; k++) {
      stack[k] = moved[stack[k]];   // entries above the stack's top are stale but harmless
    }
  }

  /** The edge code of a leaf (or of a constant output asked about), its slot created on first use. */
  private int leafSlot(Tensor leaf) {
    int p = leafPosition(leaf);
    int k = leafTable[p];
    return -2 - (k == 0 ? addLeaf(leaf, p) : k - 1);
  }

  /** The leaf table's position holding {@code leaf}, or the empty position where it would go. */
  private int leafPosition(Tensor leaf) {
    int mask = leafTable.length - 1;
    int i = leaf.identity() & mask;
    while (leafTable[i] != 0 && leaves[leafTable[i] - 1] != leaf) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private int addLeaf(Tensor leaf, int position) {
    int k = leafCount++;
    if (k == leaves.length) {
      leaves = Arrays.copyOf(leaves, 2 * k);
      leafGrads = Arrays.copyOf(leafGrads, 2 * k);
      leafOwned = Arrays.copyOf(leafOwned, 2 * k);
    }
    leaves[k] = leaf;
    leafTable[position] = k + 1;
    if (2 * leafCount > leafTable.length) {
      leafTable = new int[leafTable.length * 2];
      int mask = leafTable.length - 1;
      for (int j = 0; j < leafCount; j++) {
        int i = leaves[j].identity() & mask;
        while (leafTable[i] != 0) {
          i = (i + 1) & mask;
        }
        leafTable[i] = j + 1;
      }
    }
    return k;
  }

  /** The leaf's index, or -1 when it received no gradient in this pass. */
  private int findLeaf(Tensor leaf) {
    return leafTable[leafPosition(leaf)] - 1;
  }

  // ---------------------------------------------------------------- step 2: the walk

  private void walk() {
    for (int k = orderCount - 1; k >= 0; k--) {
      int slot = order[k];
      Tensor grad = grads[slot];
      byte f = flags[slot];
      if ((f & ASKED) == 0) {
        grads[slot] = null;   // no longer needed: let it be collected
      }
      if (grad != null && (f & RUNS) != 0) {
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
    // The gradient is dead once its rule has it: the rule may write into it (see vjpOverwriting).
    boolean dead = !createGraph && (flags[slot] & (OWNED | ASKED)) == OWNED
        && (grad.fdata == null || node.op().computesFloat32());   // an op on float64 copies writes no float32
    Tensor[] out = callRule(node, grad, dead);
    if (out == null || out.length != arity) {
      throw new IllegalStateException(
          "the derivative rule of '" + node.op().name() + "' returned "
              + (out == null ? "null" : out.length + " gradients") + " for " + arity + " inputs");
    }
    for (int i = 0; i < arity; i++) {
      Tensor g = out[i];
      if (g == null) {
        continue;
      }
      Tensor in = node.at(i);
      int e = target(in);
      boolean own;
      if (!Arrays.equals(g.shape, in.shape)) {
        checkBroadcastShape(node, i, in, g);   // a wrong shape is the rule's bug, needed or not
        if (e == NONE) {
          continue;
        }
        g = Movement.sumTo(g, in.shape);
        own = !createGraph;   // a new array, made here
      } else if (e == NONE) {
        continue;
      } else {
        own = !createGraph && g.size() >= REUSE_MIN && isOwn(node, out, i, grad, dead);
      }
      if (g.fdata != in.fdata && (g.fdata == null) != (in.fdata == null)) {
        // A rule computed in another precision (mixed operands, a saved float64 value): as PyTorch,
        // the gradient takes its input's precision; recorded under createGraph like any op.
        g = g.to(in.dtype());
        own = !createGraph;
      }
      if (anomaly) {
        Anomaly.checkBackward(node, i, g);
      }
      accumulate(e, g, own);
    }
  }

  /**
   * Whether the gradient a built-in rule returned for input i is the pass's own: an array no other
   * tensor shares. A built-in rule returns new tensors, except where it passes on (a view of) its
   * incoming gradient or reuses a dead one; so its array must be none of the node's (inputs,
   * result, saved values), not that of another entry, and not the incoming gradient's unless that
   * was dead and so passed on. A user's rule may return anything: never the pass's own.
   */
  private static boolean isOwn(Node node, Tensor[] out, int i, Tensor grad, boolean dead) {
    if (!node.op().freshResults) {
      return false;
    }
    Object array = out[i].array();
    if (array == grad.array() && !dead) {
      return false;
    }
    for (int j = 0; j < out.length; j++) {
      if (j != i && out[j] != null && out[j].array() == array) {
        return false;
      }
    }
    return !node.holds(array);
  }

  /** Runs a node's rule; an exception from it is reported with the rule's name. */
  private Tensor[] callRule(Node node, Tensor grad, boolean dead) {
    GradMode.State state = anomaly ? GradMode.state() : null;
    Node outer = anomaly ? state.rule : null;
    if (anomaly) {
      state.rule = node;   // ops run by the rule are checked too; a non-finite value there is the rule's fault
    }
    try {
      return dead ? node.op().vjpOverwriting(node, grad) : node.op().vjp(node, grad);
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
   * A gradient in another shape than its input's is allowed only in the shape the input was
   * broadcast to in this node's forward (the result's shape); it is then summed back.
   */
  private static void checkBroadcastShape(Node node, int i, Tensor in, Tensor g) {
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
  }

  /**
   * Adds a gradient into the slot an edge code names, a node's or a leaf's: the one accumulation
   * path of the pass. The first gradient is kept as it is; it is the slot's own when no other
   * tensor shares its array ({@code own}), else it may be shared (a rule may return one tensor
   * twice). A second gradient is added into the slot's own array, or into its own array if it has
   * one, or else into a new sum the slot then owns.
   */
  private void accumulate(int code, Tensor g, boolean own) {
    Tensor[] into = code >= 0 ? grads : leafGrads;
    int k = code >= 0 ? code : -2 - code;
    Tensor acc = into[k];
    if (acc == null) {
      into[k] = g;
      if (own) {
        setOwned(code, k);
      }
    } else if (createGraph) {
      into[k] = acc.add(g);
    } else if (code >= 0 ? (flags[k] & OWNED) != 0 : leafOwned[k]) {
      addInto(acc.array(), g.array());
    } else if (own) {
      addInto(g.array(), acc.array());
      into[k] = g;
      setOwned(code, k);
    } else {
      into[k] = Tensor.over(sum(acc.array(), g.array()), acc.shape);
      setOwned(code, k);
    }
  }

  private void setOwned(int code, int k) {
    if (code >= 0) {
      flags[k] |= OWNED;
    } else {
      leafOwned[k] = true;
    }
  }

  /** {@code a += b} for two arrays of one kind, {@code double[]} or {@code float[]}. */
  static void addInto(Object a, Object b) {
    if (a instanceof double[]) {
      double[] x = (double[]) a;
      double[] y = (double[]) b;
      for (int j = 0; j < x.length; j++) {
        x[j] += y[j];
      }
    } else {
      float[] x = (float[]) a;
      float[] y = (float[]) b;
      for (int j = 0; j < x.length; j++) {
        x[j] += y[j];
      }
    }
  }

  /** A new array {@code a + b} of the kind of both, {@code double[]} or {@code float[]}. */
  static Object sum(Object a, Object b) {
    if (a instanceof double[]) {
      double[] x = (double[]) a;
      double[] y = (double[]) b;
      double[] s = new double[x.length];
      for (int j = 0; j < s.length; j++) {
        s[j] = x[j] + y[j];
      }
      return s;
    }
    float[] x = (float[]) a;
    float[] y = (float[]) b;
    float[] s = new float[x.length];
    for (int j = 0; j < s.length; j++) {
      s[j] = x[j] + y[j];
    }
    return s;
  }

  // ---------------------------------------------------------------- step 3: results

  private Tensor[] results(Tensor[] wrt) {
    Tensor[] results = new Tensor[wrt.length];
    for (int i = 0; i < wrt.length; i++) {
      Tensor t = wrt[i];
      Tensor g;
      if (t.node != null) {
        int slot = find(t.node);
        g = slot < 0 ? null : grads[slot];
      } else {
        int k = findLeaf(t);
        g = k < 0 ? null : leafGrads[k];
      }
      results[i] = g != null ? g : Tensor.zeros(t.dtype(), t.shape);
    }
    return results;
  }

  /** Adds each leaf's gradient from this pass into its {@code .grad}. */
  private void commitToLeaves() {
    for (int k = 0; k < leafCount; k++) {
      if (leafGrads[k] != null) {
        leaves[k].accumulateGrad(leafGrads[k], leafOwned[k], createGraph);
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
