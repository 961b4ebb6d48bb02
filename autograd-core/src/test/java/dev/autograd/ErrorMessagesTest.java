package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every caller mistake is rejected with a message that names the op, the shapes and what was expected. */
class ErrorMessagesTest {

  private static void assertMessage(String expected, Executable call) {
    RuntimeException e = assertThrows(RuntimeException.class, call);
    assertEquals(expected, e.getMessage());
  }

  @Test
  void matmul_names_both_shapes() {
    assertMessage("matmul: inner dimensions differ: [2, 3] x [4, 5]",
        () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5)));
    assertMessage("matmul: inner dimensions differ: [2, 3] x [4]",
        () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4)));
    assertMessage("matmul: expects operands of rank at least 1; got [2, 3, 4] x [] (multiply by a scalar with mul)",
        () -> Tensor.zeros(2, 3, 4).matmul(Tensor.scalar(4)));
    assertMessage("matmul: inner dimensions differ: [2, 3, 4] x [5]",
        () -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(5)));
    assertMessage("matmul: batch dimensions [2] and [3] do not broadcast ([2, 3, 4] x [3, 4, 5])",
        () -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(3, 4, 5)));
  }

  @Test
  void broadcasting_names_the_op_and_shapes() {
    assertMessage("add: shapes cannot be broadcast together: [2, 3] and [2]",
        () -> Tensor.zeros(2, 3).add(Tensor.zeros(2)));
    assertMessage("mul: shapes cannot be broadcast together: [4, 1, 3] and [2, 2]",
        () -> Tensor.zeros(4, 1, 3).mul(Tensor.zeros(2, 2)));
    assertMessage("broadcastTo: shape [3] cannot be broadcast to [2, 4]",
        () -> Tensor.zeros(3).broadcastTo(2, 4));
  }

  @Test
  void reshape_says_how_many_elements() {
    assertMessage("reshape: cannot reshape [2, 3] (6 elements) into [4] (4 elements)",
        () -> Tensor.zeros(2, 3).reshape(4));
    assertMessage("reshape: cannot reshape [2, 3] (6 elements) into [4, -1]",
        () -> Tensor.zeros(2, 3).reshape(4, -1));
    assertMessage("reshape: at most one dimension can be -1; got [-1, -1]",
        () -> Tensor.zeros(2, 3).reshape(-1, -1));
  }

  @Test
  void invalid_axes_say_the_valid_range() {
    assertMessage("sum: axis 2 is out of range for a tensor of rank 2 (expected -2 .. 1)",
        () -> Tensor.zeros(2, 3).sum(2));
    assertMessage("logSumExp: axis -3 is out of range for a tensor of rank 2 (expected -2 .. 1)",
        () -> Tensor.zeros(2, 3).logSumExp(new int[] {-3}, false));
    assertMessage("sum: axis -1 is given twice in [1, -1]",
        () -> Tensor.zeros(2, 3).sum(new int[] {1, -1}, false));
  }

  @Test
  void empty_and_mismatched_data_are_rejected() {
    assertMessage("zeros: every dimension must be positive; got shape [2, 0]", () -> Tensor.zeros(2, 0));
    assertMessage("tensor: shape [2, 2] needs 4 values; got 3", () -> Tensor.of(new double[] {1, 2, 3}, 2, 2));
    assertMessage("matrix: row 1 has 1 values; row 0 has 2 (rows must have equal length)",
        () -> Tensor.matrix(new double[][] {{1, 2}, {3}}));
    assertMessage("vector: needs at least one value", () -> Tensor.vector());
  }

  @Test
  void concat_slice_and_indexing_errors() {
    assertMessage("concat: along axis 0 every other dimension must agree; tensor 0 has shape [2, 3], tensor 1 has shape [2, 4]",
        () -> Tensor.concat(0, Tensor.zeros(2, 3), Tensor.zeros(2, 4)));
    assertMessage("slice: range [2, 5) is empty or outside axis 1 of shape [2, 3] (expected 0 <= start < end <= 3)",
        () -> Tensor.zeros(2, 3).slice(1, 2, 5));
    assertMessage("indexSelect: index 3 at position 1 is out of range for axis 0 of shape [3, 2] (expected 0 .. 2)",
        () -> Tensor.zeros(3, 2).rows(0, 3));
    assertMessage("pick: expects a matrix with one row per index; got shape [3, 2] and 2 indices",
        () -> Tensor.zeros(3, 2).pick(0, 1));
    assertMessage("get: index [0, 5] is out of bounds for shape [2, 3]", () -> Tensor.zeros(2, 3).get(0, 5));
  }

  @Test
  void permute_and_transpose_say_what_was_expected() {
    assertMessage("permute: order [0, 0] must list each of the 2 axes of shape [2, 3] once",
        () -> Tensor.zeros(2, 3).permute(0, 0));
    assertMessage("transpose: expects a matrix (rank 2); got shape [3] (use permute for other ranks)",
        () -> Tensor.zeros(3).transpose());
  }

  @Test
  void item_and_clamp_explain_themselves() {
    assertMessage("item(): needs a tensor with exactly one element; got shape [2]", () -> Tensor.zeros(2).item());
    assertMessage("clamp: needs lo <= hi; got lo = 1.0, hi = 0.0", () -> Tensor.zeros(2).clamp(1, 0));
  }

  @Test
  void a_user_rule_returning_the_wrong_shape_is_named() {
    Primitive bad = new Primitive() {
      @Override public String name() { return "badRule"; }
      @Override protected Tensor forward(Tensor... in) { return in[0].copy(); }
      @Override protected Tensor[] vjp(Node node, Tensor g) { return new Tensor[] {Tensor.zeros(5)}; }
    };
    Tensor x = Tensor.zeros(2, 3).requiresGrad(true);
    assertMessage("the derivative rule of 'badRule' returned a gradient of shape [5] for input 0 of shape [2, 3] "
        + "(expected [2, 3])",
        () -> bad.apply(x).sum().backward());
    Primitive wrongCount = new Primitive() {
      @Override public String name() { return "twoGrads"; }
      @Override protected Tensor forward(Tensor... in) { return in[0].copy(); }
      @Override protected Tensor[] vjp(Node node, Tensor g) { return new Tensor[] {g, g}; }
    };
    assertMessage("the derivative rule of 'twoGrads' returned 2 gradients for 1 inputs",
        () -> wrongCount.apply(x).sum().backward());
  }
}
