package dev.autograd.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DomainTest {

  @Test
  void samples_are_admitted_and_come_from_the_sampling_range() {
    SplittableRandom rng = new SplittableRandom(3);
    Domain d = Domain.range(-0.7, 8).sampling(-0.5, 2).awayFrom(0.1, 0);
    for (int i = 0; i < 100; i++) {
      Tensor t = d.sample(rng, 4, 3);
      assertTrue(d.admits(t));
      for (double v : t.toArray()) {
        assertTrue(v >= -0.5 && v < 2 && Math.abs(v) >= 0.1, "value " + v);
      }
    }
  }

  @Test
  void admits_checks_range_margins_and_ties() {
    Domain positive = Domain.positive();
    assertTrue(positive.admits(0.1));
    assertFalse(positive.admits(0.05));
    assertFalse(positive.admits(Double.NaN));
    Domain noTies = Domain.real().distinct(0.01);
    assertFalse(noTies.admits(Tensor.vector(1, 1.005)));
    assertTrue(noTies.admits(Tensor.vector(1, 1.02)));
    assertTrue(noTies.admits(Tensor.scalar(3)));
  }

  @Test
  void inconsistent_domains_are_rejected_with_a_reason() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Domain.range(2, 1));
    assertTrue(e.getMessage().contains("lo <= sampleLo < sampleHi <= hi"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Domain.positive().sampling(-1, 1));
    assertThrows(IllegalArgumentException.class, () -> Domain.real().awayFrom(0));
  }
}
