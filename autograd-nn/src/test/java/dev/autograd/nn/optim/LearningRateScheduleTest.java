package dev.autograd.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import dev.autograd.nn.module.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  @Test
  void step_decay_multiplies_by_gamma_every_k_steps() {
    LearningRateSchedule s = LearningRateSchedule.step(0.8, 0.5, 3);
    double expected = 0.8;
    for (int t = 0; t < 20; t++) {
      if (t > 0 && t % 3 == 0) {
        expected *= 0.5;
      }
      assertEquals(expected, s.rate(t), 1e-15 * expected, "step " + t);
    }
    assertEquals(0.8 * 0.125, s.rate(9), 0);
    assertEquals(0.8 * 0.125, s.rate(11), 0);
  }

  @Test
  void exponential_decay_multiplies_by_gamma_at_each_step() {
    LearningRateSchedule s = LearningRateSchedule.exponential(0.2, 0.9);
    double expected = 0.2;
    for (int t = 0; t < 50; t++) {
      assertEquals(expected, s.rate(t), 1e-13 * expected, "step " + t);
      expected *= 0.9;
    }
  }

  @Test
  void cosine_rises_linearly_during_warm_up_then_anneals_to_the_minimum() {
    double max = 0.1;
    double min = 0.001;
    int warmup = 4;
    int decay = 10;
    LearningRateSchedule s = LearningRateSchedule.cosine(max, min, warmup, decay);
    // warm-up: max/4, 2·max/4, 3·max/4, max
    assertEquals(0.025, s.rate(0), 1e-15);
    assertEquals(0.05, s.rate(1), 1e-15);
    assertEquals(0.075, s.rate(2), 1e-15);
    assertEquals(0.1, s.rate(3), 1e-15);
    assertEquals(max, s.rate(4), 1e-15, "annealing starts at the maximum");
    // half way through the annealing, cos(π/2) = 0: the middle of max and min
    assertEquals((max + min) / 2, s.rate(4 + 5), 1e-15);
    for (int t = warmup; t <= warmup + decay; t++) {
      double expected = min + (max - min) * 0.5 * (1 + Math.cos(Math.PI * (t - warmup) / decay));
      assertEquals(expected, s.rate(t), 1e-15, "step " + t);
      if (t > warmup) {
        assertTrue(s.rate(t) < s.rate(t - 1), "decreasing at step " + t);
      }
    }
    assertEquals(min, s.rate(warmup + decay), 1e-15);
    assertEquals(min, s.rate(1000), 0, "stays at the minimum");
    assertEquals(max, LearningRateSchedule.cosine(max, 0, 0, 10).rate(0), 0, "no warm-up");
    assertEquals(0.0, LearningRateSchedule.cosine(max, 0, 0, 10).rate(10), 0);
  }

  @Test
  void an_optimizer_with_a_schedule_uses_rate_t_at_its_step_t_and_reports_it() {
    Tensor w = Tensor.param(new double[] {0}, 1);
    SGD sgd = new SGD(List.of(new Parameter("w", w)), 1.0);
    LearningRateSchedule s = LearningRateSchedule.step(0.5, 0.1, 2);
    sgd.setSchedule(s);
    assertEquals(1.0, sgd.learningRate(), 0, "unchanged until the first step");
    double expected = 0;
    for (int t = 0; t < 5; t++) {
      sgd.step(w.mul(2).sum());            // gradient 2
      expected -= s.rate(t) * 2;
      assertEquals(expected, w.item(), 1e-15, "step " + t);
      assertEquals(s.rate(t), sgd.learningRate(), 0);
    }
    sgd.setSchedule(null);
    sgd.setLearningRate(0.25);
    sgd.step(w.mul(2).sum());
    assertEquals(expected - 0.5, w.item(), 1e-15);
  }

  @Test
  void a_schedule_may_reach_zero_but_never_goes_negative() {
    Tensor w = Tensor.param(new double[] {0}, 1);
    SGD sgd = new SGD(List.of(new Parameter("w", w)), 1.0);
    sgd.setLearningRate(0.0);
    sgd.step(w.mul(2).sum());
    assertEquals(0, w.item(), 0);
    sgd.setSchedule(t -> -0.1);
    var e = assertThrows(IllegalStateException.class, () -> sgd.step(w.mul(2).sum()));
    assertTrue(e.getMessage().contains("-0.1") && e.getMessage().contains("step 1"), e.getMessage());
    var f = assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(-1));
    assertTrue(f.getMessage().contains("setLearningRate"), f.getMessage());
  }

  @Test
  void bad_schedule_parameters_are_refused_naming_the_schedule() {
    var a = assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(0.1, 0.5, 0));
    assertTrue(a.getMessage().contains("step") && a.getMessage().contains("every"), a.getMessage());
    var b = assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.exponential(0.1, 1.5));
    assertTrue(b.getMessage().contains("exponential") && b.getMessage().contains("1.5"), b.getMessage());
    var c = assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(0.1, 0.2, 0, 10));
    assertTrue(c.getMessage().contains("minRate"), c.getMessage());
    var d = assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.exponential(0.1, 0.5).rate(-1));
    assertTrue(d.getMessage().contains("-1"), d.getMessage());
  }
}
