package dev.autograd.nn.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.GradMode;
import dev.autograd.Tensor;
import dev.autograd.nn.data.Dataset;
import dev.autograd.nn.loss.Losses;
import dev.autograd.nn.module.Linear;
import dev.autograd.nn.module.Module;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private static final Dataset DATA =
      Dataset.of(new double[][] {{2}, {-1}, {0.5}, {-3}}, new int[] {1, 0, 0, 0});

  @Test
  void accuracy_counts_matching_labels() {
    assertEquals(0.75, Metrics.accuracy(new int[] {1, 0, 1, 1}, new int[] {1, 0, 0, 1}), 0);
    var e = assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(new int[] {1}, new int[] {1, 0}));
    assertTrue(e.getMessage().contains("1 and 2"), e.getMessage());
  }

  @Test
  void model_accuracy_reads_logits_by_default() {
    Module identity = x -> x;
    // logits 2, −1, 0.5, −3 → labels 1, 0, 1, 0; truth 1, 0, 0, 0
    assertEquals(0.75, Metrics.accuracy(identity, DATA), 0);
    // as probabilities (threshold ½): 1, 0, 0, 0
    assertEquals(1.0, Metrics.accuracy(identity, DATA, Decision.PROBABILITIES), 0);
  }

  @Test
  void loss_on_a_data_set_records_no_graph_and_equals_the_loss_of_all_rows() {
    Linear model = Linear.of(new double[][] {{1.5}}, new double[] {0.2});
    boolean[] recording = new boolean[1];
    Module spy = x -> {
      recording[0] = GradMode.isGradEnabled();
      return model.forward(x);
    };
    double l = Metrics.loss(spy, Losses.binaryCrossEntropy(), DATA);
    assertTrue(!recording[0], "evaluated under no-grad");
    double expected = Losses.binaryCrossEntropy().apply(model.forward(DATA.features()), DATA.targets()).item();
    assertEquals(expected, l, 0);
  }

  @Test
  void confusion_of_a_model_counts_actual_against_predicted() {
    ConfusionMatrix c = Metrics.confusion(x -> x, DATA, Decision.LOGITS);
    assertEquals(1, c.count(1, 1));
    assertEquals(1, c.count(0, 1));
    assertEquals(2, c.count(0, 0));
    assertEquals(0, c.count(1, 0));
  }
}
