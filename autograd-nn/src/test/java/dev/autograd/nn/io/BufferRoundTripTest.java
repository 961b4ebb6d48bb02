package dev.autograd.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import dev.autograd.nn.loss.Losses;
import dev.autograd.nn.module.BatchNorm2d;
import dev.autograd.nn.module.Conv2d;
import dev.autograd.nn.module.Dropout;
import dev.autograd.nn.module.Flatten;
import dev.autograd.nn.module.Linear;
import dev.autograd.nn.module.MaxPool2d;
import dev.autograd.nn.module.Sequential;
import dev.autograd.nn.optim.Adam;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A convolutional network's parameters and running statistics survive every parameter file format. */
class BufferRoundTripTest {
  @TempDir Path dir;

  private static Sequential net(long seed) {
    return new Sequential(new Conv2d(1, 4, 3, 1, 1, seed), new BatchNorm2d(4), new MaxPool2d(2), new Flatten(),
        new Dropout(0.2, seed), new Linear(4 * 3 * 3, 3, seed));
  }

  /** A few training steps, so that the running statistics are not at their start values. */
  private static Sequential trained() {
    Sequential m = net(1L);
    Adam adam = new Adam(m, 0.01);
    for (int i = 0; i < 3; i++) {
      adam.step(Losses.softmaxCrossEntropy().apply(m.forward(Tensor.randn(i, 8, 1, 6, 6)),
          Tensor.vector(0, 1, 2, 0, 1, 2, 0, 1)));
    }
    return m.eval();
  }

  private static void assertSameState(Sequential a, Sequential b) {
    Tensor x = Tensor.randn(9, 5, 1, 6, 6);
    a.eval();
    b.eval();
    assertArrayEquals(a.predict(x).toArray(), b.predict(x).toArray(), 0);
    for (int i = 0; i < a.buffers().size(); i++) {
      assertArrayEquals(a.buffers().get(i).value().toArray(), b.buffers().get(i).value().toArray(), 0);
    }
  }

  @Test
  void the_state_is_the_parameters_then_the_buffers() {
    assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "5.weight", "5.bias", "1.running_mean",
        "1.running_var"), List.copyOf(ParameterStore.state(net(1L)).keySet()));
  }

  @Test
  void parameter_store_round_trips_running_statistics() throws Exception {
    Sequential a = trained();
    Path file = dir.resolve("cnn.params");
    ParameterStore.save(a, file);
    assertTrue(ParameterStore.read(file).containsKey("1.running_var"));
    Sequential b = net(2L);
    ParameterStore.load(b, file);
    assertSameState(a, b);
  }

  @Test
  void checkpoint_round_trips_running_statistics() throws Exception {
    Sequential a = trained();
    Path file = dir.resolve("cnn.ckpt");
    Checkpoint.save(file, a, new Adam(a, 0.01));
    Sequential b = net(2L);
    Checkpoint.load(file, b, new Adam(b, 0.01));
    assertSameState(a, b);
  }

  @Test
  void safetensors_round_trips_running_statistics() throws Exception {
    Sequential a = trained();
    Path file = dir.resolve("cnn.safetensors");
    SafeTensors.save(a, file);
    assertTrue(SafeTensors.read(file).containsKey("1.running_mean"));
    Sequential b = net(2L);
    SafeTensors.load(b, file);
    assertSameState(a, b);
  }

  @Test
  void a_file_without_the_buffers_does_not_fit() throws Exception {
    Sequential a = trained();
    Path file = dir.resolve("params-only.params");
    ParameterStore.save(a.parameters(), file);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> ParameterStore.load(net(2L), file));
    assertEquals("load params-only.params: the file holds parameters [0.weight, 0.bias, 1.weight, 1.bias, 5.weight, "
        + "5.bias] but the model has [0.weight, 0.bias, 1.weight, 1.bias, 5.weight, 5.bias, 1.running_mean, "
        + "1.running_var]", e.getMessage());
  }
}
