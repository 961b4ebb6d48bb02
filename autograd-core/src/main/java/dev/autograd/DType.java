package dev.autograd;

/**
 * The precision a tensor stores and computes in: {@link #FLOAT64} (the default, and the precision
 * of gradient checking) or {@link #FLOAT32} (what neural networks train in: half the memory, and
 * about twice the matrix-multiply throughput).
 *
 * <p>Mixed operands follow PyTorch's promotion: an op's result has the wider precision of its
 * operands of rank 1 or more; rank-0 tensors (and Java {@code double} constants, which become
 * rank-0 tensors of the other operand's precision) take part only when every operand has rank 0.
 * So {@code x.mul(0.1)} and {@code x.add(Tensor.scalar(1))} stay float32 for a float32 {@code x},
 * while a float32 matrix times a float64 matrix is float64. The conversion is recorded like any
 * op ({@link Tensor#to(DType)}), so each operand's gradient has the operand's own precision.
 */
public enum DType {
  /** IEEE 754 double precision, stored as {@code double[]}: about 16 significant digits. */
  FLOAT64(8),
  /** IEEE 754 single precision, stored as {@code float[]}: about 7 significant digits. */
  FLOAT32(4);

  private final int bytes;

  DType(int bytes) {
    this.bytes = bytes;
  }

  /**
   * The size of one element.
   *
   * @return 8 for float64, 4 for float32
   */
  public int bytes() {
    return bytes;
  }

  /**
   * The wider of two precisions.
   *
   * @param a one precision
   * @param b the other
   * @return {@link #FLOAT64} unless both are {@link #FLOAT32}
   */
  public static DType wider(DType a, DType b) {
    Args.notNull(a, "wider", "a");
    Args.notNull(b, "wider", "b");
    return a == FLOAT32 && b == FLOAT32 ? FLOAT32 : FLOAT64;
  }

  /**
   * The precision of an op's result for these operands, by the rule above: the wider precision of
   * the operands of rank 1 or more, or of all of them when every one has rank 0.
   *
   * @param operands the operands, at least one
   * @return {@link #FLOAT32} when the operands that count are all float32, else {@link #FLOAT64}
   */
  public static DType promoted(Tensor... operands) {
    Args.noNulls(operands, "promoted", "operands");
    if (operands.length == 0) {
      throw new IllegalArgumentException("promoted: needs at least one operand");
    }
    return promoted(null, operands);
  }

  /** {@link #promoted(Tensor...)} over the value inputs of {@code op} (all of them when op is null). */
  static DType promoted(Primitive op, Tensor[] inputs) {
    boolean anyRanked = false;
    boolean ranked64 = false;
    boolean scalar64 = false;
    for (int i = 0; i < inputs.length; i++) {
      if (op == null || op.isValueInput(i)) {
        boolean is64 = inputs[i].fdata == null;
        if (inputs[i].shape.length > 0) {
          anyRanked = true;
          ranked64 |= is64;
        } else {
          scalar64 |= is64;
        }
      }
    }
    return (anyRanked ? ranked64 : scalar64) ? FLOAT64 : FLOAT32;
  }

  /**
   * The name PyTorch prints, {@code float64} or {@code float32}.
   *
   * @return the lower-case name
   */
  @Override
  public String toString() {
    return this == FLOAT64 ? "float64" : "float32";
  }
}
