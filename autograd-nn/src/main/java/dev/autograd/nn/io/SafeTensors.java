package dev.autograd.nn.io;

import dev.autograd.Args;
import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.io.AtomicFiles;
import dev.autograd.nn.module.Module;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Named tensors in the <a href="https://github.com/huggingface/safetensors">safetensors</a> format,
 * the format Hugging Face uses for model weights, so that weights move between this library and
 * Python tools.
 *
 * <h2>The format</h2>
 *
 * <pre>
 *   8 bytes   N, an unsigned little-endian 64-bit integer: the length of the header
 *   N bytes   the header: a UTF-8 JSON object, possibly padded with trailing spaces
 *   the rest  the data: raw little-endian values, row-major
 * </pre>
 *
 * The header maps each tensor name to {@code {"dtype": "F64", "shape": [2, 3], "data_offsets":
 * [begin, end]}}, offsets counted in bytes from the first byte after the header. An optional entry
 * {@code "__metadata__"} maps strings to strings.
 *
 * <h2>Writing</h2>
 *
 * {@link #write} stores every float64 tensor as {@code F64} and every float32 one as {@code F32},
 * names and data sorted by name ({@link
 * String#compareTo}), the metadata first, the header padded with spaces to a multiple of 8 bytes. The
 * file is replaced as a whole ({@link AtomicFiles#write}): a reader never sees half of it.
 *
 * <h2>Reading</h2>
 *
 * {@link #read} accepts {@code F64} and {@code F32}, returning float64 and float32 tensors, in the
 * order of their data in the file.
 * It refuses, with a {@link ParameterFileException} whose message starts with the file's name and
 * names the tensor concerned:
 *
 * <ul>
 *   <li>a file shorter than 8 bytes, or a header length beyond the end of the file;
 *   <li>a header that is not UTF-8 or not a JSON object (JSON is parsed strictly; the message gives
 *       the character position in the header);
 *   <li>another dtype ({@code I64}, {@code F16}, {@code BF16}, …) or an unknown one;
 *   <li>a shape that is not a list of non-negative integers, or has a zero dimension (tensors here
 *       have positive dimensions);
 *   <li>data offsets that are not two integers {@code begin <= end} inside the data, whose length
 *       differs from the shape's element count times the dtype's size, that overlap another tensor's,
 *       or that leave bytes of the data unused (the data must be covered exactly, as the format's
 *       reference implementation demands).
 * </ul>
 *
 * <h2>Modules</h2>
 *
 * {@link #save(Module, Path)} writes a module's {@linkplain Module#parameters() parameters} under
 * their names ({@code "0.weight"}, {@code "0.bias"}, …); {@link #load(Module, Path)} copies them back
 * by name after checking that the file holds exactly the module's names with the same shapes, and
 * changes nothing otherwise.
 */
public final class SafeTensors {
  private SafeTensors() {}

  /** The header key for the string-to-string metadata. */
  public static final String METADATA_KEY = "__metadata__";

  private static final int MAX_DEPTH = 64;

  // ------------------------------------------------------------------ writing

  /**
   * Writes {@code tensors} to {@code file} as {@code F64} (float32 tensors as {@code F32}), without
   * metadata, replacing the file.
   *
   * @param file the file to write
   * @param tensors the tensors by name
   * @throws IOException when the file cannot be written
   */
  public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
    write(file, tensors, Map.of());
  }

  /**
   * Writes {@code tensors} to {@code file} as {@code F64} (float32 tensors as {@code F32}) with string
   * metadata, replacing the file.
   *
   * @param file the file to write
   * @param tensors the tensors by name; no name may be {@value #METADATA_KEY}
   * @param metadata string entries stored under {@value #METADATA_KEY}; empty for none
   * @throws IllegalArgumentException for a null name, tensor or metadata entry, or a tensor named
   *     {@value #METADATA_KEY}
   * @throws IOException when the file cannot be written
   */
  public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
    Args.notNull(file, "write", "file");
    byte[] bytes = encode(tensors, metadata);
    AtomicFiles.write(file, tmp -> Files.write(tmp, bytes));
  }

  /** The file's bytes for {@code tensors} and {@code metadata}, as {@link #write} stores them. */
  static byte[] encode(Map<String, Tensor> tensors, Map<String, String> metadata) {
    if (tensors == null) {
      throw new IllegalArgumentException("safetensors write: the tensor map is null");
    }
    if (metadata == null) {
      throw new IllegalArgumentException("safetensors write: the metadata map is null");
    }
    TreeMap<String, Tensor> sorted = new TreeMap<>();
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      if (e.getKey() == null) {
        throw new IllegalArgumentException("safetensors write: a tensor name is null");
      }
      if (e.getKey().equals(METADATA_KEY)) {
        throw new IllegalArgumentException(
            "safetensors write: '" + METADATA_KEY + "' is reserved for the metadata and cannot name a tensor");
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException("safetensors write: tensor '" + e.getKey() + "' is null");
      }
      sorted.put(e.getKey(), e.getValue());
    }
    StringBuilder json = new StringBuilder("{");
    if (!metadata.isEmpty()) {
      json.append(quote(METADATA_KEY)).append(":{");
      boolean first = true;
      for (Map.Entry<String, String> e : new TreeMap<>(nonNull(metadata)).entrySet()) {
        json.append(first ? "" : ",").append(quote(e.getKey())).append(':').append(quote(e.getValue()));
        first = false;
      }
      json.append('}');
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
      Tensor t = e.getValue();
      long end = offset + (long) t.dtype().bytes() * t.size();
      json.append(json.length() > 1 ? "," : "").append(quote(e.getKey())).append(":{\"dtype\":\"")
          .append(t.dtype() == DType.FLOAT32 ? "F32" : "F64").append("\",\"shape\":")
          .append(Arrays.toString(t.shape()).replace(" ", "")).append(",\"data_offsets\":[").append(offset).append(',')
          .append(end).append("]}");
      offset = end;
    }
    json.append('}');
    while (json.toString().getBytes(StandardCharsets.UTF_8).length % 8 != 0) {
      json.append(' ');
    }
    byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
    if (8L + header.length + offset > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("safetensors write: " + offset + " bytes of data are too many for one file");
    }
    ByteBuffer buf = ByteBuffer.allocate(8 + header.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(header.length).put(header);
    for (Tensor t : sorted.values()) {
      if (t.dtype() == DType.FLOAT32) {
        for (float v : t.floatStorage()) {
          buf.putFloat(v);
        }
      } else {
        for (double v : t.storage()) {
          buf.putDouble(v);
        }
      }
    }
    return buf.array();
  }

  private static Map<String, String> nonNull(Map<String, String> metadata) {
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new IllegalArgumentException(
            "safetensors write: metadata entries need a key and a value; got " + e.getKey() + " = " + e.getValue());
      }
    }
    return metadata;
  }

  /** A JSON string literal for {@code s}: quotes, backslashes and control characters escaped. */
  private static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  // ------------------------------------------------------------------ reading

  /**
   * The tensors stored in {@code file}, by name, in the order of their data in the file, as constant
   * tensors.
   *
   * @param file a safetensors file
   * @return an unmodifiable map of tensors with the stored shapes, each not requiring gradients
   * @throws ParameterFileException when the file does not follow the format (the message names the
   *     file and, where one is concerned, the tensor)
   */
  public static Map<String, Tensor> read(Path file) throws IOException {
    return parse(file).tensors;
  }

  /**
   * The string metadata stored in {@code file}'s header (empty when there is none).
   *
   * @param file a safetensors file
   * @return the metadata entries
   * @throws IOException when the file cannot be read or does not follow the format
   */
  public static Map<String, String> metadata(Path file) throws IOException {
    return parse(file).metadata;
  }

  private record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

  private record Entry(String name, String dtype, int[] shape, long begin, long end) {}

  private static Contents parse(Path file) throws IOException {
    Args.notNull(file, "read", "file");
    String source = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    String where = source + ": ";
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw new ParameterFileException(
            where + "truncated: the file has " + size + " bytes; a safetensors file starts with an 8-byte header length");
      }
      ByteBuffer len = readFully(ch, 0, 8).order(ByteOrder.LITTLE_ENDIAN);
      long n = len.getLong();
      if (n < 0 || n > size - 8) {
        throw new ParameterFileException(
            where + "the header length " + Long.toUnsignedString(n) + " goes beyond the end of the file ("
                + (size - 8) + " bytes follow the length)");
      }
      if (n > Integer.MAX_VALUE - 16) {
        throw new ParameterFileException(where + "the header length " + n + " is too large to read");
      }
      if (n < 2) {
        throw new ParameterFileException(where + "the header length " + n + " is too small for a JSON object");
      }
      ByteBuffer headerBytes = readFully(ch, 8, (int) n);
      String header;
      try {
        header = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(headerBytes).toString();
      } catch (CharacterCodingException e) {
        throw new ParameterFileException(where + "the header is not valid UTF-8");
      }
      Object json = new Json(header, where).document();
      if (!(json instanceof Map<?, ?> top)) {
        throw new ParameterFileException(where + "the header is not a JSON object");
      }
      long dataSize = size - 8 - n;
      Map<String, String> metadata = Map.of();
      List<Entry> entries = new ArrayList<>();
      for (Map.Entry<?, ?> e : top.entrySet()) {
        String name = (String) e.getKey();
        if (name.equals(METADATA_KEY)) {
          metadata = metadata(e.getValue(), where);
        } else {
          entries.add(entry(name, e.getValue(), dataSize, where));
        }
      }
      List<Entry> byOffset = new ArrayList<>(entries);
      byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
      long covered = 0;
      Entry previous = null;
      for (Entry e : byOffset) {
        if (e.begin < covered) {
          throw new ParameterFileException(
              where + "tensor '" + e.name + "': data_offsets [" + e.begin + ", " + e.end + "] overlap those of tensor '"
                  + previous.name + "' [" + previous.begin + ", " + previous.end + "]");
        }
        if (e.begin > covered) {
          throw new ParameterFileException(
              where + "bytes " + covered + " to " + e.begin + " of the data belong to no tensor (before tensor '"
                  + e.name + "')");
        }
        covered = e.end;
        previous = e;
      }
      if (covered != dataSize) {
        throw new ParameterFileException(
            where + "bytes " + covered + " to " + dataSize + " of the data belong to no tensor"
                + (previous == null ? "" : " (after tensor '" + previous.name + "')"));
      }
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      for (Entry e : byOffset) {
        ByteBuffer data = readFully(ch, 8 + n + e.begin, (int) (e.end - e.begin)).order(ByteOrder.LITTLE_ENDIAN);
        int count = (int) ((e.end - e.begin) / width(e.dtype));
        if (e.dtype.equals("F64")) {
          double[] values = new double[count];
          for (int i = 0; i < count; i++) {
            values[i] = data.getDouble();
          }
          tensors.put(e.name, Tensor.wrap(values, e.shape));
        } else {
          float[] values = new float[count];
          for (int i = 0; i < count; i++) {
            values[i] = data.getFloat();
          }
          tensors.put(e.name, Tensor.wrap(values, e.shape));
        }
      }
      return new Contents(Collections.unmodifiableMap(tensors), metadata);
    }
  }

  private static int width(String dtype) {
    return dtype.equals("F64") ? 8 : 4;
  }

  private static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining()) {
      if (ch.read(buf, position + buf.position()) < 0) {
        throw new IOException("file ended while reading at byte " + (position + buf.position()));
      }
    }
    return buf.flip();
  }

  private static Map<String, String> metadata(Object value, String where) throws ParameterFileException {
    if (!(value instanceof Map<?, ?> m)) {
      throw new ParameterFileException(
          where + "'" + METADATA_KEY + "' must be an object mapping strings to strings; got " + describe(value));
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getValue() instanceof String s)) {
        throw new ParameterFileException(
            where + "'" + METADATA_KEY + "' entry '" + e.getKey() + "' must be a string; got " + describe(e.getValue()));
      }
      out.put((String) e.getKey(), s);
    }
    return Collections.unmodifiableMap(out);
  }

  private static Entry entry(String name, Object value, long dataSize, String where) throws ParameterFileException {
    String at = where + "tensor '" + name + "': ";
    if (!(value instanceof Map<?, ?> m)) {
      throw new ParameterFileException(at + "expected an object with dtype, shape and data_offsets; got " + describe(value));
    }
    for (Object key : m.keySet()) {
      if (!List.of("dtype", "shape", "data_offsets").contains(key)) {
        throw new ParameterFileException(at + "unexpected key '" + key + "' (expected dtype, shape and data_offsets)");
      }
    }
    for (String key : List.of("dtype", "shape", "data_offsets")) {
      if (!m.containsKey(key)) {
        throw new ParameterFileException(at + "missing '" + key + "'");
      }
    }
    if (!(m.get("dtype") instanceof String dtype)) {
      throw new ParameterFileException(at + "dtype must be a string; got " + describe(m.get("dtype")));
    }
    if (!dtype.equals("F64") && !dtype.equals("F32")) {
      throw new ParameterFileException(at + "dtype " + dtype + " is not supported (this library reads F64 and F32)");
    }
    List<Long> dims = integers(m.get("shape"), at + "shape");
    int[] shape = new int[dims.size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      long d = dims.get(i);
      if (d > Integer.MAX_VALUE || (count *= d) > Integer.MAX_VALUE) {
        throw new ParameterFileException(at + "shape " + dims + " has too many elements for one tensor");
      }
      shape[i] = (int) d;
    }
    if (count == 0) {
      throw new ParameterFileException(
          at + "shape " + dims + " has no elements; tensors here need every dimension positive");
    }
    List<Long> offsets = integers(m.get("data_offsets"), at + "data_offsets");
    if (offsets.size() != 2) {
      throw new ParameterFileException(at + "data_offsets must be [begin, end]; got " + offsets);
    }
    long begin = offsets.get(0);
    long end = offsets.get(1);
    if (begin > end) {
      throw new ParameterFileException(at + "data_offsets [" + begin + ", " + end + "] begin after they end");
    }
    if (end > dataSize) {
      throw new ParameterFileException(
          at + "data_offsets [" + begin + ", " + end + "] reach beyond the data (" + dataSize + " bytes)");
    }
    long expected = count * width(dtype);
    if (end - begin != expected) {
      throw new ParameterFileException(
          at + "shape " + dims + " has " + count + " elements of " + dtype + " (" + expected + " bytes) but data_offsets ["
              + begin + ", " + end + "] hold " + (end - begin) + " bytes");
    }
    return new Entry(name, dtype, shape, begin, end);
  }

  private static List<Long> integers(Object value, String what) throws ParameterFileException {
    if (!(value instanceof List<?> list)) {
      throw new ParameterFileException(what + " must be a list of non-negative integers; got " + describe(value));
    }
    List<Long> out = new ArrayList<>();
    for (Object v : list) {
      long x = -1;
      if (v instanceof JsonNumber num && num.text.matches("0|[1-9][0-9]*")) {
        BigInteger b = new BigInteger(num.text);
        x = b.bitLength() < 63 ? b.longValue() : -1;
      }
      if (x < 0) {
        throw new ParameterFileException(
            what + " must be a list of non-negative integers below 2^62; got " + describe(v) + " in " + describe(value));
      }
      out.add(x);
    }
    return out;
  }

  /** A short rendering of a parsed JSON value for error messages. */
  private static String describe(Object value) {
    if (value instanceof String s) {
      return quote(s);
    }
    if (value instanceof JsonNumber n) {
      return n.text;
    }
    if (value instanceof List<?> list) {
      List<String> parts = new ArrayList<>();
      for (Object o : list) {
        parts.add(describe(o));
      }
      return "[" + String.join(", ", parts) + "]";
    }
    if (value instanceof Map<?, ?>) {
      return "an object";
    }
    return String.valueOf(value);
  }

  /** A JSON number, kept as its text. */
  private record JsonNumber(String text) {}

  /**
   * A strict JSON reader (RFC 8259) for the header: objects (as insertion-ordered maps; a repeated key
   * is an error), arrays, strings with all escapes, numbers (as {@link JsonNumber}), {@code true},
   * {@code false} and {@code null}. Only whitespace may follow the top-level value.
   */
  private static final class Json {
    private final String s;
    private final String where;
    private int pos;

    Json(String s, String where) {
      this.s = s;
      this.where = where;
    }

    Object document() throws ParameterFileException {
      skipWhitespace();
      Object v = value(0);
      skipWhitespace();
      if (pos < s.length()) {
        throw error("unexpected " + show() + " after the JSON object");
      }
      return v;
    }

    private ParameterFileException error(String what) {
      return new ParameterFileException(where + "invalid JSON in the header at character " + (pos + 1) + ": " + what);
    }

    private String show() {
      if (pos >= s.length()) {
        return "end of the header";
      }
      int cp = s.codePointAt(pos);
      return cp < 0x20 ? String.format("character U+%04X", cp) : "'" + new String(Character.toChars(cp)) + "'";
    }

    private void skipWhitespace() {
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
          return;
        }
        pos++;
      }
    }

    private Object value(int depth) throws ParameterFileException {
      if (depth > MAX_DEPTH) {
        throw error("nested more than " + MAX_DEPTH + " levels deep");
      }
      if (pos >= s.length()) {
        throw error("expected a value; got the end of the header");
      }
      char c = s.charAt(pos);
      return switch (c) {
        case '{' -> object(depth);
        case '[' -> array(depth);
        case '"' -> string();
        case 't' -> literal("true", Boolean.TRUE);
        case 'f' -> literal("false", Boolean.FALSE);
        case 'n' -> literal("null", null);
        default -> {
          if (c == '-' || (c >= '0' && c <= '9')) {
            yield number();
          }
          throw error("expected a value; got " + show());
        }
      };
    }

    private Object literal(String word, Object value) throws ParameterFileException {
      if (!s.startsWith(word, pos)) {
        throw error("expected a value; got " + show());
      }
      pos += word.length();
      return value;
    }

    private Map<String, Object> object(int depth) throws ParameterFileException {
      pos++; // '{'
      Map<String, Object> out = new LinkedHashMap<>();
      skipWhitespace();
      if (pos < s.length() && s.charAt(pos) == '}') {
        pos++;
        return out;
      }
      while (true) {
        skipWhitespace();
        if (pos >= s.length() || s.charAt(pos) != '"') {
          throw error("expected a key in quotes; got " + show());
        }
        int keyAt = pos;
        String key = string();
        skipWhitespace();
        expect(':', "after the key");
        skipWhitespace();
        Object v = value(depth + 1);
        if (out.containsKey(key)) {
          pos = keyAt;
          throw error("the key " + quote(key) + " appears twice in one object");
        }
        out.put(key, v);
        skipWhitespace();
        if (pos < s.length() && s.charAt(pos) == ',') {
          pos++;
          continue;
        }
        expect('}', "or ',' after an object member");
        return out;
      }
    }

    private List<Object> array(int depth) throws ParameterFileException {
      pos++; // '['
      List<Object> out = new ArrayList<>();
      skipWhitespace();
      if (pos < s.length() && s.charAt(pos) == ']') {
        pos++;
        return out;
      }
      while (true) {
        skipWhitespace();
        out.add(value(depth + 1));
        skipWhitespace();
        if (pos < s.length() && s.charAt(pos) == ',') {
          pos++;
          continue;
        }
        expect(']', "or ',' after an array element");
        return out;
      }
    }

    private void expect(char c, String context) throws ParameterFileException {
      if (pos >= s.length() || s.charAt(pos) != c) {
        throw error("expected '" + c + "' " + context + "; got " + show());
      }
      pos++;
    }

    private String string() throws ParameterFileException {
      pos++; // opening quote
      StringBuilder b = new StringBuilder();
      while (true) {
        if (pos >= s.length()) {
          throw error("a string is not closed before the end of the header");
        }
        char c = s.charAt(pos);
        if (c == '"') {
          pos++;
          return b.toString();
        }
        if (c < 0x20) {
          throw error(show() + " inside a string (it must be escaped)");
        }
        if (c != '\\') {
          b.append(c);
          pos++;
          continue;
        }
        pos++;
        if (pos >= s.length()) {
          throw error("a string is not closed before the end of the header");
        }
        char e = s.charAt(pos);
        switch (e) {
          case '"', '\\', '/' -> b.append(e);
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'n' -> b.append('\n');
          case 'r' -> b.append('\r');
          case 't' -> b.append('\t');
          case 'u' -> {
            if (pos + 5 > s.length() || !s.substring(pos + 1, pos + 5).matches("[0-9A-Fa-f]{4}")) {
              pos--;
              throw error("'\\u' must be followed by four hexadecimal digits");
            }
            b.append((char) Integer.parseInt(s.substring(pos + 1, pos + 5), 16));
            pos += 4;
          }
          default -> {
            pos--;
            throw error("unknown escape '\\" + e + "' in a string");
          }
        }
        pos++;
      }
    }

    private JsonNumber number() throws ParameterFileException {
      int start = pos;
      if (s.charAt(pos) == '-') {
        pos++;
      }
      if (pos < s.length() && s.charAt(pos) == '0') {
        pos++;
      } else if (!digits()) {
        throw error("expected a digit in a number; got " + show());
      }
      if (pos < s.length() && s.charAt(pos) == '.') {
        pos++;
        if (!digits()) {
          throw error("expected a digit after the decimal point; got " + show());
        }
      }
      if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
        pos++;
        if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
          pos++;
        }
        if (!digits()) {
          throw error("expected a digit in the exponent; got " + show());
        }
      }
      return new JsonNumber(s.substring(start, pos));
    }

    private boolean digits() {
      int start = pos;
      while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
        pos++;
      }
      return pos > start;
    }
  }

  // ------------------------------------------------------------------ modules

  /**
   * Saves a module's parameters and buffers to {@code file} by name (as {@code F64} or {@code F32}, by
   * precision), replacing the file.
   *
   * @param model the module whose {@link Module#parameters()} and {@link Module#buffers()} are saved
   * @param file the file to write
   * @throws IOException when the file cannot be written
   */
  public static void save(Module model, Path file) throws IOException {
    save(model, file, Map.of());
  }

  /**
   * Saves a module's parameters and buffers to {@code file} by name (as {@code F64} or {@code F32}, by
   * precision) with string metadata.
   *
   * @param model the module whose {@link Module#parameters()} and {@link Module#buffers()} are saved
   * @param file the file to write
   * @param metadata string entries stored under {@value #METADATA_KEY}; empty for none
   * @throws IOException when the file cannot be written
   */
  public static void save(Module model, Path file, Map<String, String> metadata) throws IOException {
    Args.notNull(model, "save", "model");
    write(file, ParameterStore.state(model), metadata);
  }

  /**
   * Copies the tensors stored in {@code file} into {@code model}'s parameters and buffers by name, after
   * checking that the file holds exactly the model's parameter and buffer names, each with the model's shape; the model is
   * unchanged if anything does not fit. Values are converted to the precision of the model's tensors.
   *
   * @param model the module whose parameters receive the values
   * @param file a safetensors file, as written by {@link #save(Module, Path)}
   * @throws ParameterFileException when the file does not follow the format
   * @throws IllegalArgumentException when the stored tensors do not fit the model
   */
  @SuppressWarnings("try") // the scope is used only for its effect
  public static void load(Module model, Path file) throws IOException {
    Args.notNull(model, "load", "model");
    Args.notNull(file, "load", "file");
    Map<String, Tensor> stored = read(file);
    String source = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    Map<String, Tensor> params = ParameterStore.state(model);
    List<String> modelNames = new ArrayList<>(params.keySet());
    for (Map.Entry<String, Tensor> p : params.entrySet()) {
      Tensor t = stored.get(p.getKey());
      if (t == null) {
        throw new IllegalArgumentException(
            "load " + source + ": the model's parameter '" + p.getKey() + "' is not in the file (the file holds "
                + stored.keySet() + ")");
      }
      if (!Arrays.equals(t.shape(), p.getValue().shape())) {
        throw new IllegalArgumentException(
            "load " + source + ": parameter '" + p.getKey() + "' has shape " + Arrays.toString(t.shape())
                + " in the file but " + Arrays.toString(p.getValue().shape()) + " in the model");
      }
    }
    for (String name : stored.keySet()) {
      if (!modelNames.contains(name)) {
        throw new IllegalArgumentException(
            "load " + source + ": the file holds tensor '" + name + "', which is not a parameter of the model (the model has "
                + modelNames + ")");
      }
    }
    ParameterStore.copyInto(stored, params);
  }
}
