package dev.autograd.nn.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.NN;
import dev.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddingTest {

  @Test
  void forward_is_nn_embedding_of_the_whole_number_indices() {
    Embedding e = new Embedding(10, 4, 2L);
    Tensor idx = Tensor.wrap(new double[] {3, 0, 9, 3, 1, 2}, 2, 3);
    Tensor y = e.forward(idx);
    assertArrayEquals(new int[] {2, 3, 4}, y.shape());
    assertEquals(0, y.maxAbsDiff(NN.embedding(new int[] {3, 0, 9, 3, 1, 2}, new int[] {2, 3}, e.weight())));
    assertEquals(0, e.lookup(3, 0).maxAbsDiff(NN.embedding(new int[] {3, 0}, e.weight())));
  }

  @Test
  void weight_is_named_seeded_and_gets_gradients_for_looked_up_rows() {
    Embedding e = new Embedding(5, 3, 4L);
    assertEquals(List.of("weight"), e.parameters().stream().map(Parameter::name).toList());
    assertEquals(15, e.parameterCount());
    assertEquals(0, e.weight().maxAbsDiff(new Embedding(5, 3, 4L).weight()));
    e.lookup(1, 1, 4).sum().backward();
    assertArrayEquals(new double[] {0, 0, 0, 2, 2, 2, 0, 0, 0, 0, 0, 0, 1, 1, 1}, e.weight().grad().toArray(), 0);
    assertTrue(e.weight().requiresGrad());
  }

  @Test
  void bad_arguments_and_indices_are_refused_with_messages() {
    assertEquals("Embedding: needs at least one row and one column; got count = 0, dim = 3",
        assertThrows(IllegalArgumentException.class, () -> new Embedding(0, 3, 1L)).getMessage());
    Embedding e = new Embedding(4, 2, 1L);
    assertEquals("Embedding(4, 2): indices must be whole numbers; got 1.5 at position 1",
        assertThrows(IllegalArgumentException.class, () -> e.forward(Tensor.vector(0, 1.5))).getMessage());
    assertEquals("embedding: index 4 at position 0 is out of range for a weight of 4 rows (expected 0 .. 3)",
        assertThrows(IndexOutOfBoundsException.class, () -> e.lookup(4)).getMessage());
  }
}
