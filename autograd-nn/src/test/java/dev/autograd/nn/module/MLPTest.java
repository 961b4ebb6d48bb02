package dev.autograd.nn.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import dev.autograd.nn.data.Dataset;
import dev.autograd.nn.data.Datasets;
import dev.autograd.nn.data.Split;
import dev.autograd.nn.eval.CrossValidation;
import dev.autograd.nn.eval.Metrics;
import dev.autograd.nn.loss.Losses;
import dev.autograd.nn.optim.Adam;
import dev.autograd.nn.train.Trainer;
import org.junit.jupiter.api.Test;

class MLPTest {

  @Test
  void sizes_give_linear_layers_with_the_activation_between_them() {
    Sequential net = MLP.of(1L, Activation.TANH, 2, 5, 4, 3);
    assertEquals(5, net.size());
    assertEquals("Linear(2 -> 5)", net.layer(0).toString());
    assertSame(Activation.TANH, net.layer(1));
    assertEquals("Linear(5 -> 4)", net.layer(2).toString());
    assertSame(Activation.TANH, net.layer(3));
    assertEquals("Linear(4 -> 3)", net.layer(4).toString());
    assertArrayEquals(new int[] {7, 3}, net.forward(Tensor.zeros(7, 2)).shape());
  }

  @Test
  void builder_sets_each_layer_and_an_output_activation() {
    Sequential net = MLP.builder(3).hidden(4, Activation.RELU).hidden(2, Activation.TANH).output(1, Activation.SIGMOID)
        .seed(2L).build();
    assertEquals(6, net.size());
    assertEquals("Linear(3 -> 4)", net.layer(0).toString());
    assertSame(Activation.RELU, net.layer(1));
    assertEquals("Linear(4 -> 2)", net.layer(2).toString());
    assertSame(Activation.TANH, net.layer(3));
    assertEquals("Linear(2 -> 1)", net.layer(4).toString());
    assertSame(Activation.SIGMOID, net.layer(5));
  }

  @Test
  void same_seed_builds_the_same_network() {
    Sequential a = MLP.of(9L, Activation.RELU, 3, 4, 2);
    Sequential b = MLP.of(9L, Activation.RELU, 3, 4, 2);
    for (int i = 0; i < a.parameters().size(); i++) {
      assertEquals(0, a.parameters().get(i).value().maxAbsDiff(b.parameters().get(i).value()));
    }
    // the layers draw from one generator, so two layers of equal shape differ
    Sequential c = MLP.of(9L, Activation.RELU, 3, 3, 3);
    assertInstanceOf(Linear.class, c.layer(0));
    assertTrue(((Linear) c.layer(0)).weight().maxAbsDiff(((Linear) c.layer(2)).weight()) > 0);
  }

  @Test
  void a_network_needs_an_output_layer_and_two_sizes() {
    assertThrows(IllegalStateException.class, () -> MLP.builder(2).hidden(3, Activation.TANH).build());
    var e = assertThrows(IllegalArgumentException.class, () -> MLP.of(1L, Activation.TANH, 2));
    assertTrue(e.getMessage().contains("input size and an output size"), e.getMessage());
  }

  @Test
  void two_layer_sigmoid_network_learns_xor_from_several_starting_points() {
    Dataset xor = Datasets.xor();
    for (long seed = 0; seed < 5; seed++) {
      Sequential net = MLP.of(seed, Activation.SIGMOID, 2, 8, 1);
      new Trainer(net, Losses.binaryCrossEntropy(), new Adam(net, 0.1)).batchSize(4).fit(xor, 500);
      assertEquals(1.0, Metrics.accuracy(net, xor), "seed " + seed);
    }
  }

  @Test
  void two_hidden_units_as_in_the_lecture_learn_xor_from_seed_0() {
    // With only two sigmoid units about half of random starts end in the well-known local minimum that
    // gets two of the four points right; seed 0 is a start that reaches the global one.
    Dataset xor = Datasets.xor();
    Sequential net = MLP.of(0L, Activation.SIGMOID, 2, 2, 1);
    new Trainer(net, Losses.binaryCrossEntropy(), new Adam(net, 0.1)).batchSize(4).fit(xor, 500);
    assertEquals(1.0, Metrics.accuracy(net, xor));
    assertEquals(0.0, Metrics.loss(net, Losses.binaryCrossEntropy(), xor), 0.01);
  }

  @Test
  void network_separates_the_ring_on_fresh_points() {
    Dataset train = Datasets.ring(400, 1L);
    Dataset test = Datasets.ring(400, 2L);
    Sequential net = MLP.of(3L, Activation.TANH, 2, 8, 1);
    new Trainer(net, Losses.binaryCrossEntropy(), new Adam(net, 0.05)).batchSize(32).seed(4L).fit(train, 100);
    assertTrue(Metrics.accuracy(net, train) >= 0.99, "train accuracy " + Metrics.accuracy(net, train));
    assertTrue(Metrics.accuracy(net, test) >= 0.99, "test accuracy " + Metrics.accuracy(net, test));
  }

  @Test
  void one_hidden_layer_of_64_reaches_96_percent_in_5_fold_cross_validation_on_digits() {
    Dataset digits = Datasets.digits();
    CrossValidation.Result r = CrossValidation.run(Split.stratifiedKFold(digits, 5, 0L), (fold, i) -> {
      Split s = fold.standardised();
      Sequential net = MLP.of(i, Activation.RELU, 64, 64, 10);
      new Trainer(net, Losses.softmaxCrossEntropy(), new Adam(net, 0.003)).batchSize(32).seed(i).fit(s.train(), 20);
      return Metrics.accuracy(net, s.test());
    });
    System.out.println("digits, MLP 64-64-10 relu, Adam: " + r);
    assertTrue(r.mean() >= 0.96, r.toString());
  }
}
