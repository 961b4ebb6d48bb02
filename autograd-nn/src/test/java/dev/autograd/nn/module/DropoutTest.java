package dev.autograd.nn.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.NN;
import dev.autograd.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DropoutTest {

  @Test
  void training_forward_is_nn_dropout_with_seeds_drawn_from_the_layers_generator() {
    Dropout d = new Dropout(0.3, 11L);
    SplittableRandom rng = new SplittableRandom(11L);
    Tensor x = Tensor.randn(1, 6, 7);
    for (int i = 0; i < 3; i++) {
      assertEquals(0, d.forward(x).maxAbsDiff(NN.dropout(x, 0.3, true, rng.nextLong())));
    }
  }

  @Test
  void eval_mode_is_the_identity_and_draws_nothing() {
    Dropout d = new Dropout(0.5, 3L);
    Tensor x = Tensor.randn(2, 4, 5);
    assertSame(d, d.eval());
    assertFalse(d.isTraining());
    assertSame(x, d.forward(x));
    d.train();
    Tensor y = d.forward(x);
    assertEquals(0, y.maxAbsDiff(new Dropout(0.5, 3L).forward(x)), "eval-mode passes did not move the generator");
    int zeros = 0;
    for (double v : y.toArray()) {
      zeros += v == 0 ? 1 : 0;
    }
    assertTrue(zeros > 0 && zeros < 20, zeros + " zeros");
  }

  @Test
  void same_seed_same_masks_and_reseed_restarts_them() {
    Tensor x = Tensor.ones(100);
    Dropout a = new Dropout(0.5, 7L);
    Tensor first = a.forward(x);
    Tensor second = a.forward(x);
    assertTrue(first.maxAbsDiff(second) > 0, "successive passes draw new masks");
    a.reseed(7L);
    assertEquals(0, a.forward(x).maxAbsDiff(first));
    assertTrue(new Dropout(0.5, 8L).forward(x).maxAbsDiff(first) > 0);
  }

  @Test
  void sequential_switches_its_dropout_layers() {
    Dropout d = new Dropout(0.9, 1L);
    Sequential net = new Sequential(new Linear(3, 3, 1L), d);
    Tensor x = Tensor.randn(4, 2, 3);
    assertSame(net, net.eval());
    assertFalse(d.isTraining());
    assertFalse(net.isTraining());
    assertEquals(0, net.forward(x).maxAbsDiff(net.layer(0).forward(x)));
    net.train();
    assertTrue(d.isTraining() && net.isTraining());
  }

  @Test
  void p_outside_zero_to_one_is_refused() {
    assertEquals("Dropout: p must be in [0, 1]; got 1.5",
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5, 1L)).getMessage());
    assertEquals(0, new Dropout(0.2, 1L).parameterCount());
  }
}
