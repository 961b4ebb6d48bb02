package dev.autograd.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.nn.module.Activation;
import dev.autograd.nn.module.MLP;
import dev.autograd.nn.module.Parameter;
import dev.autograd.nn.module.Sequential;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
  @TempDir Path dir;

  private static Path fixture() throws URISyntaxException {
    return Path.of(SafeTensorsTest.class.getResource("/safetensors/fixture.safetensors").toURI());
  }

  /** A file with the given header text (unpadded) and data bytes. */
  private Path file(String header, byte[] data) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h).put(data);
    Path f = dir.resolve("bad.safetensors");
    Files.write(f, b.array());
    return f;
  }

  private static byte[] doubles(double... v) {
    ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double x : v) {
      b.putDouble(x);
    }
    return b.array();
  }

  private String readError(String header, byte[] data) throws IOException {
    Path f = file(header, data);
    return assertThrows(ParameterFileException.class, () -> SafeTensors.read(f)).getMessage();
  }

  private static Sequential net(long seed) {
    return MLP.of(seed, Activation.TANH, 3, 5, 2);
  }

  // ------------------------------------------------------------------ the independent fixture

  @Test
  void the_python_fixture_reads_value_for_value() throws Exception {
    Map<String, Tensor> t = SafeTensors.read(fixture());
    // the data order (the header lists them as scalar, matrix, vector)
    assertEquals(List.of("matrix", "vector", "scalar"), List.copyOf(t.keySet()));
    Tensor m = t.get("matrix");
    assertArrayEquals(new int[] {2, 3}, m.shape());
    assertArrayEquals(new double[] {0.5, -1.25, Math.scalb(1.0, -20), Math.PI, -Math.E, 1e300}, m.toArray(), 0);
    Tensor v = t.get("vector");
    assertArrayEquals(new int[] {4}, v.shape());
    assertEquals(DType.FLOAT32, v.dtype(), "the fixture's vector is F32");
    assertEquals(DType.FLOAT64, m.dtype());
    assertArrayEquals(new double[] {1.5, -0.375, Math.scalb(1.0, -15), (double) (float) Math.PI}, v.toArray(), 0);
    assertTrue((float) Math.PI != Math.PI, "the float32 pi differs from the double, so the check above can fail");
    Tensor s = t.get("scalar");
    assertArrayEquals(new int[0], s.shape());
    assertEquals(Math.sqrt(2.0), s.item(), 0);
    assertEquals(
        Map.of("format", "pt", "note", "caf\u00e9 \"quoted\" \u2211"), SafeTensors.metadata(fixture()));
  }

  // ------------------------------------------------------------------ writing and round trips

  @Test
  void written_tensors_read_back_exactly_sorted_by_name() throws IOException {
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put("z.last", Tensor.of(new double[] {Double.NaN, -0.0, Double.MIN_VALUE, Double.MAX_VALUE}, 2, 2));
    in.put("a.first", Tensor.scalar(-Math.PI));
    in.put("m", Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 1, 2, 3));
    Path f = dir.resolve("out.safetensors");
    SafeTensors.write(f, in, Map.of("tab\there", "line\nbreak \u0001 \"q\" \\", "k", "v"));
    Map<String, Tensor> out = SafeTensors.read(f);
    assertEquals(List.of("a.first", "m", "z.last"), List.copyOf(out.keySet()));
    for (String name : in.keySet()) {
      assertArrayEquals(in.get(name).shape(), out.get(name).shape(), name);
      assertArrayEquals(in.get(name).toArray(), out.get(name).toArray(), 0, name);
    }
    assertEquals(Map.of("tab\there", "line\nbreak \u0001 \"q\" \\", "k", "v"), SafeTensors.metadata(f));
  }

  @Test
  void the_written_file_follows_the_format() throws IOException {
    Path f = dir.resolve("layout.safetensors");
    SafeTensors.write(f, Map.of("w", Tensor.vector(1.5, -2)), Map.of("by", "test"));
    byte[] bytes = Files.readAllBytes(f);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long n = b.getLong();
    assertEquals(0, n % 8, "the header is padded to a multiple of 8 bytes");
    String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    assertEquals(
        "{\"__metadata__\":{\"by\":\"test\"},\"w\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}",
        header.stripTrailing());
    assertEquals(8 + n + 16, bytes.length);
    b.position((int) (8 + n));
    assertEquals(1.5, b.getDouble(), 0);
    assertEquals(-2, b.getDouble(), 0);
  }

  @Test
  void writing_replaces_an_existing_file_and_leaves_no_temporary() throws IOException {
    Path f = dir.resolve("w.safetensors");
    SafeTensors.write(f, Map.of("a", Tensor.vector(1)));
    SafeTensors.write(f, Map.of("b", Tensor.vector(2, 3)));
    assertEquals(List.of("b"), List.copyOf(SafeTensors.read(f).keySet()));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(f), files.toList());
    }
  }

  @Test
  void an_empty_map_round_trips() throws IOException {
    Path f = dir.resolve("empty.safetensors");
    SafeTensors.write(f, Map.of());
    assertTrue(SafeTensors.read(f).isEmpty());
    assertTrue(SafeTensors.metadata(f).isEmpty());
  }

  @Test
  void writing_refuses_the_metadata_key_as_a_name_and_nulls() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> SafeTensors.write(dir.resolve("x"), Map.of("__metadata__", Tensor.scalar(1))));
    assertEquals("safetensors write: '__metadata__' is reserved for the metadata and cannot name a tensor", e.getMessage());
    Map<String, Tensor> withNull = new LinkedHashMap<>();
    withNull.put("w", null);
    var n = assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(dir.resolve("x"), withNull));
    assertEquals("safetensors write: tensor 'w' is null", n.getMessage());
    assertTrue(Files.notExists(dir.resolve("x")));
  }

  // ------------------------------------------------------------------ modules

  @Test
  void a_module_saved_and_loaded_by_name_predicts_the_same() throws IOException {
    Sequential trained = net(1L);
    Path f = dir.resolve("model.safetensors");
    SafeTensors.save(trained, f);
    List<String> names = trained.parameters().stream().map(Parameter::name).sorted().toList();
    assertEquals(names, List.copyOf(SafeTensors.read(f).keySet()));
    Sequential fresh = net(2L);
    Tensor x = Tensor.randn(3, 10, 3);
    assertTrue(fresh.predict(x).maxAbsDiff(trained.predict(x)) > 0);
    SafeTensors.load(fresh, f);
    assertArrayEquals(trained.predict(x).toArray(), fresh.predict(x).toArray(), 0);
  }

  @Test
  void loading_names_a_missing_parameter_and_changes_nothing() throws IOException {
    Sequential model = net(1L);
    Map<String, Tensor> partial = new LinkedHashMap<>();
    for (Parameter p : model.parameters()) {
      partial.put(p.name(), Tensor.zeros(p.shape()));
    }
    partial.remove("2.bias");
    Path f = dir.resolve("partial.safetensors");
    SafeTensors.write(f, partial);
    double[] before = model.parameters().get(0).value().toArray();
    var e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.load(model, f));
    assertEquals(
        "load partial.safetensors: the model's parameter '2.bias' is not in the file (the file holds [0.bias, 0.weight, 2.weight])",
        e.getMessage());
    assertArrayEquals(before, model.parameters().get(0).value().toArray(), 0);
  }

  @Test
  void loading_names_a_shape_mismatch_and_an_extra_tensor() throws IOException {
    Path f = dir.resolve("wide.safetensors");
    SafeTensors.save(MLP.of(1L, Activation.TANH, 4, 5, 2), f);
    Sequential narrow = net(1L);
    String fileShape = Arrays.toString(SafeTensors.read(f).get("0.weight").shape());
    String modelShape = Arrays.toString(narrow.parameters().get(0).shape());
    assertTrue(!fileShape.equals(modelShape) && fileShape.contains("4") && modelShape.contains("3"));
    var shape = assertThrows(IllegalArgumentException.class, () -> SafeTensors.load(narrow, f));
    assertEquals(
        "load wide.safetensors: parameter '0.weight' has shape " + fileShape + " in the file but " + modelShape
            + " in the model",
        shape.getMessage());

    Sequential model = net(1L);
    Map<String, Tensor> extra = new LinkedHashMap<>();
    for (Parameter p : model.parameters()) {
      extra.put(p.name(), p.value());
    }
    extra.put("3.weight", Tensor.scalar(1));
    Path g = dir.resolve("extra.safetensors");
    SafeTensors.write(g, extra);
    var e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.load(model, g));
    assertEquals(
        "load extra.safetensors: the file holds tensor '3.weight', which is not a parameter of the model "
            + "(the model has [0.weight, 0.bias, 2.weight, 2.bias])",
        e.getMessage());
  }

  @Test
  void float32_files_load_into_a_model() throws IOException {
    Sequential model = MLP.of(1L, Activation.TANH, 1, 1);
    List<Parameter> ps = model.parameters();
    assertEquals(List.of("0.weight", "0.bias"), ps.stream().map(Parameter::name).toList());
    ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.25f).putFloat(-3f);
    Path f = file(
        "{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]},"
            + "\"0.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
        data.array());
    SafeTensors.load(model, f);
    assertEquals(0.25, ps.get(0).value().item(), 0);
    assertEquals(-3, ps.get(1).value().item(), 0);
    assertEquals(DType.FLOAT64, ps.get(0).value().dtype(), "values take the model's precision");
  }

  @Test
  void float32_tensors_are_written_as_f32_and_read_back_as_float32_bit_for_bit() throws IOException {
    Sequential model = MLP.of(4L, Activation.TANH, 3, 5, 2).to(DType.FLOAT32);
    Path f = dir.resolve("f32.safetensors");
    SafeTensors.save(model, f);
    byte[] bytes = Files.readAllBytes(f);
    long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    assertTrue(header.contains("\"0.weight\":{\"dtype\":\"F32\",\"shape\":[3,5],\"data_offsets\":[20,80]}"), header);
    assertTrue(!header.contains("F64"), header);
    assertEquals(8 + n + 4L * 32, bytes.length, "4 bytes for each of the 32 values");
    Map<String, Tensor> read = SafeTensors.read(f);
    for (Parameter p : model.parameters()) {
      assertEquals(DType.FLOAT32, read.get(p.name()).dtype(), p.name());
      assertArrayEquals(p.value().floatStorage(), read.get(p.name()).floatStorage(), 0f, p.name());
    }
    Sequential fresh = MLP.of(5L, Activation.TANH, 3, 5, 2).to(DType.FLOAT32);
    SafeTensors.load(fresh, f);
    assertArrayEquals(model.parameters().get(2).value().floatStorage(), fresh.parameters().get(2).value().floatStorage(), 0f);
  }

  // ------------------------------------------------------------------ refused files

  private static final String ONE = "{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}";

  @Test
  void a_well_formed_hand_made_file_is_accepted_with_padding() throws IOException {
    Path f = file(ONE + "      ", doubles(1, 2));
    assertArrayEquals(new double[] {1, 2}, SafeTensors.read(f).get("a").toArray(), 0);
  }

  @Test
  void a_short_file_and_a_header_beyond_the_file() throws IOException {
    Path shortFile = dir.resolve("short.safetensors");
    Files.write(shortFile, new byte[] {1, 2, 3});
    var s = assertThrows(ParameterFileException.class, () -> SafeTensors.read(shortFile));
    assertEquals(
        "short.safetensors: truncated: the file has 3 bytes; a safetensors file starts with an 8-byte header length",
        s.getMessage());
    Path f = dir.resolve("long.safetensors");
    Files.write(f, ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array());
    var l = assertThrows(ParameterFileException.class, () -> SafeTensors.read(f));
    assertEquals(
        "long.safetensors: the header length 1000 goes beyond the end of the file (4 bytes follow the length)",
        l.getMessage());
    Files.write(f, ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).array());
    var u = assertThrows(ParameterFileException.class, () -> SafeTensors.read(f));
    assertEquals(
        "long.safetensors: the header length 18446744073709551615 goes beyond the end of the file (4 bytes follow the length)",
        u.getMessage());
  }

  @Test
  void invalid_json_is_refused_with_its_position() throws IOException {
    assertEquals("bad.safetensors: invalid JSON in the header at character 6: expected a value; got the end of the header",
        readError("{\"a\":", new byte[0]));
    assertEquals("bad.safetensors: invalid JSON in the header at character 2: expected a key in quotes; got 'a'",
        readError("{a:1}", new byte[0]));
    assertEquals("bad.safetensors: invalid JSON in the header at character 9: expected '}' or ',' after an object member; got ']'",
        readError("{\"a\":[1]]", new byte[0]));
    assertEquals("bad.safetensors: invalid JSON in the header at character 7: expected a digit in a number; got '}'",
        readError("{\"a\":-}", new byte[0]));
    assertEquals("bad.safetensors: invalid JSON in the header at character 8: unknown escape '\\x' in a string",
        readError("{\"a\":\"b\\x\"}", new byte[0]));
    assertEquals("bad.safetensors: invalid JSON in the header at character 7: character U+000A inside a string (it must be escaped)",
        readError("{\"a\":\"\n\"}", new byte[0]));
    assertEquals("bad.safetensors: invalid JSON in the header at character 56: unexpected 'x' after the JSON object",
        readError(ONE + "x", doubles(1, 2)));
    assertEquals("bad.safetensors: invalid JSON in the header at character 9: the key \"a\" appears twice in one object",
        readError("{\"a\":{},\"a\":{}}", new byte[0]));
    assertEquals("bad.safetensors: invalid JSON in the header at character 7: expected a value; got 'T'",
        readError("{\"a\":[True]}", new byte[0]));
    assertEquals("bad.safetensors: the header is not a JSON object", readError("[1,2]", new byte[0]));
  }

  @Test
  void a_header_that_is_not_utf8_is_refused() throws IOException {
    byte[] h = {'{', '"', (byte) 0xff, '"', ':', '{', '}', '}'};
    ByteBuffer b = ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h);
    Path f = dir.resolve("latin.safetensors");
    Files.write(f, b.array());
    var e = assertThrows(ParameterFileException.class, () -> SafeTensors.read(f));
    assertEquals("latin.safetensors: the header is not valid UTF-8", e.getMessage());
  }

  @Test
  void other_dtypes_are_refused_naming_the_tensor() throws IOException {
    assertEquals("bad.safetensors: tensor 'a': dtype I64 is not supported (this library reads F64 and F32)",
        readError(ONE.replace("F64", "I64"), doubles(1, 2)));
    assertEquals("bad.safetensors: tensor 'a': dtype BF16 is not supported (this library reads F64 and F32)",
        readError(ONE.replace("F64", "BF16"), doubles(1, 2)));
    assertEquals("bad.safetensors: tensor 'a': dtype must be a string; got 64",
        readError(ONE.replace("\"F64\"", "64"), doubles(1, 2)));
  }

  @Test
  void bad_data_offsets_are_refused() throws IOException {
    assertEquals("bad.safetensors: tensor 'a': data_offsets [16, 0] begin after they end",
        readError(ONE.replace("[0,16]", "[16,0]"), doubles(1, 2)));
    assertEquals("bad.safetensors: tensor 'a': data_offsets must be [begin, end]; got [0, 8, 16]",
        readError(ONE.replace("[0,16]", "[0,8,16]"), doubles(1, 2)));
    assertEquals("bad.safetensors: tensor 'a': data_offsets must be a list of non-negative integers below 2^62; got -8 in [-8, 16]",
        readError(ONE.replace("[0,16]", "[-8,16]"), doubles(1, 2)));
    assertEquals("bad.safetensors: tensor 'a': data_offsets must be a list of non-negative integers below 2^62; got 1.0 in [1.0, 16]",
        readError(ONE.replace("[0,16]", "[1.0,16]"), doubles(1, 2)));
    assertEquals("bad.safetensors: tensor 'a': data_offsets must be a list of non-negative integers below 2^62; got \"0\" in [\"0\", 16]",
        readError(ONE.replace("[0,16]", "[\"0\",16]"), doubles(1, 2)));
    assertEquals("bad.safetensors: tensor 'a': data_offsets [8, 24] reach beyond the data (16 bytes)",
        readError(ONE.replace("[0,16]", "[8,24]"), doubles(1, 2)));
    assertEquals("bad.safetensors: tensor 'a': missing 'data_offsets'",
        readError("{\"a\":{\"dtype\":\"F64\",\"shape\":[2]}}", doubles(1, 2)));
    assertEquals("bad.safetensors: tensor 'a': unexpected key 'offsets' (expected dtype, shape and data_offsets)",
        readError("{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"offsets\":[0,16]}}", doubles(1, 2)));
  }

  @Test
  void overlapping_tensors_and_unused_bytes_are_refused() throws IOException {
    String two = "{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
        + "\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}";
    assertEquals("bad.safetensors: tensor 'b': data_offsets [8, 16] overlap those of tensor 'a' [0, 16]",
        readError(two, doubles(1, 2)));
    String gap = two.replace("[8,16]", "[24,32]");
    assertEquals("bad.safetensors: bytes 16 to 24 of the data belong to no tensor (before tensor 'b')",
        readError(gap, doubles(1, 2, 3, 4)));
    assertEquals("bad.safetensors: bytes 16 to 24 of the data belong to no tensor (after tensor 'a')",
        readError(ONE, doubles(1, 2, 3)));
  }

  @Test
  void a_shape_that_does_not_match_its_bytes_is_refused() throws IOException {
    assertEquals("bad.safetensors: tensor 'a': shape [3] has 3 elements of F64 (24 bytes) but data_offsets [0, 16] hold 16 bytes",
        readError(ONE.replace("[2]", "[3]"), doubles(1, 2)));
    assertEquals("bad.safetensors: tensor 'a': shape [2] has 2 elements of F32 (8 bytes) but data_offsets [0, 16] hold 16 bytes",
        readError(ONE.replace("F64", "F32"), doubles(1, 2)));
    assertEquals("bad.safetensors: tensor 'a': shape [2, 0] has no elements; tensors here need every dimension positive",
        readError(ONE.replace("[2]", "[2,0]"), doubles(1, 2)));
    assertEquals("bad.safetensors: tensor 'a': shape must be a list of non-negative integers; got \"2\"",
        readError(ONE.replace("[2]", "\"2\""), doubles(1, 2)));
  }

  @Test
  void metadata_must_map_strings_to_strings() throws IOException {
    String header = "{\"__metadata__\":{\"epochs\":3}," + ONE.substring(1);
    assertEquals("bad.safetensors: '__metadata__' entry 'epochs' must be a string; got 3",
        readError(header, doubles(1, 2)));
    assertEquals("bad.safetensors: '__metadata__' must be an object mapping strings to strings; got [\"x\"]",
        readError("{\"__metadata__\":[\"x\"]}", new byte[0]));
  }
}
