package dev.autograd.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.GradMode;
import dev.autograd.Tensor;
import dev.autograd.nn.module.Activation;
import dev.autograd.nn.module.Linear;
import dev.autograd.nn.module.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptimizerTest {

  @Test
  void backward_then_step_uses_the_accumulated_gradients_and_zero_grad_clears_them() {
    Tensor w = Tensor.param(new double[] {1, 2}, 2);
    SGD sgd = new SGD(List.of(new Parameter("w", w)), 0.5);
    w.square().sum().backward();
    sgd.step();
    assertArrayEquals(new double[] {0, 0}, w.toArray(), 0);
    sgd.zeroGrad();
    assertNull(w.grad());
  }

  @Test
  void the_functional_step_and_the_backward_step_agree() {
    Linear a = new Linear(3, 2, 7L);
    Linear b = new Linear(3, 2, 7L);
    Tensor x = Tensor.randn(1, 4, 3);
    new Adam(a, 0.1).step(a.forward(x).tanh().sum());
    Adam adamB = new Adam(b, 0.1);
    b.forward(x).tanh().sum().backward();
    adamB.step();
    assertEquals(0, a.weight().maxAbsDiff(b.weight()));
    assertEquals(0, a.bias().maxAbsDiff(b.bias()));
  }

  @Test
  @SuppressWarnings("try") // the scope is used only for its effect
  void a_loss_computed_without_a_graph_is_refused_with_advice() {
    Linear l = new Linear(2, 1, 1L);
    SGD sgd = new SGD(l, 0.1);
    Tensor loss;
    try (var off = GradMode.noGrad()) {
      loss = l.forward(Tensor.ones(1, 2)).sum();
    }
    Tensor constant = loss;
    var e = assertThrows(IllegalArgumentException.class, () -> sgd.step(constant));
    assertTrue(e.getMessage().contains("GradMode.noGrad()"), e.getMessage());
  }

  @Test
  void a_non_scalar_loss_is_refused() {
    Linear l = new Linear(2, 1, 1L);
    var e = assertThrows(IllegalArgumentException.class, () -> new SGD(l, 0.1).step(l.forward(Tensor.ones(3, 2))));
    assertTrue(e.getMessage().contains("scalar") && e.getMessage().contains("[3, 1]"), e.getMessage());
  }

  @Test
  void a_model_without_parameters_or_a_bad_learning_rate_is_refused() {
    var e = assertThrows(IllegalArgumentException.class, () -> new SGD(Activation.TANH, 0.1));
    assertTrue(e.getMessage().contains("at least one parameter"), e.getMessage());
    var f = assertThrows(IllegalArgumentException.class, () -> new SGD(new Linear(1, 1, 1L), -1));
    assertTrue(f.getMessage().contains("learning rate"), f.getMessage());
  }

  @Test
  void gradients_of_the_wrong_shape_are_refused_naming_the_parameter() {
    Linear l = new Linear(2, 3, 1L);
    var e = assertThrows(
        IllegalArgumentException.class, () -> new SGD(l, 0.1).apply(new Tensor[] {Tensor.zeros(3, 2), Tensor.zeros(3)}));
    assertTrue(e.getMessage().contains("'weight'") && e.getMessage().contains("[3, 2]"), e.getMessage());
  }

  @Test
  void the_learning_rate_can_change_between_steps() {
    Tensor w = Tensor.param(new double[] {0}, 1);
    SGD sgd = new SGD(List.of(new Parameter("w", w)), 1.0);
    sgd.setLearningRate(0.25);
    sgd.step(w.sum());
    assertEquals(-0.25, w.item(), 0);
    assertEquals(0.25, sgd.learningRate(), 0);
  }
}
