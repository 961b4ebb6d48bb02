package dev.autograd.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Autograd;
import dev.autograd.GradMode;
import dev.autograd.Tensor;
import dev.autograd.nn.data.Dataset;
import dev.autograd.nn.data.Datasets;
import dev.autograd.nn.loss.Losses;
import dev.autograd.nn.module.Activation;
import dev.autograd.nn.module.Linear;
import dev.autograd.nn.module.LogisticRegression;
import dev.autograd.nn.module.MLP;
import dev.autograd.nn.module.Parameter;
import dev.autograd.nn.module.Sequential;
import dev.autograd.nn.data.Batch;
import dev.autograd.nn.optim.Adam;
import dev.autograd.nn.optim.GradientClipping;
import dev.autograd.nn.optim.LearningRateSchedule;
import dev.autograd.nn.optim.Momentum;
import dev.autograd.nn.optim.SGD;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTest {

  @Test
  void same_seeds_give_identical_training_runs() {
    Dataset data = Datasets.ring(100, 1L);
    double[] first = run(data, 5L);
    double[] again = run(data, 5L);
    double[] other = run(data, 6L);
    assertArrayEquals(first, again, 0);
    assertTrue(maxDiff(first, other) > 0, "another shuffling seed changes the run");
  }

  private static double[] run(Dataset data, long shuffleSeed) {
    Sequential net = MLP.of(1L, Activation.TANH, 2, 4, 1);
    new Trainer(net, Losses.binaryCrossEntropy(), new Adam(net, 0.05)).batchSize(10).seed(shuffleSeed).fit(data, 3);
    return net.parameters().get(0).value().toArray();
  }

  private static double maxDiff(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  @Test
  void batch_size_one_is_per_example_sgd_in_data_order() {
    // by hand: w ← w − η (σ(w·x) − y) x for each example in turn
    Dataset data = Dataset.of(new double[][] {{1, 0}, {0, 1}, {1, 1}}, new int[] {1, 0, 1});
    LogisticRegression model = LogisticRegression.of(Linear.of(new double[][] {{0}, {0}}, null));
    SGD sgd = new SGD(model, 0.5);
    new Trainer(model, Losses.binaryCrossEntropy(), sgd).batchSize(1).shuffle(false).fit(data, 2);
    double[] w = {0, 0};
    for (int epoch = 0; epoch < 2; epoch++) {
      for (int i = 0; i < data.size(); i++) {
        double[] x = data.row(i);
        double r = 1 / (1 + Math.exp(-(w[0] * x[0] + w[1] * x[1]))) - data.target(i);
        w[0] -= 0.5 * r * x[0];
        w[1] -= 0.5 * r * x[1];
      }
    }
    assertArrayEquals(w, model.weight().toArray(), 1e-15);
    assertEquals(6, sgd.steps());
  }

  @Test
  void listener_hears_every_batch_and_every_epoch() {
    Dataset data = Datasets.ring(50, 2L);
    Sequential net = MLP.of(1L, Activation.TANH, 2, 3, 1);
    List<String> events = new ArrayList<>();
    History h = new Trainer(net, Losses.binaryCrossEntropy(), new SGD(net, 0.1)).batchSize(20)
        .listener(new TrainingListener() {
          @Override
          public void batchEnded(int epoch, int batch, int batches, double loss) {
            events.add("b" + epoch + "." + batch + "/" + batches);
          }

          @Override
          public void epochEnded(int epoch, int epochs, double meanLoss) {
            events.add("e" + epoch + "/" + epochs);
          }
        })
        .fit(data, 2);
    assertEquals(List.of("b1.1/3", "b1.2/3", "b1.3/3", "e1/2", "b2.1/3", "b2.2/3", "b2.3/3", "e2/2"), events);
    assertEquals(2, h.epochs());
  }

  @Test
  void epoch_loss_is_the_example_weighted_mean_of_batch_losses() {
    Dataset data = Dataset.of(new double[][] {{1}, {2}, {3}}, new double[] {0, 0, 0});
    Linear model = Linear.of(new double[][] {{1}}, null);
    List<Double> batchLosses = new ArrayList<>();
    double mean = new Trainer(model, Losses.squaredError(), new SGD(model, 1e-9)).batchSize(2).shuffle(false)
        .listener(new TrainingListener() {
          @Override
          public void batchEnded(int epoch, int batch, int batches, double loss) {
            batchLosses.add(loss);
          }
        })
        .epoch(data);
    assertEquals(2, batchLosses.size());
    assertEquals((2 * batchLosses.get(0) + batchLosses.get(1)) / 3, mean, 1e-15);
    assertEquals((0.5 + 2 + 4.5) / 3, mean, 1e-6);
  }

  @Test
  void training_leaves_no_graph_or_gradient_on_the_parameters() {
    Sequential net = MLP.of(1L, Activation.TANH, 2, 3, 1);
    new Trainer(net, Losses.binaryCrossEntropy(), new SGD(net, 0.1)).fit(Datasets.xor(), 3);
    for (Parameter p : net.parameters()) {
      assertNull(p.value().grad(), p.name());
      assertTrue(p.value().isLeaf(), p.name());
    }
    assertTrue(GradMode.isGradEnabled());
  }

  @Test
  void a_diverging_loss_stops_training_with_advice() {
    Dataset data = Dataset.of(new double[][] {{1e3}, {-1e3}}, new double[] {1e3, -1e3});
    Linear model = Linear.of(new double[][] {{0}}, null);
    Trainer t = new Trainer(model, Losses.squaredError(), new SGD(model, 10.0)).batchSize(2);
    var e = assertThrows(IllegalStateException.class, () -> t.fit(data, 100));
    assertTrue(e.getMessage().contains("learning rate"), e.getMessage());
  }

  @Test
  void a_single_step_returns_the_loss_before_the_update() {
    Linear model = Linear.of(new double[][] {{2}}, null);
    Trainer t = new Trainer(model, Losses.squaredError(), new SGD(model, 0.1));
    assertEquals(0.5 * 4, t.step(Tensor.matrix(new double[][] {{1}}), Tensor.vector(0)), 0);
    assertEquals(2 - 0.1 * 2, model.weight().item(), 1e-15);
  }

  @Test
  void clipping_and_schedule_options_act_at_every_step_as_on_the_optimizer() {
    Dataset data = Datasets.ring(30, 3L);
    LearningRateSchedule schedule = LearningRateSchedule.cosine(0.3, 0.01, 2, 8);
    GradientClipping clip = GradientClipping.byNorm(0.2);

    Sequential a = MLP.of(2L, Activation.TANH, 2, 4, 1);
    Momentum optA = new Momentum(a, 1.0, 0.5);
    Trainer t = new Trainer(a, Losses.binaryCrossEntropy(), optA).batchSize(8).shuffle(false)
        .gradientClipping(clip).schedule(schedule);
    t.fit(data, 3);
    assertEquals(12, optA.steps());
    assertEquals(schedule.rate(11), optA.learningRate(), 0);
    assertTrue(optA.lastGradientNorm() > 0);

    Sequential b = MLP.of(2L, Activation.TANH, 2, 4, 1);
    Momentum optB = new Momentum(b, 1.0, 0.5);
    int step = 0;
    for (int epoch = 0; epoch < 3; epoch++) {
      for (Batch batch : data.batches(8)) {
        Tensor loss = Losses.binaryCrossEntropy().apply(b.forward(batch.features()), batch.targets());
        Tensor[] g = Autograd.gradients(loss, b.parameterTensors()).toArray();
        Tensor[] clipped = clip.clip(g).gradients();
        optB.setLearningRate(schedule.rate(step++));
        optB.apply(clipped);
      }
    }
    for (int i = 0; i < a.parameters().size(); i++) {
      assertArrayEquals(b.parameters().get(i).value().toArray(), a.parameters().get(i).value().toArray(), 0);
    }
  }

  @Test
  void added_listeners_hear_every_event_and_survive_replacing_the_main_listener() {
    Sequential net = MLP.of(1L, Activation.TANH, 2, 3, 1);
    List<String> events = new ArrayList<>();
    TrainingListener added = new TrainingListener() {
      @Override
      public void batchEnded(int epoch, int batch, int batches, double loss) {
        events.add("b" + epoch + "." + batch);
      }

      @Override
      public void epochEnded(int epoch, int epochs, double meanLoss) {
        events.add("e" + epoch);
      }
    };
    Trainer t = new Trainer(net, Losses.binaryCrossEntropy(), new SGD(net, 0.1)).batchSize(30)
        .addListener(added).listener(null);
    History h = t.fit(Datasets.ring(50, 2L), 2);
    assertEquals(List.of("b1.1", "b1.2", "e1", "b2.1", "b2.2", "e2"), events);
    assertFalse(h.stoppedEarly());
    var e = assertThrows(IllegalArgumentException.class, () -> t.addListener(null));
    assertTrue(e.getMessage().contains("addListener"), e.getMessage());
  }

  @Test
  void a_listener_asking_to_stop_ends_fit_after_that_epoch() {
    Sequential net = MLP.of(1L, Activation.TANH, 2, 3, 1);
    int[] epochsSeen = {0};
    History h = new Trainer(net, Losses.binaryCrossEntropy(), new SGD(net, 0.1))
        .addListener(new TrainingListener() {
          @Override
          public void epochEnded(int epoch, int epochs, double meanLoss) {
            epochsSeen[0] = epoch;
          }

          @Override
          public boolean shouldStop() {
            return epochsSeen[0] >= 3;
          }
        })
        .fit(Datasets.xor(), 10);
    assertEquals(3, h.epochs());
    assertTrue(h.stoppedEarly());
    assertTrue(h.toString().contains("stopped early"), h.toString());
  }
}
