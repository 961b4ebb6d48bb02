package dev.autograd.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
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
    assertEquals(1, b.getInt());
    long length = b.getLong();
    assertEquals(24 + length, bytes.length);
    assertEquals(4, b.getInt());                     // parameters
    byte[] name = new byte[b.getShort()];
    b.get(name);
    assertEquals("0.weight", new String(name, java.nio.charset.StandardCharsets.UTF_8));
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

    byte[] v2 = bytes.clone();
    v2[11] = 2;
    Files.write(file, v2);
    var v = assertThrows(ParameterFileException.class, () -> ParameterStore.read(file));
    assertTrue(v.getMessage().contains("unsupported format version 2 (this library reads version 1)"), v.getMessage());
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
}
