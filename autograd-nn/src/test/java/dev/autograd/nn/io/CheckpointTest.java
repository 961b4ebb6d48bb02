package dev.autograd.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import dev.autograd.nn.loss.Loss;
import dev.autograd.nn.loss.Losses;
import dev.autograd.nn.module.Activation;
import dev.autograd.nn.module.MLP;
import dev.autograd.nn.module.Parameter;
import dev.autograd.nn.module.Sequential;
import dev.autograd.nn.optim.Adam;
import dev.autograd.nn.optim.AdamW;
import dev.autograd.nn.optim.GradientClipping;
import dev.autograd.nn.optim.LearningRateSchedule;
import dev.autograd.nn.optim.Momentum;
import dev.autograd.nn.optim.Optimizer;
import dev.autograd.nn.optim.SGD;
import dev.autograd.DType;
import dev.autograd.nn.module.BatchNorm1d;
import dev.autograd.nn.module.Linear;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  private static final int N = 7;
  private static final int M = 9;
  private static final Loss LOSS = Losses.softmaxCrossEntropy();

  @TempDir Path dir;

  private static Sequential net(long seed) {
    return MLP.of(seed, Activation.TANH, 3, 6, 3);
  }

  /** Batch {@code i} of a fixed stream: features and class labels that depend only on {@code i}. */
  private static Tensor[] batch(int i) {
    Tensor x = Tensor.randn(1000L + i, 5, 3);
    double[] y = new double[5];
    for (int r = 0; r < 5; r++) {
      y[r] = (i + r) % 3;
    }
    return new Tensor[] {x, Tensor.vector(y)};
  }

  private static void train(Sequential net, Optimizer opt, int from, int to) {
    for (int i = from; i < to; i++) {
      Tensor[] b = batch(i);
      opt.step(LOSS.apply(net.forward(b[0]), b[1]));
    }
  }

  private void resumesBitForBit(Function<Sequential, Optimizer> make) throws IOException {
    resumesBitForBit(DType.FLOAT64, make);
  }

  private void resumesBitForBit(DType dtype, Function<Sequential, Optimizer> make) throws IOException {
    Sequential straight = net(1L).to(dtype);
    Optimizer straightOpt = make.apply(straight);
    train(straight, straightOpt, 0, N + M);

    Sequential first = net(1L).to(dtype);
    Optimizer firstOpt = make.apply(first);
    train(first, firstOpt, 0, N);
    Path file = dir.resolve("run.ckpt");
    Checkpoint.save(file, first, firstOpt);

    Sequential resumed = net(2L).to(dtype);         // other initial weights: all must come from the file
    Optimizer resumedOpt = make.apply(resumed);
    Checkpoint.load(file, resumed, resumedOpt);
    assertEquals(N, resumedOpt.steps());
    assertEquals(firstOpt.learningRate(), resumedOpt.learningRate(), 0);
    train(resumed, resumedOpt, N, N + M);

    List<Parameter> a = straight.parameters();
    List<Parameter> b = resumed.parameters();
    for (int i = 0; i < a.size(); i++) {
      assertEquals(dtype, b.get(i).value().dtype(), a.get(i).name());
      assertEquals(0, a.get(i).value().maxAbsDiff(b.get(i).value()), a.get(i).name());
      assertArrayEquals(a.get(i).value().toArray(), b.get(i).value().toArray(), 0, a.get(i).name());
    }
    assertEquals(straightOpt.steps(), resumedOpt.steps());
    assertEquals(straightOpt.learningRate(), resumedOpt.learningRate(), 0);

    // without the optimizer state (parameters only), the continuation differs
    Sequential paramsOnly = net(2L).to(dtype);
    Optimizer freshOpt = make.apply(paramsOnly);
    ParameterStore.copyInto(Checkpoint.read(file).parameters(), ParameterStore.state(paramsOnly));
    train(paramsOnly, freshOpt, N, N + M);
    assertTrue(straight.parameters().get(0).value().maxAbsDiff(paramsOnly.parameters().get(0).value()) > 0,
        "the optimizer state matters, so the test can fail");
  }

  @Test
  void adam_with_a_cosine_schedule_resumes_exactly() throws IOException {
    resumesBitForBit(net -> {
      Adam adam = new Adam(net, 0.05);
      adam.setSchedule(LearningRateSchedule.cosine(0.05, 0.001, 3, 10));
      return adam;
    });
  }

  @Test
  void adamw_with_clipping_and_a_step_schedule_resumes_exactly() throws IOException {
    resumesBitForBit(net -> {
      AdamW adamw = new AdamW(net, 0.05, 0.1);
      adamw.setSchedule(LearningRateSchedule.step(0.05, 0.5, 4));
      adamw.setGradientClipping(GradientClipping.byNorm(0.5));
      return adamw;
    });
  }

  @Test
  void a_float32_run_with_adamw_and_clipping_resumes_bit_for_bit() throws IOException {
    resumesBitForBit(DType.FLOAT32, net -> {
      AdamW adamw = new AdamW(net, 0.05, 0.1);
      adamw.setGradientClipping(GradientClipping.byNorm(0.5));
      return adamw;
    });
  }

  @Test
  void a_float32_run_with_momentum_resumes_bit_for_bit() throws IOException {
    resumesBitForBit(DType.FLOAT32, net -> new Momentum(net, 0.1, 0.9, 1e-3));
  }

  /**
   * {@code src/test/resources/io/checkpoint-v1.agckpt} was written by the version-1 code (before
   * float32): the network below after one step of {@code Momentum(net, 0.1, 0.9)} on {@link #V1_INPUT}.
   */
  private static Sequential v1Net() {
    return new Sequential(Linear.of(new double[][] {{0.5, -1.25, 2.0}, {0.125, 3.0, -0.75}}, new double[] {0.1, 0.2, 0.3}),
        Activation.TANH, new BatchNorm1d(3));
  }

  private static final double[][] V1_INPUT = {{1, 2}, {3, -1}, {0.5, 0.25}};

  @Test
  void a_version_1_checkpoint_still_loads_and_resumes() throws Exception {
    Path v1 = Path.of(CheckpointTest.class.getResource("/io/checkpoint-v1.agckpt").toURI());
    Sequential expected = v1Net();
    Momentum expectedOpt = new Momentum(expected, 0.1, 0.9);
    expectedOpt.step(expected.forward(Tensor.of(V1_INPUT)).square().sum());

    Sequential loaded = v1Net();
    Momentum loadedOpt = new Momentum(loaded, 0.1, 0.9);
    Checkpoint.load(v1, loaded, loadedOpt);
    assertEquals(1, loadedOpt.steps());
    for (int i = 0; i < expected.parameters().size(); i++) {
      assertArrayEquals(expected.parameters().get(i).value().toArray(), loaded.parameters().get(i).value().toArray(), 0);
    }
    assertArrayEquals(expected.buffers().get(0).value().toArray(), loaded.buffers().get(0).value().toArray(), 0);
    expectedOpt.step(expected.forward(Tensor.of(V1_INPUT)).square().sum());
    loadedOpt.step(loaded.forward(Tensor.of(V1_INPUT)).square().sum());
    assertArrayEquals(expected.parameters().get(0).value().toArray(), loaded.parameters().get(0).value().toArray(), 0,
        "the velocities came from the file");
  }

  @Test
  void momentum_with_decay_and_an_exponential_schedule_resumes_exactly() throws IOException {
    resumesBitForBit(net -> {
      Momentum m = new Momentum(net, 0.1, 0.9, 1e-3);
      m.setSchedule(LearningRateSchedule.exponential(0.1, 0.9));
      return m;
    });
  }

  @Test
  void the_file_holds_the_moments_and_the_step_count_in_the_documented_layout() throws IOException {
    Sequential net = net(1L);
    Adam adam = new Adam(net, 0.01);
    train(net, adam, 0, 3);
    Path file = dir.resolve("a.ckpt");
    Checkpoint.save(file, net, adam);
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte[] magic = new byte[8];
    b.get(magic);
    assertEquals("AGCHECKP", new String(magic, StandardCharsets.US_ASCII));
    assertEquals(2, b.getInt());
    long length = b.getLong();
    assertEquals(24 + length, bytes.length);

    Checkpoint c = Checkpoint.read(file);
    assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(c.parameters().keySet()));
    assertArrayEquals(net.parameters().get(0).value().toArray(), c.parameters().get("0.weight").toArray(), 0);
    Optimizer.Snapshot s = c.optimizer();
    assertEquals(Adam.class.getName(), s.optimizer());
    assertEquals(3, s.steps());
    assertEquals(0.01, s.learningRate(), 0);
    assertEquals(8, s.arrayCount(), "m and v for each of four parameters");
    assertEquals(3 * 6, s.array(0).length);
    assertTrue(Arrays.stream(s.array(4)).allMatch(v -> v > 0), "second moments are positive after steps");
    assertArrayEquals(adam.stateSnapshot().array(4), s.array(4), 0);
  }

  @Test
  void a_checkpoint_of_another_optimizer_or_model_is_refused_and_nothing_changes() throws IOException {
    Sequential net = net(1L);
    Adam adam = new Adam(net, 0.01);
    train(net, adam, 0, 2);
    Path file = dir.resolve("a.ckpt");
    Checkpoint.save(file, net, adam);

    Sequential other = net(3L);
    double[] before = other.parameters().get(0).value().toArray();
    Momentum momentum = new Momentum(other, 0.1);
    var e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(file, other, momentum));
    assertTrue(e.getMessage().contains("a.ckpt") && e.getMessage().contains(Adam.class.getName()), e.getMessage());
    assertArrayEquals(before, other.parameters().get(0).value().toArray(), 0, "model unchanged");
    assertEquals(0, momentum.steps());

    Sequential wider = MLP.of(1L, Activation.TANH, 3, 7, 3);
    Adam widerAdam = new Adam(wider, 0.01);
    var f = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(file, wider, widerAdam));
    assertTrue(f.getMessage().contains("'0.weight' has shape [3, 6] in the file but [3, 7]"), f.getMessage());
    assertEquals(0, widerAdam.steps());

    Sequential same = net(3L);
    SGD sgd = new SGD(List.of(same.parameters().get(0)), 0.1);
    var g = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(file, same, sgd));
    assertTrue(g.getMessage().contains("SGD"), g.getMessage());
  }

  @Test
  void damaged_files_and_parameter_files_are_refused_as_such() throws IOException {
    Sequential net = net(1L);
    SGD sgd = new SGD(net, 0.1);
    Path file = dir.resolve("s.ckpt");
    Checkpoint.save(file, net, sgd);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(file, bytes);
    var e = assertThrows(ParameterFileException.class, () -> Checkpoint.read(file));
    assertTrue(e.getMessage().startsWith("s.ckpt: corrupted: checksum mismatch"), e.getMessage());

    Path params = dir.resolve("m.params");
    ParameterStore.save(net, params);
    var f = assertThrows(ParameterFileException.class, () -> Checkpoint.load(params, net, sgd));
    assertTrue(f.getMessage().contains("not an autograd checkpoint"), f.getMessage());
    Checkpoint.save(file, net, sgd);
    var g = assertThrows(ParameterFileException.class, () -> ParameterStore.load(net, file));
    assertTrue(g.getMessage().contains("not an autograd parameter file"), g.getMessage());
    byte[] good = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(good, good.length - 5));
    var h = assertThrows(ParameterFileException.class, () -> Checkpoint.read(file));
    assertTrue(h.getMessage().contains("truncated"), h.getMessage());
  }
}
