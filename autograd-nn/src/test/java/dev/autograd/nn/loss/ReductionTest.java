package dev.autograd.nn.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autograd.Tensor;
import org.junit.jupiter.api.Test;

class ReductionTest {

  @Test
  void mean_divides_the_sum_by_the_number_of_examples_not_of_elements() {
    Tensor terms = Tensor.matrix(new double[][] {{1, 2}, {3, 4}});
    assertEquals(10.0, Reduction.SUM.reduce(terms).item(), 0);
    assertEquals(5.0, Reduction.MEAN.reduce(terms).item(), 0);
  }

  @Test
  void a_scalar_term_is_one_example() {
    assertEquals(7.0, Reduction.MEAN.reduce(Tensor.scalar(7)).item(), 0);
    assertEquals(7.0, Reduction.SUM.reduce(Tensor.scalar(7)).item(), 0);
  }
}
