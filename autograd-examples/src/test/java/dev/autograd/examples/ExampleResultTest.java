package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleResultTest {

  private final ExampleResult result = new ExampleResult.Builder("xor", "5. XOR")
      .metric("accuracy", 1.0)
      .metric("loss", 0.01)
      .file(Path.of("out", "5-xor.png"))
      .line("learned")
      .build();

  @Test
  void metrics_keep_their_order_and_values() {
    assertEquals(List.of("accuracy", "loss"), List.copyOf(result.metrics().keySet()));
    assertEquals(0.01, result.metric("loss"));
  }

  @Test
  void asking_for_a_missing_metric_lists_the_recorded_ones() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> result.metric("acc"));
    assertTrue(e.getMessage().contains("'acc'") && e.getMessage().contains("[accuracy, loss]"), e.getMessage());
  }

  @Test
  void files_are_found_by_name() {
    assertEquals(Path.of("out", "5-xor.png"), result.file("5-xor.png"));
    assertThrows(IllegalArgumentException.class, () -> result.file("6-ring.png"));
  }

  @Test
  void result_cannot_be_changed_afterwards() {
    assertThrows(UnsupportedOperationException.class, () -> result.metrics().put("x", 1.0));
    assertThrows(UnsupportedOperationException.class, () -> result.files().add(Path.of("x")));
  }
}
