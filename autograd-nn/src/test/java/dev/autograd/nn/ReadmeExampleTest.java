package dev.autograd.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import dev.autograd.nn.data.Datasets;
import dev.autograd.nn.data.Split;
import dev.autograd.nn.eval.Metrics;
import dev.autograd.nn.loss.Loss;
import dev.autograd.nn.loss.Losses;
import dev.autograd.nn.module.Activation;
import dev.autograd.nn.module.MLP;
import dev.autograd.nn.module.Sequential;
import dev.autograd.nn.optim.Adam;
import dev.autograd.nn.train.Trainer;
import org.junit.jupiter.api.Test;

/** The README's training example, kept compiling and checked. */
class ReadmeExampleTest {

  @Test
  void the_readme_example_trains_a_digit_classifier() throws Exception {
    Split split = Split.stratifiedTrainTest(Datasets.digits(), 0.2, 0L).standardised();
    Sequential net = MLP.of(1L, Activation.RELU, 64, 64, 10);
    Trainer trainer = new Trainer(net, Losses.softmaxCrossEntropy(), new Adam(net, 0.003)).batchSize(32);
    trainer.fit(split.train(), 20);
    double accuracy = Metrics.accuracy(net, split.test());
    assertTrue(accuracy >= 0.95, "test accuracy " + accuracy);

    Loss huber = (h, y) -> {
      Tensor r = h.sub(y).abs();
      return Tensor.where(r.lt(1), r.square().mul(0.5), r.sub(0.5)).mean();
    };
    Tensor value = huber.apply(Tensor.vector(0, 3), Tensor.vector(0.5, 0));
    assertTrue(Math.abs(value.item() - (0.125 + 2.5) / 2) < 1e-12, value.toString());
  }
}
