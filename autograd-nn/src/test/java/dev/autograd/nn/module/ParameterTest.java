package dev.autograd.nn.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import org.junit.jupiter.api.Test;

class ParameterTest {
  private static final Tensor LEAF = Tensor.param(new double[] {1, 2}, 2);

  @Test
  void prefixing_builds_a_dotted_path_to_the_same_tensor() {
    Parameter p = new Parameter("weight", LEAF).prefixed("3").prefixed("encoder");
    assertEquals("encoder.3.weight", p.name());
    assertSame(LEAF, p.value());
  }

  @Test
  void names_must_be_dotted_paths_of_word_characters() {
    for (String bad : new String[] {"", "a b", ".w", "w.", "a..b", "w-1"}) {
      var e = assertThrows(IllegalArgumentException.class, () -> new Parameter(bad, LEAF), bad);
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
  }

  @Test
  void a_tensor_that_needs_no_gradient_or_was_computed_is_refused() {
    var constant = assertThrows(IllegalArgumentException.class, () -> new Parameter("w", Tensor.ones(2)));
    assertTrue(constant.getMessage().contains("a leaf without requiresGrad"), constant.getMessage());
    var computed = assertThrows(IllegalArgumentException.class, () -> new Parameter("w", LEAF.mul(2)));
    assertTrue(computed.getMessage().contains("a computed tensor"), computed.getMessage());
  }
}
