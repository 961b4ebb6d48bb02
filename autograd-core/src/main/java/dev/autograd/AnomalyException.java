package dev.autograd;

/**
 * Thrown in {@link GradMode#anomalyDetection()} at the first NaN or infinity that an op produces,
 * in a forward pass or in a derivative rule.
 */
public final class AnomalyException extends ArithmeticException {
  private static final long serialVersionUID = 1L;
  /** The name of the op that produced the first non-finite value. */
  private final String op;

  AnomalyException(String op, String message) {
    super(message);
    this.op = op;
  }

  /**
   * The name of the op that produced the first non-finite value.
   *
   * @return the op's name
   */
  public String op() {
    return op;
  }
}
