package dev.autograd.nn.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.nn.loss.Losses;
import dev.autograd.nn.optim.SGD;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Module#to(DType)}: every parameter and buffer converted in place, forward passes in float32. */
class ModuleToDTypeTest {

  private static Tensor batch(int n, int d, long seed) {
    return Tensor.normal(new SplittableRandom(seed), 0, 1, n, d);
  }

  @Test
  void mlp_to_float32_makes_every_parameter_a_float32_leaf_requiring_a_gradient() {
    Sequential net = MLP.of(1L, Activation.RELU, 4, 8, 3);
    double[] before = net.parameters().get(0).value().toArray();
    Sequential same = net.to(DType.FLOAT32);
    assertSame(net, same);
    for (Parameter p : net.parameters()) {
      assertEquals(DType.FLOAT32, p.value().dtype(), p.name());
      assertTrue(p.value().isLeaf() && p.value().requiresGrad(), p.name());
    }
    assertEquals("weight", net.parameters().get(0).value().label());
    double[] after = net.parameters().get(0).value().toArray();
    for (int i = 0; i < before.length; i++) {
      assertEquals((float) before[i], after[i], 0.0);
    }
    assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"),
        net.parameters().stream().map(Parameter::name).toList());
  }

  @Test
  void gradients_are_float32_after_backward_and_an_sgd_step_changes_the_parameters() {
    Sequential net = MLP.of(2L, Activation.TANH, 4, 8, 3).to(DType.FLOAT32);
    Tensor x = batch(16, 4, 3L);
    Tensor y = Tensor.vector(new SplittableRandom(4L).ints(16, 0, 3).asDoubleStream().toArray());
    SGD sgd = new SGD(net, 0.1);
    Tensor loss = Losses.softmaxCrossEntropy().apply(net.forward(x), y);
    assertEquals(DType.FLOAT32, loss.dtype());
    loss.backward();
    List<Parameter> ps = net.parameters();
    double[][] before = new double[ps.size()][];
    for (int i = 0; i < ps.size(); i++) {
      Tensor g = ps.get(i).value().grad();
      assertEquals(DType.FLOAT32, g.dtype(), ps.get(i).name());
      before[i] = ps.get(i).value().toArray();
    }
    sgd.step();
    for (int i = 0; i < ps.size(); i++) {
      assertEquals(DType.FLOAT32, ps.get(i).value().dtype());
      double[] expected = before[i].clone();
      double[] g = ps.get(i).value().grad().toArray();
      for (int j = 0; j < expected.length; j++) {
        expected[j] = (float) (expected[j] - 0.1 * g[j]);
      }
      assertArrayEquals(expected, ps.get(i).value().toArray(), 0.0, ps.get(i).name());
    }
    assertTrue(!java.util.Arrays.equals(before[0], ps.get(0).value().toArray()), "the step changed nothing");
  }

  @Test
  void a_float32_layer_converts_a_float64_input_and_its_gradient_stays_float64() {
    Linear layer = new Linear(3, 2, 5L).to(DType.FLOAT32);
    Tensor x = batch(4, 3, 6L).requiresGrad(true);
    Tensor out = layer.forward(x);
    assertEquals(DType.FLOAT32, out.dtype());
    out.sum().backward();
    assertEquals(DType.FLOAT64, x.grad().dtype());
    assertEquals(DType.FLOAT32, layer.weight().grad().dtype());
  }

  @Test
  void float32_and_float64_forward_passes_agree_to_float32_precision() {
    Sequential n64 = MLP.of(7L, Activation.TANH, 5, 16, 4);
    Sequential n32 = MLP.of(7L, Activation.TANH, 5, 16, 4).to(DType.FLOAT32);
    Tensor x = batch(8, 5, 8L);
    assertArrayEquals(n64.predict(x).toArray(), n32.predict(x).toArray(), 1e-5);
  }

  @Test
  void converting_back_to_float64_is_exact_and_to_the_same_precision_keeps_the_tensors() {
    Linear layer = new Linear(3, 2, 9L).to(DType.FLOAT32);
    double[] w32 = layer.weight().toArray();
    Tensor kept = layer.weight();
    layer.to(DType.FLOAT32);
    assertSame(kept, layer.weight());
    layer.to(DType.FLOAT64);
    assertNotSame(kept, layer.weight());
    assertEquals(DType.FLOAT64, layer.weight().dtype());
    assertArrayEquals(w32, layer.weight().toArray(), 0.0);
  }

  @Test
  void conversion_drops_accumulated_gradients() {
    Linear layer = new Linear(2, 1, 10L);
    layer.forward(batch(3, 2, 11L)).sum().backward();
    assertNotEquals(null, layer.weight().grad());
    layer.to(DType.FLOAT32);
    assertNull(layer.weight().grad());
  }

  @Test
  void batch_norm_converts_parameters_and_running_statistics_and_updates_them_in_float32() {
    BatchNorm1d bn = new BatchNorm1d(3);
    bn.to(DType.FLOAT32);
    for (Parameter p : bn.parameters()) {
      assertEquals(DType.FLOAT32, p.value().dtype(), p.name());
    }
    for (Buffer b : bn.buffers()) {
      assertEquals(DType.FLOAT32, b.value().dtype(), b.name());
      assertTrue(!b.value().requiresGrad(), b.name());
    }
    Tensor y = bn.forward(batch(6, 3, 12L));
    assertEquals(DType.FLOAT32, y.dtype());
    assertNotEquals(0.0, bn.runningMean().toArray()[0]);
  }

  @Test
  void convolutions_layer_norm_embedding_and_logistic_regression_convert() {
    Conv2d conv = new Conv2d(1, 2, 3, 1, 1, 13L).to(DType.FLOAT32);
    assertEquals(DType.FLOAT32, conv.forward(Tensor.zeros(2, 1, 5, 5)).dtype());
    Conv1d conv1 = new Conv1d(2, 3, 3, 14L).to(DType.FLOAT32);
    assertEquals(DType.FLOAT32, conv1.forward(Tensor.zeros(2, 2, 6)).dtype());
    LayerNorm ln = new LayerNorm(4).to(DType.FLOAT32);
    assertEquals(DType.FLOAT32, ln.forward(batch(2, 4, 15L)).dtype());
    Embedding e = new Embedding(5, 3, 16L).to(DType.FLOAT32);
    assertEquals(DType.FLOAT32, e.forward(Tensor.vector(0, 4, 2)).dtype());
    LogisticRegression lr = LogisticRegression.binary(3, 17L).to(DType.FLOAT32);
    assertEquals(DType.FLOAT32, lr.forward(batch(4, 3, 18L)).dtype());
    assertEquals(4, lr.classify(batch(4, 3, 18L)).length);
  }

  @Test
  void a_module_without_parameters_converts_trivially_and_one_that_cannot_convert_says_so() {
    Module square = x -> x.square();
    assertSame(square, square.to(DType.FLOAT32));
    Tensor w = Tensor.param(new double[] {1, 2}, 2);
    Module custom = new Module() {
      @Override
      public Tensor forward(Tensor x) {
        return x.mul(w);
      }

      @Override
      public List<Parameter> parameters() {
        return List.of(new Parameter("w", w));
      }
    };
    assertSame(custom, custom.to(DType.FLOAT64));
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> custom.to(DType.FLOAT32));
    assertTrue(e.getMessage().contains("'w' is float64") && e.getMessage().contains("override to(DType)"),
        e.getMessage());
  }

  @Test
  void the_lecture_cnn_trains_a_step_in_float32() {
    Sequential net = new Sequential(
        x -> x.reshape(-1, 1, 8, 8),
        new Conv2d(1, 4, 3, 1, 1, 20L),
        new BatchNorm2d(4),
        Activation.RELU,
        new MaxPool2d(2),
        new Flatten(),
        new Dropout(0.25, 21L),
        new Linear(4 * 16, 10, 22L)).to(DType.FLOAT32);
    Tensor x = batch(6, 64, 23L);
    Tensor y = Tensor.vector(0, 1, 2, 3, 4, 5);
    dev.autograd.nn.optim.Adam adam = new dev.autograd.nn.optim.Adam(net, 0.01);
    double[] before = net.parameters().get(0).value().toArray();
    Tensor loss = Losses.softmaxCrossEntropy().apply(net.forward(x), y);
    assertEquals(DType.FLOAT32, loss.dtype());
    adam.step(loss);
    for (Parameter p : net.parameters()) {
      assertEquals(DType.FLOAT32, p.value().dtype(), p.name());
    }
    for (Buffer b : net.buffers()) {
      assertEquals(DType.FLOAT32, b.value().dtype(), b.name());
    }
    assertTrue(!java.util.Arrays.equals(before, net.parameters().get(0).value().toArray()));
    net.eval();
    assertEquals(DType.FLOAT32, net.predict(x).dtype());
  }
}
