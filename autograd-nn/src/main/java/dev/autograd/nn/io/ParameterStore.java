package dev.autograd.nn.io;

import dev.autograd.DType;
import dev.autograd.GradMode;
import dev.autograd.Tensor;
import dev.autograd.io.AtomicFiles;
import dev.autograd.nn.module.Buffer;
import dev.autograd.nn.module.Module;
import dev.autograd.nn.module.Parameter;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Saves and loads named parameters. To resume training exactly, save a {@link Checkpoint} instead:
 * it adds the optimizer's state (moments, velocities, step count) to the same parameter block.
 *
 * <h2>File format, version 2</h2>
 *
 * All integers and floating-point numbers are big-endian.
 *
 * <pre>
 *   offset  size  content
 *   0       8     magic: the ASCII bytes "AGPARAMS"
 *   8       4     format version, int32 = 2
 *   12      8     payload length L in bytes, int64
 *   20      L     payload:
 *                   int32   number of parameters P
 *                   P times:
 *                     int16   length of the name in bytes, then the name in UTF-8
 *                     int8    precision: 0 for float64, 1 for float32
 *                     int32   rank r, then r × int32 dimensions
 *                     (product of the dimensions) × float64 or × float32: the values, row-major
 *   20 + L  4     CRC-32 (java.util.zip.CRC32, as in zip and PNG) of bytes 0 … 20 + L − 1
 * </pre>
 *
 * <p>Version 1 files (written before float32 existed) are read too: they have no precision byte,
 * and every value is a float64.
 *
 * <p>The file is exactly {@code 24 + L} bytes long. A reader refuses, with a {@link
 * ParameterFileException} whose message says which: a file that does not start with the magic bytes
 * ("not an autograd parameter file"), another version ("unsupported format version"), a file shorter
 * than its header or its stated length ("truncated"), a checksum that does not match or bytes beyond
 * the checksum ("corrupted").
 *
 * <p><b>A model's state</b> is its {@linkplain Module#parameters() parameters} followed by its
 * {@linkplain Module#buffers() buffers} (such as batch normalisation's running statistics), each
 * stored as a named tensor; a model without buffers writes exactly its parameters.
 *
 * <p><b>Loading into a model</b> requires the file's parameter names to be the model's, in the same
 * order, with the same shapes; otherwise an {@link IllegalArgumentException} names the first
 * difference ("parameter '0.weight' has shape [2, 4] in the file but [2, 8] in the model"). Nothing in
 * the model changes unless everything fits.
 *
 * <p><b>Saving</b> writes to a temporary file in the target's folder, forces it to the disk, and
 * renames it over the target (atomically where the file system allows), so a crash never leaves a
 * half-written file under the target's name.
 */
public final class ParameterStore {
  private ParameterStore() {}

  /** The first eight bytes of every parameter file. */
  public static final byte[] MAGIC = "AGPARAMS".getBytes(StandardCharsets.US_ASCII);
  /** The format version this class writes (it reads this one and every earlier one). */
  public static final int VERSION = 2;
  /** The oldest format version this class reads: 1, float64 values without a precision byte. */
  public static final int OLDEST_VERSION = 1;

  private static final int HEADER = 8 + 4 + 8;
  private static final int TRAILER = 4;

  /**
   * Saves a model's parameters and buffers to {@code file}, replacing it if present.
   *
   * @param model the model whose parameters and buffers to save
   * @param file the file to write
   * @throws IOException if the file cannot be written; an earlier file is then left as it was
   */
  public static void save(Module model, Path file) throws IOException {
    byte[] bytes = encode(state(model));
    AtomicFiles.write(file, tmp -> Files.write(tmp, bytes));
  }

  /**
   * Saves named parameters to {@code file}, replacing it if present.
   *
   * @param parameters the parameters to save, with their names
   * @param file the file to write
   * @throws IOException if the file cannot be written; an earlier file is then left as it was
   */
  public static void save(List<Parameter> parameters, Path file) throws IOException {
    byte[] bytes = encode(named(parameters));
    AtomicFiles.write(file, tmp -> Files.write(tmp, bytes));
  }

  /** The file's contents in the documented format. */
  static byte[] encode(Map<String, Tensor> parameters) {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(payload)) {
      writeParameters(out, parameters);
    } catch (IOException e) {
      throw new IllegalStateException("save: writing to memory failed", e);
    }
    return frame(MAGIC, VERSION, payload.toByteArray());
  }

  /** The model's parameters, then its buffers, by name in that order. */
  static Map<String, Tensor> state(Module model) {
    Map<String, Tensor> out = named(model.parameters());
    for (Buffer b : model.buffers()) {
      if (out.put(b.name(), b.value()) != null) {
        throw new IllegalArgumentException(
            "save: the model's buffer '" + b.name() + "' has the name of a parameter or of another buffer");
      }
    }
    return out;
  }

  /** Parameters by name, in order. */
  static Map<String, Tensor> named(List<Parameter> parameters) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Parameter p : parameters) {
      out.put(p.name(), p.value());
    }
    return out;
  }

  /** Writes the parameter block of the payload: the count, then name, precision, shape and values of each. */
  static void writeParameters(DataOutputStream out, Map<String, Tensor> parameters) throws IOException {
    out.writeInt(parameters.size());
    for (Map.Entry<String, Tensor> p : parameters.entrySet()) {
      byte[] name = p.getKey().getBytes(StandardCharsets.UTF_8);
      if (name.length > Short.MAX_VALUE) {
        throw new IllegalArgumentException("save: parameter name longer than " + Short.MAX_VALUE + " bytes");
      }
      out.writeShort(name.length);
      out.write(name);
      Tensor t = p.getValue();
      out.writeByte(t.dtype() == DType.FLOAT32 ? 1 : 0);
      int[] shape = t.shape();
      out.writeInt(shape.length);
      for (int dim : shape) {
        out.writeInt(dim);
      }
      if (t.dtype() == DType.FLOAT32) {
        for (float v : t.floatStorage()) {
          out.writeFloat(v);
        }
      } else {
        for (double v : t.storage()) {
          out.writeDouble(v);
        }
      }
    }
  }

  /** Magic, version, payload length, payload and CRC-32 of all that precedes it. */
  static byte[] frame(byte[] magic, int version, byte[] body) {
    ByteBuffer buf = ByteBuffer.allocate(HEADER + body.length + TRAILER);
    buf.put(magic).putInt(version).putLong(body.length).put(body);
    CRC32 crc = new CRC32();
    crc.update(buf.array(), 0, HEADER + body.length);
    buf.putInt((int) crc.getValue());
    return buf.array();
  }

  /**
   * The parameters stored in {@code file}, by name in file order, as constant tensors of their stored
   * precision.
   *
   * @param file a parameter file
   * @return an unmodifiable map of tensors not requiring gradients
   * @throws ParameterFileException when the file is not a parameter file, of another version,
   *     truncated or corrupted
   */
  public static Map<String, Tensor> read(Path file) throws IOException {
    return decode(Files.readAllBytes(file), file.getFileName().toString());
  }

  /**
   * Loads the parameters (and buffers) stored in {@code file} into {@code model}, after checking that
   * names and shapes match; the model is unchanged if anything does not fit. Each value is converted
   * to the precision of the model's tensor (like PyTorch's {@code load_state_dict}): a float64 file
   * loads into a float32 model rounded, a float32 file into a float64 model exactly.
   *
   * @param model the model whose parameters receive the values
   * @param file a parameter file, as written by {@link #save(Module, Path)}
   * @throws ParameterFileException when the file is not a parameter file, of another version,
   *     truncated or corrupted
   * @throws IllegalArgumentException when the stored parameters do not fit the model
   */
  public static void load(Module model, Path file) throws IOException {
    String source = file.getFileName().toString();
    Map<String, Tensor> stored = decode(Files.readAllBytes(file), source);
    Map<String, Tensor> params = state(model);
    checkFits(source, stored, params);
    copyInto(stored, params);
  }

  /** Throws unless {@code stored} has exactly the names of {@code params}, in order, with their shapes. */
  static void checkFits(String source, Map<String, Tensor> stored, Map<String, Tensor> params) {
    List<String> storedNames = new ArrayList<>(stored.keySet());
    List<String> modelNames = new ArrayList<>(params.keySet());
    if (!storedNames.equals(modelNames)) {
      throw new IllegalArgumentException(
          "load " + source + ": the file holds parameters " + storedNames + " but the model has " + modelNames);
    }
    for (Map.Entry<String, Tensor> p : params.entrySet()) {
      Tensor t = stored.get(p.getKey());
      if (!Arrays.equals(t.shape(), p.getValue().shape())) {
        throw new IllegalArgumentException(
            "load " + source + ": parameter '" + p.getKey() + "' has shape " + Arrays.toString(t.shape())
                + " in the file but " + Arrays.toString(p.getValue().shape()) + " in the model");
      }
    }
  }

  /** Copies checked stored values into the live parameters, converted to each one's precision. */
  @SuppressWarnings("try") // the scope is used only for its effect
  static void copyInto(Map<String, Tensor> stored, Map<String, Tensor> params) {
    try (var off = GradMode.noGrad()) {
      for (Map.Entry<String, Tensor> p : params.entrySet()) {
        Tensor dst = p.getValue();
        Tensor src = stored.get(p.getKey()).detach().to(dst.dtype());
        if (dst.dtype() == DType.FLOAT32) {
          float[] v = src.floatStorage();
          System.arraycopy(v, 0, dst.floatStorage(), 0, v.length);
        } else {
          double[] v = src.storage();
          System.arraycopy(v, 0, dst.storage(), 0, v.length);
        }
      }
    }
  }

  static Map<String, Tensor> decode(byte[] bytes, String source) throws ParameterFileException {
    String where = source + ": ";
    ByteBuffer payload = unframe(bytes, source, MAGIC, OLDEST_VERSION, VERSION, "an autograd parameter file");
    try {
      Map<String, Tensor> out = parseParameters(payload, where, version(bytes) >= 2);
      if (payload.hasRemaining()) {
        throw new ParameterFileException(
            where + "corrupted: " + payload.remaining() + " bytes left over after the last parameter");
      }
      return out;
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new ParameterFileException(where + "corrupted: the contents do not follow the format (" + e + ")");
    }
  }

  /** The format version of a file that {@link #unframe} accepted. */
  static int version(byte[] bytes) {
    return ByteBuffer.wrap(bytes, 8, 4).getInt();
  }

  /**
   * Checks the magic bytes ({@code what} names the kind of file), the version (one of {@code oldest}
   * to {@code newest}), the stated length and the checksum; returns the payload.
   */
  static ByteBuffer unframe(byte[] bytes, String source, byte[] magic, int oldest, int newest, String what)
      throws ParameterFileException {
    String where = source + ": ";
    if (bytes.length == 0) {
      throw new ParameterFileException(where + "truncated: the file is empty");
    }
    int magicSeen = Math.min(bytes.length, magic.length);
    if (!Arrays.equals(Arrays.copyOf(bytes, magicSeen), Arrays.copyOf(magic, magicSeen))) {
      throw new ParameterFileException(
          where + "not " + what + " (it does not start with the magic bytes \""
              + new String(magic, StandardCharsets.US_ASCII) + "\")");
    }
    if (bytes.length < HEADER) {
      throw new ParameterFileException(
          where + "truncated: the header needs " + HEADER + " bytes but the file has " + bytes.length);
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    buf.position(magic.length);
    int found = buf.getInt();
    if (found < oldest || found > newest) {
      throw new ParameterFileException(
          where + "unsupported format version " + found + " (this library reads "
              + (oldest == newest ? "version " + newest : "versions " + oldest + " to " + newest) + ")");
    }
    long length = buf.getLong();
    if (length < 4) {
      throw new ParameterFileException(where + "corrupted: impossible payload length " + length);
    }
    long expected = HEADER + length + TRAILER;
    if (bytes.length < expected) {
      throw new ParameterFileException(
          where + "truncated: the header promises " + expected + " bytes but the file has " + bytes.length);
    }
    if (bytes.length > expected) {
      throw new ParameterFileException(
          where + "corrupted: " + (bytes.length - expected) + " unexpected bytes after the checksum (expected "
              + expected + " bytes)");
    }
    int payloadEnd = (int) (HEADER + length);
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, payloadEnd);
    int stored = ByteBuffer.wrap(bytes, payloadEnd, TRAILER).getInt();
    if (stored != (int) crc.getValue()) {
      throw new ParameterFileException(
          where + String.format("corrupted: checksum mismatch (stored CRC-32 %08x, computed %08x)",
              stored, (int) crc.getValue()));
    }
    return ByteBuffer.wrap(bytes, HEADER, (int) length).slice();
  }

  /**
   * Reads the parameter block of a payload, leaving the buffer after it; {@code withPrecision} for
   * the format with a precision byte per tensor (else every tensor is float64).
   */
  static Map<String, Tensor> parseParameters(ByteBuffer payload, String where, boolean withPrecision)
      throws ParameterFileException {
    int count = payload.getInt();
    if (count < 0) {
      throw new ParameterFileException(where + "corrupted: negative parameter count " + count);
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (int k = 0; k < count; k++) {
      int nameLength = payload.getShort();
      if (nameLength < 0 || nameLength > payload.remaining()) {
        throw new ParameterFileException(where + "corrupted: bad name length " + nameLength);
      }
      byte[] nameBytes = new byte[nameLength];
      payload.get(nameBytes);
      String name = new String(nameBytes, StandardCharsets.UTF_8);
      int code = withPrecision ? payload.get() : 0;
      if (code != 0 && code != 1) {
        throw new ParameterFileException(
            where + "corrupted: parameter '" + name + "' has precision code " + code + " (expected 0 or 1)");
      }
      boolean f32 = code == 1;
      int width = f32 ? 4 : 8;
      int rank = payload.getInt();
      if (rank < 0 || rank > 32) {
        throw new ParameterFileException(where + "corrupted: parameter '" + name + "' has rank " + rank);
      }
      int[] shape = new int[rank];
      long size = 1;
      for (int i = 0; i < rank; i++) {
        shape[i] = payload.getInt();
        size *= shape[i];
        if (shape[i] < 1 || size * width > payload.remaining()) {
          throw new ParameterFileException(
              where + "corrupted: parameter '" + name + "' has an impossible shape " + Arrays.toString(shape));
        }
      }
      Tensor t;
      if (f32) {
        float[] values = new float[(int) size];
        for (int i = 0; i < values.length; i++) {
          values[i] = payload.getFloat();
        }
        t = Tensor.wrap(values, shape);
      } else {
        double[] values = new double[(int) size];
        for (int i = 0; i < values.length; i++) {
          values[i] = payload.getDouble();
        }
        t = Tensor.wrap(values, shape);
      }
      if (out.put(name, t) != null) {
        throw new ParameterFileException(where + "corrupted: parameter '" + name + "' appears twice");
      }
    }
    return out;
  }
}
