package dev.autograd.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.nn.data.Dataset;
import dev.autograd.nn.data.Datasets;
import dev.autograd.nn.eval.Metrics;
import dev.autograd.nn.loss.Losses;
import dev.autograd.nn.module.Activation;
import dev.autograd.nn.module.MLP;
import dev.autograd.nn.module.Parameter;
import dev.autograd.nn.module.Sequential;
import dev.autograd.nn.optim.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

  /** Plays back the given metric values, one per call. */
  private static DoubleSupplier script(double... values) {
    int[] next = {0};
    return () -> values[next[0]++];
  }

  private static Sequential net() {
    return MLP.of(3L, Activation.TANH, 2, 4, 1);
  }

  private static Trainer trainer(Sequential net) {
    return new Trainer(net, Losses.binaryCrossEntropy(), new SGD(net, 0.1)).batchSize(10).seed(1L);
  }

  @Test
  void minimising_stops_after_patience_epochs_without_improvement() {
    // best at epoch 3 (value 2); epochs 4 and 5 do not improve on it: stop after epoch 5
    EarlyStopping stop = EarlyStopping.minimize(script(5, 4, 2, 2.5, 2.1, 1, 1, 1)).patience(2);
    Sequential net = net();
    History h = trainer(net).addListener(stop).fit(Datasets.ring(40, 1L), 8);
    assertEquals(5, h.epochs());
    assertTrue(h.stoppedEarly());
    assertEquals(5, stop.stoppedEpoch());
    assertEquals(3, stop.bestEpoch());
    assertEquals(2, stop.bestValue(), 0);
    assertArrayEquals(new double[] {5, 4, 2, 2.5, 2.1}, stop.values(), 0);
  }

  @Test
  void an_improvement_smaller_than_min_delta_does_not_count() {
    // 0.95 and 0.92 beat 1.0 by less than 0.1; 0.85 beats it by more
    EarlyStopping strict = EarlyStopping.minimize(script(1.0, 0.95, 0.92, 0.85, 0.84, 0.83, 0.8)).patience(3).minDelta(0.1);
    History h = trainer(net()).addListener(strict).fit(Datasets.ring(40, 1L), 7);
    assertEquals(7, h.epochs(), "epoch 4 improved, so three more epochs are allowed");
    assertFalse(h.stoppedEarly());
    assertEquals(4, strict.bestEpoch());

    EarlyStopping tight = EarlyStopping.minimize(script(1.0, 0.95, 0.92, 0.85)).patience(2).minDelta(0.1);
    History g = trainer(net()).addListener(tight).fit(Datasets.ring(40, 1L), 10);
    assertEquals(3, g.epochs());
    assertEquals(1, tight.bestEpoch());
  }

  @Test
  void maximising_waits_for_the_metric_to_stop_rising() {
    EarlyStopping stop = EarlyStopping.maximize(script(0.5, 0.7, 0.9, 0.9, 0.6, 0.95)).patience(2);
    History h = trainer(net()).addListener(stop).fit(Datasets.ring(40, 1L), 6);
    assertEquals(5, h.epochs());
    assertEquals(3, stop.bestEpoch());
    assertEquals(0.9, stop.bestValue(), 0);
  }

  @Test
  void restoring_copies_back_the_parameters_of_the_best_epoch() {
    restoresTheBestEpoch(net());
  }

  @Test
  void restoring_copies_back_the_parameters_of_a_float32_model_exactly() {
    Sequential net = net().to(DType.FLOAT32);
    restoresTheBestEpoch(net);
    assertEquals(DType.FLOAT32, net.parameters().get(0).value().dtype());
  }

  private static void restoresTheBestEpoch(Sequential net) {
    List<double[][]> snapshots = new ArrayList<>();
    EarlyStopping stop = EarlyStopping.minimize(script(3, 1, 2, 2, 2)).patience(3).restoreBest(net);
    Trainer t = trainer(net)
        .listener(new TrainingListener() {
          @Override
          public void epochEnded(int epoch, int epochs, double meanLoss) {
            snapshots.add(values(net));   // heard before the added listener
          }
        })
        .addListener(stop);
    History h = t.fit(Datasets.ring(40, 1L), 10);
    assertEquals(5, h.epochs());
    assertEquals(2, stop.bestEpoch());
    double[][] best = snapshots.get(1);
    double[][] last = snapshots.get(4);
    double[][] now = values(net);
    for (int i = 0; i < best.length; i++) {
      assertArrayEquals(best[i], now[i], 0, "parameter " + i);
    }
    assertTrue(differ(last, best), "training moved the parameters after the best epoch");
  }

  @Test
  void with_a_real_validation_loss_training_ends_and_the_model_is_the_best_one_seen() {
    Dataset train = Datasets.ring(60, 4L);
    Dataset validation = Datasets.ring(60, 5L);
    Sequential net = net();
    EarlyStopping stop = EarlyStopping.minimize(() -> Metrics.loss(net, Losses.binaryCrossEntropy(), validation))
        .patience(2).minDelta(0.05).restoreBest(net);
    History h = new Trainer(net, Losses.binaryCrossEntropy(), new SGD(net, 0.05)).batchSize(10).seed(2L)
        .addListener(stop).fit(train, 500);
    assertTrue(h.stoppedEarly() && h.epochs() < 500, h.toString());
    assertEquals(h.epochs(), stop.stoppedEpoch());
    assertEquals(stop.bestValue(), Metrics.loss(net, Losses.binaryCrossEntropy(), validation), 0);
  }

  @Test
  void a_stopped_listener_stays_stopped_until_reset() {
    EarlyStopping stop = EarlyStopping.minimize(script(1, 2, 3, 4)).patience(1);
    Trainer t = trainer(net()).addListener(stop);
    assertEquals(2, t.fit(Datasets.ring(40, 1L), 5).epochs());
    assertEquals(1, t.fit(Datasets.ring(40, 1L), 5).epochs());
    stop.reset();
    assertFalse(stop.stopped());
    assertEquals(0, stop.bestEpoch());
    assertEquals(2, t.fit(Datasets.ring(40, 1L), 5).epochs());
    t.removeListener(stop);
    assertEquals(3, t.fit(Datasets.ring(40, 1L), 3).epochs());
  }

  @Test
  void bad_settings_are_refused() {
    assertThrows(IllegalArgumentException.class, () -> EarlyStopping.minimize(null));
    var e = assertThrows(IllegalArgumentException.class, () -> EarlyStopping.maximize(() -> 0).patience(0));
    assertTrue(e.getMessage().contains("patience"), e.getMessage());
    var f = assertThrows(IllegalArgumentException.class, () -> EarlyStopping.maximize(() -> 0).minDelta(-1));
    assertTrue(f.getMessage().contains("minDelta"), f.getMessage());
    var g = assertThrows(IllegalStateException.class, () -> EarlyStopping.maximize(() -> 0).restoreBest());
    assertTrue(g.getMessage().contains("restoreBest"), g.getMessage());
  }

  private static double[][] values(Sequential net) {
    List<Parameter> ps = net.parameters();
    double[][] out = new double[ps.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = ps.get(i).value().toArray();
    }
    return out;
  }

  private static boolean differ(double[][] a, double[][] b) {
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        if (a[i][j] != b[i][j]) {
          return true;
        }
      }
    }
    return false;
  }
}
