package dev.autograd;

/**
 * Per-thread recording modes, each switched on for a scope with try-with-resources:
 *
 * <pre>{@code
 * try (var off = GradMode.noGrad()) {
 *   Tensor prediction = model.forward(x);   // nothing is recorded
 * }
 * try (var on = GradMode.anomalyDetection()) {
 *   loss.backward();                        // stops at the first NaN or infinity, naming the op
 * }
 * }</pre>
 *
 * <p>There is no process-wide switch: a scope affects only the thread that opened it, and closing it
 * restores exactly the mode that was in force before, so scopes nest. Scopes must be closed in the
 * reverse order of opening (try-with-resources does this); closing one that is not the innermost
 * open scope of its thread throws an {@link IllegalStateException} naming both scopes and changes
 * nothing. Closing a scope twice has no further effect.
 */
public final class GradMode {
  private GradMode() {}

  /** The modes in force on one thread. Read on every recorded op, so kept as plain fields. */
  static final class State {
    boolean enabled = true;
    boolean anomaly = false;
    /** In anomaly mode, the node whose derivative rule is running on this thread (engine only). */
    Node rule;
    /** The innermost open scope of this thread, or null. */
    ModeScope innermost;
    /** Numbers the nodes recorded on this thread (a cheap hash for the backward pass's index). */
    int nodeCount;
  }

  private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

  static State state() {
    return STATE.get();
  }

  /** A mode scope; closing it restores the previous mode. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * True when ops on this thread are being recorded for differentiation.
   *
   * @return true outside any scope and inside {@link #enableGrad()}; false inside {@link #noGrad()}
   */
  public static boolean isGradEnabled() {
    return STATE.get().enabled;
  }

  /**
   * True when anomaly detection is on for this thread.
   *
   * @return true inside an open {@link #anomalyDetection()} scope of this thread
   */
  public static boolean isAnomalyDetectionEnabled() {
    return STATE.get().anomaly;
  }

  /**
   * Opens a scope in which no op is recorded: results have no graph and no gradient.
   *
   * @return the open scope, owned by this thread; close it on this thread
   */
  public static Scope noGrad() {
    return gradEnabled(false, "noGrad");
  }

  /**
   * Opens a scope in which ops are recorded again (inside an enclosing {@link #noGrad()}).
   *
   * @return the open scope, owned by this thread; close it on this thread
   */
  public static Scope enableGrad() {
    return gradEnabled(true, "enableGrad");
  }

  static Scope gradEnabled(boolean on, String name) {
    State s = STATE.get();
    ModeScope scope = new ModeScope(s, name, s.enabled, s.anomaly);
    s.enabled = on;
    return scope;
  }

  /**
   * Opens a scope with anomaly detection: every op checks its result, and every derivative rule its
   * gradients, for NaN and infinity, and the first one found throws an {@link AnomalyException} naming
   * the op, its input shapes and the line of user code that created the node. Each recorded node also
   * remembers where it was created, which costs a stack walk per op; when the mode is off nothing of
   * this runs.
   *
   * @return the open scope, owned by this thread; close it on this thread (recording is left as it
   *     was)
   */
  public static Scope anomalyDetection() {
    State s = STATE.get();
    ModeScope scope = new ModeScope(s, "anomalyDetection", s.enabled, s.anomaly);
    s.anomaly = true;
    return scope;
  }

  /** One open scope: the modes to restore, and the scope that was innermost before it. */
  private static final class ModeScope implements Scope {
    private final State state;
    private final String name;
    private final boolean enabledBefore;
    private final boolean anomalyBefore;
    private final ModeScope outer;
    private final Thread owner;
    private boolean closed;

    ModeScope(State state, String name, boolean enabledBefore, boolean anomalyBefore) {
      this.state = state;
      this.name = name;
      this.enabledBefore = enabledBefore;
      this.anomalyBefore = anomalyBefore;
      this.outer = state.innermost;
      this.owner = Thread.currentThread();
      state.innermost = this;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      if (Thread.currentThread() != owner) {
        throw new IllegalStateException(
            "GradMode: the " + name + "() scope belongs to thread '" + owner.getName()
                + "' and must be closed there; it was closed on thread '" + Thread.currentThread().getName() + "'");
      }
      if (state.innermost != this) {
        throw new IllegalStateException(
            "GradMode: the " + name + "() scope was closed while the " + state.innermost.name
                + "() scope opened after it is still open; close scopes in the reverse order of opening "
                + "(try-with-resources does this)");
      }
      closed = true;
      state.innermost = outer;
      state.enabled = enabledBefore;
      state.anomaly = anomalyBefore;
    }

    @Override
    public String toString() {
      return "GradMode." + name + "()" + (closed ? " (closed)" : "");
    }
  }
}
