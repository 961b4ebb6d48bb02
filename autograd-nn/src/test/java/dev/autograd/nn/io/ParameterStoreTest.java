package dev.autograd.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.nn.module.BatchNorm1d;
import dev.autograd.nn.module.Linear;
import dev.autograd.nn.module.Activation;
import dev.autograd.nn.module.MLP;
import dev.autograd.nn.module.Parameter;
import dev.autograd.nn.module.Sequential;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParameterStoreTest {
  @TempDir Path dir;

  private static Sequential net(long seed) {
    return MLP.of(seed, Activation.TANH, 3, 5, 2);
  }

  @Test
  void save_then_load_gives_identical_predictions() throws IOException {
    Sequential trained = net(1L);
    Path file = dir.resolve("model.params");
    ParameterStore.save(trained, file);
    Sequential fresh = net(2L);
    Tensor x = Tensor.randn(3, 10, 3);
    assertTrue(fresh.predict(x).maxAbsDiff(trained.predict(x)) > 0);
    ParameterStore.load(fresh, file);
    assertArrayEquals(trained.predict(x).toArray(), fresh.predict(x).toArray(), 0);
  }

  @Test
  void the_file_follows_the_documented_layout() throws IOException {
    Path file = dir.resolve("m.params");
    Sequential m = net(1L);
    ParameterStore.save(m, file);
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte[] magic = new byte[8];
    b.get(magic);
    assertEquals("AGPARAMS", new String(magic, java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(2, b.getInt());
    long length = b.getLong();
    assertEquals(24 + length, bytes.length);
    assertEquals(4, b.getInt());                     // parameters
    byte[] name = new byte[b.getShort()];
    b.get(name);
    assertEquals("0.weight", new String(name, java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(0, b.get());                        // float64
    assertEquals(2, b.getInt());
    assertEquals(3, b.getInt());
    assertEquals(5, b.getInt());
    assertEquals(m.parameters().get(0).value().get(0, 0), b.getDouble(), 0);
    Map<String, Tensor> read = ParameterStore.read(file);
    assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(read.keySet()));
  }

  @Test
  void loading_into_a_model_of_another_shape_names_the_parameter_and_both_shapes() throws IOException {
    Path file = dir.resolve("m.params");
    ParameterStore.save(net(1L), file);
    Sequential wider = MLP.of(1L, Activation.TANH, 3, 6, 2);
    double[] before = wider.parameters().get(0).value().toArray();
    var e = assertThrows(IllegalArgumentException.class, () -> ParameterStore.load(wider, file));
    assertEquals("load m.params: parameter '0.weight' has shape [3, 5] in the file but [3, 6] in the model", e.getMessage());
    assertArrayEquals(before, wider.parameters().get(0).value().toArray(), 0, "model unchanged");
  }

  @Test
  void loading_into_a_model_with_other_parameters_lists_both_sets() throws IOException {
    Path file = dir.resolve("m.params");
    ParameterStore.save(net(1L), file);
    Sequential deeper = MLP.of(1L, Activation.TANH, 3, 5, 5, 2);
    var e = assertThrows(IllegalArgumentException.class, () -> ParameterStore.load(deeper, file));
    assertTrue(e.getMessage().contains("the file holds parameters [0.weight, 0.bias, 2.weight, 2.bias]")
        && e.getMessage().contains("4.bias"), e.getMessage());
  }

  @Test
  void a_corrupted_byte_fails_the_checksum() throws IOException {
    Path file = dir.resolve("m.params");
    ParameterStore.save(net(1L), file);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(file, bytes);
    var e = assertThrows(ParameterFileException.class, () -> ParameterStore.load(net(2L), file));
    assertTrue(e.getMessage().startsWith("m.params: corrupted: checksum mismatch"), e.getMessage());
  }

  @Test
  void a_truncated_file_says_how_many_bytes_are_missing() throws IOException {
    Path file = dir.resolve("m.params");
    ParameterStore.save(net(1L), file);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 10));
    var e = assertThrows(ParameterFileException.class, () -> ParameterStore.load(net(2L), file));
    assertEquals(
        "m.params: truncated: the header promises " + bytes.length + " bytes but the file has " + (bytes.length - 10),
        e.getMessage());
    Files.write(file, Arrays.copyOf(bytes, 12));
    var h = assertThrows(ParameterFileException.class, () -> ParameterStore.read(file));
    assertTrue(h.getMessage().contains("truncated: the header needs 20 bytes but the file has 12"), h.getMessage());
    Files.write(file, new byte[0]);
    var z = assertThrows(ParameterFileException.class, () -> ParameterStore.read(file));
    assertTrue(z.getMessage().contains("truncated: the file is empty"), z.getMessage());
  }

  @Test
  void trailing_bytes_other_files_and_other_versions_are_refused() throws IOException {
    Path file = dir.resolve("m.params");
    ParameterStore.save(net(1L), file);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length + 3));
    var t = assertThrows(ParameterFileException.class, () -> ParameterStore.read(file));
    assertTrue(t.getMessage().contains("corrupted: 3 unexpected bytes after the checksum"), t.getMessage());

    Files.writeString(file, "weights: 1 2 3\n");
    var n = assertThrows(ParameterFileException.class, () -> ParameterStore.read(file));
    assertTrue(n.getMessage().contains("not an autograd parameter file"), n.getMessage());

    byte[] v3 = bytes.clone();
    v3[11] = 3;
    Files.write(file, v3);
    var v = assertThrows(ParameterFileException.class, () -> ParameterStore.read(file));
    assertTrue(v.getMessage().contains("unsupported format version 3 (this library reads versions 1 to 2)"), v.getMessage());
  }

  @Test
  void saving_replaces_an_existing_file_and_leaves_no_temporary_file() throws IOException {
    Path file = dir.resolve("m.params");
    Files.writeString(file, "old contents");
    ParameterStore.save(net(1L), file);
    ParameterStore.save(net(3L), file);
    Sequential loaded = net(4L);
    ParameterStore.load(loaded, file);
    assertArrayEquals(net(3L).parameters().get(0).value().toArray(), loaded.parameters().get(0).value().toArray(), 0);
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void a_failed_save_keeps_the_previous_file_intact() throws IOException {
    Path file = dir.resolve("m.params");
    ParameterStore.save(net(1L), file);
    byte[] before = Files.readAllBytes(file);
    // a name longer than the format's 16-bit length field cannot be encoded
    Parameter huge = new Parameter("w".repeat(40_000), Tensor.param(new double[] {1}, 1));
    var e = assertThrows(IllegalArgumentException.class, () -> ParameterStore.save(List.of(huge), file));
    assertTrue(e.getMessage().contains("name longer than"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void a_failed_rename_leaves_no_temporary_file_behind() throws IOException {
    Path target = dir.resolve("occupied");
    Files.createDirectories(target.resolve("inside"));
    assertThrows(IOException.class, () -> ParameterStore.save(net(1L), target));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(target), files.toList());
    }
  }

  @Test
  void a_float32_model_round_trips_bit_for_bit_as_float32() throws IOException {
    Path file = dir.resolve("f32.params");
    Sequential trained = net(1L).to(DType.FLOAT32);
    ParameterStore.save(trained, file);
    Map<String, Tensor> read = ParameterStore.read(file);
    for (Parameter p : trained.parameters()) {
      assertEquals(DType.FLOAT32, read.get(p.name()).dtype(), p.name());
      assertArrayEquals(p.value().floatStorage(), read.get(p.name()).floatStorage(), 0f, p.name());
    }
    Sequential fresh = net(2L).to(DType.FLOAT32);
    ParameterStore.load(fresh, file);
    for (int i = 0; i < fresh.parameters().size(); i++) {
      assertEquals(DType.FLOAT32, fresh.parameters().get(i).value().dtype());
      assertArrayEquals(trained.parameters().get(i).value().floatStorage(), fresh.parameters().get(i).value().floatStorage(), 0f);
    }
    // 4 bytes a value: 3·5 + 5 + 5·2 + 2 = 32 values
    Path f64 = dir.resolve("f64.params");
    ParameterStore.save(net(1L), f64);
    assertEquals(32 * 4, Files.size(f64) - Files.size(file));
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
    b.position(8 + 4 + 8 + 4);
    b.position(b.position() + 2 + b.getShort(b.position()));
    assertEquals(1, b.get(), "precision byte of a float32 tensor");
  }

  @Test
  void values_are_converted_to_the_precision_of_the_model_they_load_into() throws IOException {
    Path file = dir.resolve("m.params");
    Sequential m64 = net(1L);
    ParameterStore.save(m64, file);
    Sequential m32 = net(2L).to(DType.FLOAT32);
    ParameterStore.load(m32, file);
    double[] w = m64.parameters().get(0).value().toArray();
    float[] w32 = m32.parameters().get(0).value().floatStorage();
    for (int i = 0; i < w.length; i++) {
      assertEquals((float) w[i], w32[i], 0f);
    }
    Path file32 = dir.resolve("m32.params");
    ParameterStore.save(m32, file32);
    Sequential back = net(3L);
    ParameterStore.load(back, file32);
    assertEquals(DType.FLOAT64, back.parameters().get(0).value().dtype());
    assertArrayEquals(m32.parameters().get(0).value().toArray(), back.parameters().get(0).value().toArray(), 0);
  }

  /**
   * {@code src/test/resources/io/params-v1.agparams} was written by the version-1 code (before
   * float32) from this network: parameters then batch-norm buffers, all float64.
   */
  @Test
  void a_version_1_file_written_before_float32_still_loads() throws Exception {
    Path v1 = Path.of(ParameterStoreTest.class.getResource("/io/params-v1.agparams").toURI());
    byte[] bytes = Files.readAllBytes(v1);
    assertEquals(1, ByteBuffer.wrap(bytes, 8, 4).getInt(), "the fixture is a version-1 file");
    Map<String, Tensor> read = ParameterStore.read(v1);
    assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias", "2.running_mean", "2.running_var"),
        List.copyOf(read.keySet()));
    assertEquals(DType.FLOAT64, read.get("0.weight").dtype());
    assertArrayEquals(new double[] {0.5, -1.25, 2.0, 0.125, 3.0, -0.75}, read.get("0.weight").toArray(), 0);
    Sequential net = new Sequential(Linear.of(new double[][] {{0, 0, 0}, {0, 0, 0}}, new double[] {0, 0, 0}),
        Activation.TANH, new BatchNorm1d(3));
    ParameterStore.load(net, v1);
    assertArrayEquals(new double[] {0.5, -1.25, 2.0, 0.125, 3.0, -0.75}, net.parameters().get(0).value().toArray(), 0);
    assertArrayEquals(new double[] {0.1, 0.2, 0.3}, net.parameters().get(1).value().toArray(), 0);
    assertArrayEquals(new double[] {1, 1, 1}, net.buffers().get(1).value().toArray(), 0);
    net.to(DType.FLOAT32);
    ParameterStore.load(net, v1);
    assertEquals((float) 0.1, net.parameters().get(1).value().floatStorage()[0], 0f);
  }
}
