package dev.autograd.examples;

import dev.autograd.DType;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What every example runs with: the random seed, the folder for its pictures, where to print, how
 * to show progress, and the precision of the trained networks.
 *
 * @param seed seed of every random choice (data, initial weights, shuffling)
 * @param outDir folder the pictures are written to (created when needed)
 * @param out where summaries and progress lines go
 * @param progressStyle how training progress is shown
 * @param verbose whether to print extra detail
 * @param dtype the precision the networks of the MLP and CNN parts are converted to and trained in
 *     ({@code --dtype}); the data stay float64 (the first layer converts them)
 */
public record Context(long seed, Path outDir, PrintStream out, Progress.Style progressStyle, boolean verbose,
    DType dtype) {

  /** Checks that the precision is given. */
  public Context {
    if (dtype == null) {
      throw new IllegalArgumentException("Context: dtype is null (DType.FLOAT64 or DType.FLOAT32)");
    }
  }

  /** A context whose networks are float64 (the default of {@code --dtype}). */
  public Context(long seed, Path outDir, PrintStream out, Progress.Style progressStyle, boolean verbose) {
    this(seed, outDir, out, progressStyle, verbose, DType.FLOAT64);
  }

  /** {@code " (float32)"} when the networks are float32, else empty: for summary lines. */
  public String dtypeNote() {
    return dtype == DType.FLOAT64 ? "" : " (" + dtype + ")";
  }

  /** The path of an output file called {@code name} in {@link #outDir()}, creating the folder. */
  public Path file(String name) {
    try {
      Files.createDirectories(outDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the output folder " + outDir.toAbsolutePath(), e);
    }
    return outDir.resolve(name);
  }

  /** Starts a progress display for {@code task} of {@code total} steps. */
  public Progress progress(String task, long total) {
    return Progress.start(progressStyle, task, total, out);
  }

  /** Prints a formatted line (Locale.ROOT, so decimals always use a point). */
  public void printf(String format, Object... args) {
    out.printf(Locale.ROOT, format, args);
  }

  /** A derived seed for the {@code k}-th independent random choice of an example. */
  public long seed(int k) {
    return seed * 1_000_003L + k;
  }
}
