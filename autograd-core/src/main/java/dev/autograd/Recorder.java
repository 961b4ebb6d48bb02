package dev.autograd;

import dev.autograd.ops.Precision;

/**
 * Records op applications: runs a primitive's forward and, when gradients are being recorded and an
 * input requires one, attaches a {@link Node} to the result. The other half of the engine, the
 * backward pass over what was recorded, is {@link Backprop}.
 */
final class Recorder {
  private Recorder() {}

  /** The saver handed to a forward whose application is not recorded: it keeps nothing. */
  private static final Primitive.Saver DISCARD = new Primitive.Saver() {
    @Override public void save(Object... values) {}
    @Override public boolean isRecording() { return false; }
  };

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
      throw new IllegalArgumentException(op.name() + ": inputs is null");
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
    for (Tensor t : inputs) {
      if (t.fdata != null) {
        return recordWithFloat32(op, inputs);
      }
    }
    return recordAsGiven(op, inputs, false);
  }

  /**
   * Records an op with a float32 input: operands of the other precision are converted first (by
   * recorded conversions, see {@link DType} for the rule), indices and masks become float64; an op
   * without float32 kernels then computes on float64 copies and its result is rounded.
   */
  private static Tensor recordWithFloat32(Primitive op, Tensor[] inputs) {
    DType result = DType.promoted(op, inputs);
    for (int i = 0; i < inputs.length; i++) {
      DType wanted = op.isValueInput(i) ? result : DType.FLOAT64;
      if (inputs[i].dtype() != wanted) {
        inputs[i] = inputs[i].to(wanted);
      }
    }
    return recordAsGiven(op, inputs, result == DType.FLOAT32 && !op.computesFloat32());
  }

  /**
   * Runs the forward and records the node; with {@code widen}, the forward computes on float64
   * copies of the (float32) inputs and its result is rounded to float32.
   */
  private static Tensor recordAsGiven(Primitive op, Tensor[] inputs, boolean widen) {
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
    Node node = track ? new Node(op, inputs, mode.anomaly ? Anomaly.callSite() : null, ++mode.nodeCount) : null;
    Tensor[] values = inputs;
    if (widen) {
      values = new Tensor[inputs.length];
      for (int i = 0; i < values.length; i++) {
        values[i] = Precision.widen(inputs[i]);
      }
    }
    Tensor out;
    if (!mode.enabled) {
      out = op.forward(DISCARD, values);
    } else {
      mode.enabled = false;
      try {
        out = op.forward(track ? node : DISCARD, values);
      } finally {
        mode.enabled = true;
      }
    }
    if (out == null) {
      throw new IllegalStateException(op.name() + ": forward returned null");
    }
    if (widen) {
      out = Precision.narrow(out);
    }
    if (mode.anomaly) {
      Anomaly.checkForward(op, inputs, out);
    }
    // The recorded result must be a tensor of the engine's own: a forward may hand back one of its
    // inputs or a tensor it keeps, none of which may be given a node; it then gets a fresh object
    // sharing the values.
    if (!op.freshResults || out.node != null || out.requiresGrad) {
      out = out.detach();
    }
    if (track) {
      node.seal(out);
      out.node = node;
      out.requiresGrad = true;
    }
    return out;
  }
}
