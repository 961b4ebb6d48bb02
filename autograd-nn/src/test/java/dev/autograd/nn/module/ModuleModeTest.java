package dev.autograd.nn.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The train/eval switch of Module: kept by the modules that need it, passed on by Sequential. */
class ModuleModeTest {

  @Test
  void a_lambda_ignores_the_switch_and_reports_training() {
    Module square = x -> x.square();
    assertSame(square, square.eval());
    assertTrue(square.isTraining());
    assertSame(square, square.train(false));
    assertEquals(List.of(), square.buffers());
  }

  @Test
  void sequential_starts_in_training_mode_and_propagates_eval_and_train_to_nested_children() {
    Dropout d = new Dropout(0.5, 1L);
    BatchNorm1d bn = new BatchNorm1d(3);
    Sequential inner = new Sequential(bn, d);
    Sequential outer = new Sequential(new Linear(2, 3, 1L), inner, x -> x);
    assertTrue(outer.isTraining() && inner.isTraining() && bn.isTraining() && d.isTraining());
    outer.eval();
    assertFalse(outer.isTraining() || inner.isTraining() || bn.isTraining() || d.isTraining());
    outer.train();
    assertTrue(outer.isTraining() && inner.isTraining() && bn.isTraining() && d.isTraining());
    assertEquals(List.of("1.0.running_mean", "1.0.running_var"),
        outer.buffers().stream().map(Buffer::name).toList());
  }

  @Test
  void predict_does_not_change_the_mode() {
    Dropout d = new Dropout(0.5, 1L);
    Tensor x = Tensor.ones(50);
    Tensor y = d.predict(x);
    assertTrue(d.isTraining());
    assertTrue(y.maxAbsDiff(x) > 0, "still dropping: predict only switches off recording");
  }

  @Test
  void buffer_names_follow_the_parameter_rules() {
    assertEquals("buffer: name must be a dot-separated path of letters, digits and underscores; got 'a..b'",
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> new Buffer("a..b", Tensor.zeros(1))).getMessage());
    assertEquals("2.running_mean", new Buffer("running_mean", Tensor.zeros(1)).prefixed("2").name());
  }
}
