package dev.autograd.nn.io;

import dev.autograd.Tensor;
import dev.autograd.io.AtomicFiles;
import dev.autograd.nn.module.Module;
import dev.autograd.nn.optim.Optimizer;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Saves and restores a training run: a model's parameters together with its optimizer's state, so
 * that training resumes exactly where it stopped. Loading a checkpoint into a freshly constructed model
 * and optimizer (same architecture, same optimizer class and hyperparameters, same schedule and
 * clipping) and stepping on gives bit for bit the parameters an uninterrupted run would have.
 *
 * <p>The optimizer's state is its {@link Optimizer#stateSnapshot() snapshot}: the step count (also the
 * position of its {@linkplain dev.autograd.nn.optim.LearningRateSchedule learning-rate schedule}), the
 * current learning rate and the per-parameter arrays (Adam's and AdamW's first and second moments,
 * Momentum's velocities; none for SGD). Hyperparameters, the schedule and the clipping are code, not
 * data: construct them as before. A {@link dev.autograd.nn.train.Trainer}'s shuffling generator is not
 * part of a checkpoint.
 *
 * <h2>File format, version 2</h2>
 *
 * The framing is {@link ParameterStore}'s, with other magic bytes; big-endian throughout.
 *
 * <pre>
 *   offset  size  content
 *   0       8     magic: the ASCII bytes "AGCHECKP"
 *   8       4     format version, int32 = 2
 *   12      8     payload length L in bytes, int64
 *   20      L     payload:
 *                   the parameters and buffers, exactly as in a ParameterStore payload of version 2
 *                   (count, then name, precision, shape, values)
 *                   int16   length of the optimizer's class name in bytes, then the name in UTF-8
 *                   int64   step count
 *                   float64 learning rate
 *                   int32   number of state arrays A
 *                   A times: int32 length n, then n × float64 (float32 state widened exactly)
 *   20 + L  4     CRC-32 of bytes 0 … 20 + L − 1
 * </pre>
 *
 * <p>Version 1 files are read too: their parameter block is ParameterStore's version 1 (float64
 * values, no precision byte); the rest is the same.
 *
 * <p>A reader refuses a damaged file with a {@link ParameterFileException} as {@link ParameterStore}
 * does ("not an autograd checkpoint", "unsupported format version", "truncated", "corrupted"), and a
 * checkpoint that does not fit the model or the optimizer with an {@link IllegalArgumentException}
 * naming the difference; nothing changes unless everything fits. Saving goes through {@link
 * AtomicFiles}: a crash never leaves a half-written file under the target's name.
 */
public final class Checkpoint {
  /** The first eight bytes of every checkpoint file. */
  public static final byte[] MAGIC = "AGCHECKP".getBytes(StandardCharsets.US_ASCII);
  /** The format version this class writes (it reads this one and version 1). */
  public static final int VERSION = 2;
  /** The oldest format version this class reads: 1, whose parameter block is ParameterStore's version 1. */
  public static final int OLDEST_VERSION = 1;

  private final Map<String, Tensor> parameters;
  private final Optimizer.Snapshot optimizer;

  private Checkpoint(Map<String, Tensor> parameters, Optimizer.Snapshot optimizer) {
    this.parameters = Collections.unmodifiableMap(parameters);
    this.optimizer = optimizer;
  }

  /**
   * The stored parameters by name, in file order, as constant tensors.
   *
   * @return an unmodifiable map of tensors not requiring gradients
   */
  public Map<String, Tensor> parameters() {
    return parameters;
  }

  /**
   * The stored optimizer state.
   *
   * @return the snapshot to restore with {@link Optimizer#restoreState}
   */
  public Optimizer.Snapshot optimizer() {
    return optimizer;
  }

  /**
   * Saves {@code model}'s parameters and {@code optimizer}'s state to {@code file}, replacing it if
   * present.
   *
   * @param file the file to write
   * @param model the model whose {@link Module#parameters()} are saved
   * @param optimizer the optimizer whose {@link Optimizer#stateSnapshot()} is saved
   * @throws IllegalArgumentException when an argument is null
   * @throws IOException when the file cannot be written
   */
  public static void save(Path file, Module model, Optimizer optimizer) throws IOException {
    if (file == null || model == null || optimizer == null) {
      throw new IllegalArgumentException("Checkpoint.save: file, model and optimizer must not be null");
    }
    byte[] bytes = encode(model, optimizer.stateSnapshot());
    AtomicFiles.write(file, tmp -> Files.write(tmp, bytes));
  }

  /**
   * Reads a checkpoint without applying it.
   *
   * @param file a checkpoint file
   * @return the stored parameters and optimizer state
   * @throws ParameterFileException when the file is not a checkpoint, of another version, truncated or
   *     corrupted
   */
  public static Checkpoint read(Path file) throws IOException {
    if (file == null) {
      throw new IllegalArgumentException("Checkpoint.read: file must not be null");
    }
    return decode(Files.readAllBytes(file), file.getFileName().toString());
  }

  /**
   * Loads {@code file} into {@code model} and {@code optimizer}: parameters, step count, learning rate
   * and per-parameter state. Nothing changes unless everything fits.
   *
   * @param file a checkpoint file, as written by {@link #save}
   * @param model a model of the saved one's architecture, receiving the parameters
   * @param optimizer an optimizer of the saved one's class over {@code model}'s parameters,
   *     receiving the state
   * @throws ParameterFileException when the file is not a checkpoint, of another version, truncated or
   *     corrupted
   * @throws IllegalArgumentException when the parameters do not fit the model (names, order, shapes) or
   *     the state does not fit the optimizer (class, number and sizes of arrays)
   */
  public static void load(Path file, Module model, Optimizer optimizer) throws IOException {
    if (file == null || model == null || optimizer == null) {
      throw new IllegalArgumentException("Checkpoint.load: file, model and optimizer must not be null");
    }
    String source = file.getFileName().toString();
    Checkpoint c = decode(Files.readAllBytes(file), source);
    var params = ParameterStore.state(model);
    ParameterStore.checkFits(source, c.parameters, params);
    try {
      optimizer.restoreState(c.optimizer);   // checks everything before changing anything
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("load " + source + ": " + e.getMessage(), e);
    }
    ParameterStore.copyInto(c.parameters, params);
  }

  static byte[] encode(Module model, Optimizer.Snapshot state) {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(payload)) {
      ParameterStore.writeParameters(out, ParameterStore.state(model));
      byte[] name = state.optimizer().getBytes(StandardCharsets.UTF_8);
      if (name.length > Short.MAX_VALUE) {
        throw new IllegalArgumentException("save: optimizer class name longer than " + Short.MAX_VALUE + " bytes");
      }
      out.writeShort(name.length);
      out.write(name);
      out.writeLong(state.steps());
      out.writeDouble(state.learningRate());
      out.writeInt(state.arrayCount());
      for (int i = 0; i < state.arrayCount(); i++) {
        double[] a = state.array(i);
        out.writeInt(a.length);
        for (double v : a) {
          out.writeDouble(v);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("save: writing to memory failed", e);
    }
    return ParameterStore.frame(MAGIC, VERSION, payload.toByteArray());
  }

  static Checkpoint decode(byte[] bytes, String source) throws ParameterFileException {
    String where = source + ": ";
    ByteBuffer payload = ParameterStore.unframe(bytes, source, MAGIC, OLDEST_VERSION, VERSION, "an autograd checkpoint");
    try {
      Map<String, Tensor> parameters =
          new LinkedHashMap<>(ParameterStore.parseParameters(payload, where, ParameterStore.version(bytes) >= 2));
      int nameLength = payload.getShort();
      if (nameLength < 0 || nameLength > payload.remaining()) {
        throw new ParameterFileException(where + "corrupted: bad optimizer name length " + nameLength);
      }
      byte[] nameBytes = new byte[nameLength];
      payload.get(nameBytes);
      String name = new String(nameBytes, StandardCharsets.UTF_8);
      long steps = payload.getLong();
      double learningRate = payload.getDouble();
      int count = payload.getInt();
      if (count < 0 || (long) count * 4 > payload.remaining()) {
        throw new ParameterFileException(where + "corrupted: impossible number of state arrays " + count);
      }
      double[][] arrays = new double[count][];
      for (int i = 0; i < count; i++) {
        int n = payload.getInt();
        if (n < 0 || (long) n * 8 > payload.remaining()) {
          throw new ParameterFileException(where + "corrupted: state array " + i + " has impossible length " + n);
        }
        arrays[i] = new double[n];
        for (int j = 0; j < n; j++) {
          arrays[i][j] = payload.getDouble();
        }
      }
      if (payload.hasRemaining()) {
        throw new ParameterFileException(
            where + "corrupted: " + payload.remaining() + " bytes left over after the optimizer state");
      }
      return new Checkpoint(parameters, new Optimizer.Snapshot(name, steps, learningRate, arrays));
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new ParameterFileException(where + "corrupted: the contents do not follow the format (" + e + ")");
    }
  }
}
