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
 * restores exactly the mode that was in force before, so scopes nest.
 */
public final class GradMode {
  private GradMode() {}

  /** The modes in force on one thread. Read on every recorded op, so kept as two plain fields. */
  static final class State {
    boolean enabled = true;
    boolean anomaly = false;
    /** In anomaly mode, the node whose derivative rule is running on this thread (engine only). */
    Node rule;
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

  /** True when ops on this thread are being recorded for differentiation. */
  public static boolean isGradEnabled() {
    return STATE.get().enabled;
  }

  /** True when anomaly detection is on for this thread. */
  public static boolean isAnomalyDetectionEnabled() {
    return STATE.get().anomaly;
  }

  /** Opens a scope in which no op is recorded: results have no graph and no gradient. */
  public static Scope noGrad() {
    return gradEnabled(false);
  }

  /** Opens a scope in which ops are recorded again (inside an enclosing {@link #noGrad()}). */
  public static Scope enableGrad() {
    return gradEnabled(true);
  }

  static Scope gradEnabled(boolean on) {
    State s = STATE.get();
    boolean before = s.enabled;
    s.enabled = on;
    return () -> s.enabled = before;
  }

  /**
   * Opens a scope with anomaly detection: every op checks its result, and every derivative rule its
   * gradients, for NaN and infinity, and the first one found throws an {@link AnomalyException} naming
   * the op, its input shapes and the line of user code that created the node. Each recorded node also
   * remembers where it was created, which costs a stack walk per op; when the mode is off nothing of
   * this runs.
   */
  public static Scope anomalyDetection() {
    State s = STATE.get();
    boolean before = s.anomaly;
    s.anomaly = true;
    return () -> s.anomaly = before;
  }
}
