package dev.autograd.nn.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.NN;
import dev.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BatchNorm1d and BatchNorm2d: NN.batchNorm with learnable scale and shift and running statistics. */
class BatchNormTest {

  @Test
  void training_forward_is_nn_batch_norm_with_batch_statistics_and_updates_the_running_ones() {
    BatchNorm2d bn = new BatchNorm2d(3);
    bn.weight().storage()[1] = 2;
    bn.bias().storage()[2] = -1;
    Tensor x = Tensor.randn(1, 4, 3, 5, 5).mul(3).add(1);
    Tensor rm = Tensor.zeros(3);
    Tensor rv = Tensor.ones(3);
    Tensor expected = NN.batchNorm(x, rm, rv, bn.weight(), bn.bias(), true, 0.1, 1e-5);
    Tensor y = bn.forward(x);
    assertEquals(0, y.maxAbsDiff(expected));
    assertArrayEquals(rm.toArray(), bn.runningMean().toArray(), 0);
    assertArrayEquals(rv.toArray(), bn.runningVar().toArray(), 0);
    assertTrue(bn.runningMean().abs().sum().item() > 0, "running mean moved");
  }

  @Test
  void eval_mode_uses_the_running_statistics_and_leaves_them_unchanged() {
    BatchNorm1d bn = new BatchNorm1d(2);
    for (int i = 0; i < 5; i++) {
      bn.forward(Tensor.randn(i, 8, 2).mul(2).add(3));
    }
    double[] mean = bn.runningMean().toArray();
    double[] var = bn.runningVar().toArray();
    assertSame(bn, bn.eval());
    assertFalse(bn.isTraining());
    Tensor x = Tensor.randn(9, 1, 2);                          // one row: fine in eval mode
    Tensor y = bn.forward(x);
    assertArrayEquals(mean, bn.runningMean().toArray(), 0);
    assertArrayEquals(var, bn.runningVar().toArray(), 0);
    assertEquals(0, y.maxAbsDiff(NN.batchNorm(x, Tensor.vector(mean), Tensor.vector(var), bn.weight(), bn.bias(),
        false, 0.1, 1e-5)));
    bn.train();
    assertTrue(bn.isTraining());
  }

  @Test
  void running_statistics_follow_pytorchs_update_with_momentum_one_tenth() {
    BatchNorm1d bn = new BatchNorm1d(1);
    bn.forward(Tensor.wrap(new double[] {1, 2, 3, 6}, 4, 1));     // mean 3, unbiased variance 14/3
    assertEquals(0.3, bn.runningMean().item(), 1e-15);
    assertEquals(0.9 + 0.1 * 14 / 3.0, bn.runningVar().item(), 1e-15);
  }

  @Test
  void batch_norm_1d_takes_rows_and_sequences() {
    BatchNorm1d bn = new BatchNorm1d(3, 1e-3, 0.5, false);
    Tensor x = Tensor.randn(2, 4, 3, 6);
    Tensor rm = Tensor.zeros(3);
    Tensor rv = Tensor.ones(3);
    assertEquals(0, bn.forward(x).maxAbsDiff(NN.batchNorm(x, rm, rv, true, 0.5, 1e-3)));
    assertArrayEquals(new int[] {5, 3}, bn.forward(Tensor.randn(3, 5, 3)).shape());
    assertEquals(0, bn.parameterCount());
  }

  @Test
  void parameters_and_buffers_are_named_like_pytorch() {
    BatchNorm2d bn = new BatchNorm2d(4);
    assertEquals(List.of("weight", "bias"), bn.parameters().stream().map(Parameter::name).toList());
    assertEquals(List.of("running_mean", "running_var"), bn.buffers().stream().map(Buffer::name).toList());
    assertEquals(8, bn.parameterCount());
    assertArrayEquals(new double[] {1, 1, 1, 1}, bn.weight().toArray(), 0);
    assertArrayEquals(new double[] {1, 1, 1, 1}, bn.runningVar().toArray(), 0);
    assertFalse(bn.runningMean().requiresGrad());
    Sequential net = new Sequential(new Conv2d(1, 4, 3, 1L), bn);
    assertEquals(List.of("1.running_mean", "1.running_var"), net.buffers().stream().map(Buffer::name).toList());
  }

  @Test
  void gradients_reach_weight_and_bias_in_training() {
    BatchNorm2d bn = new BatchNorm2d(2);
    bn.forward(Tensor.randn(3, 3, 2, 2, 2)).mul(Tensor.randn(4, 3, 2, 2, 2)).sum().backward();
    assertTrue(bn.weight().grad().abs().sum().item() > 0);
    assertTrue(bn.bias().grad().abs().sum().item() > 0);
  }

  @Test
  void bad_arguments_and_inputs_are_refused_with_messages() {
    assertEquals("BatchNorm2d: needs at least one feature (channel); got 0",
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(0)).getMessage());
    assertEquals("BatchNorm1d: momentum must be in [0, 1]; got 1.5",
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(2, 1e-5, 1.5, true)).getMessage());
    assertEquals("BatchNorm1d: eps must be positive and finite; got 0.0",
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(2, 0, 0.1, true)).getMessage());
    assertEquals("BatchNorm2d(3): expects input of shape [N, C, H, W]; got [2, 3]",
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).forward(Tensor.zeros(2, 3)))
            .getMessage());
    assertEquals("BatchNorm1d(3): input of shape [4, 2] has 2 channels on axis 1; expected 3",
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3).forward(Tensor.zeros(4, 2)))
            .getMessage());
    assertEquals("batchNorm: expected more than 1 value per channel when training; got input of shape [1, 3]",
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3).forward(Tensor.zeros(1, 3)))
            .getMessage());
  }
}
