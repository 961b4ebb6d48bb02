package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Programs built on the library print nothing but their own output: run in a child JVM, as a user
 * runs them, with each choice of matrix-multiply kernel and on a machine without the native BLAS
 * library (simulated with netlib's own property naming the library it opens, pointed at a name no
 * machine has), their standard error is empty.
 */
class QuietRunTest {

  @TempDir Path dir;

  /** What a child JVM did. */
  private record Run(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
    }
  }

  /** Runs {@code mainClass} with {@code args} in a JVM like the test's, with {@code jvmOptions}. */
  private Run run(List<String> jvmOptions, String mainClass, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "stdout", ".txt");
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    // The launcher announces these variables on stderr; they belong to the machine, not to the library.
    pb.environment().keySet().removeAll(List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS"));
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("the child JVM did not end within 5 minutes: " + command);
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Trains the logistic-regression part with verbose output (which reports the kernel). */
  private Run train(List<String> jvmOptions) throws IOException, InterruptedException {
    Path pictures = dir.resolve("pictures-" + jvmOptions.size() + "-" + Math.abs(jvmOptions.hashCode()));
    return run(jvmOptions, Main.class.getName(), "-v", "--out", pictures.toString(), "--progress", "lines",
        "logistic");
  }

  private static void assertQuiet(Run r) {
    assertEquals(0, r.exit(), r.toString());
    assertEquals("", r.err(), "nothing on stderr; " + r);
    assertFalse(r.out().isBlank(), r.toString());
  }

  private static String kernel(Run r) {
    for (String line : r.out().split("\n")) {
      if (line.startsWith("BLAS implementation: ")) {
        return line.substring("BLAS implementation: ".length()).strip();
      }
      if (line.startsWith("kernel: ")) {
        return line.substring("kernel: ".length()).strip();
      }
    }
    throw new AssertionError("no kernel reported; " + r);
  }

  @Test
  void training_with_the_default_kernel_prints_nothing_on_stderr() throws Exception {
    Run r = train(List.of());
    assertQuiet(r);
    assertTrue(r.out().contains("100% (30/30") && r.out().contains("accuracy 1.000"), r.toString());
    String k = kernel(r);
    assertTrue(k.startsWith("native BLAS (") || k.startsWith("netlib ") || k.startsWith("pure Java"), k);
  }

  @Test
  void training_with_the_pure_java_kernel_prints_nothing_on_stderr() throws Exception {
    Run r = train(List.of("-Dautograd.blas=java"));
    assertQuiet(r);
    assertTrue(r.out().contains("accuracy 1.000"), r.toString());
    assertEquals("pure Java (autograd row kernel)", kernel(r));
  }

  @Test
  void training_on_a_machine_without_the_native_library_prints_nothing_on_stderr() throws Exception {
    Run r = train(List.of("-Ddev.ludovic.netlib.blas.nativeLib=libautograd-test-absent.so.3"));
    assertQuiet(r);
    assertTrue(r.out().contains("accuracy 1.000"), r.toString());
    assertEquals("pure Java (autograd row kernel)", kernel(r));
  }

  /** Without the examples' command line, which sets up nothing for the library. */
  @Test
  void the_library_alone_prints_nothing_on_stderr_with_or_without_the_native_library() throws Exception {
    Run withDefault = run(List.of(), LibraryOnlyRun.class.getName());
    assertQuiet(withDefault);
    Run without = run(List.of("-Ddev.ludovic.netlib.blas.nativeLib=libautograd-test-absent.so.3"),
        LibraryOnlyRun.class.getName());
    assertQuiet(without);
    assertEquals("pure Java (autograd row kernel)", kernel(without));
    // Both kernels computed the same sums (to rounding); the line after the kernel's name holds them.
    String[] a = withDefault.out().strip().split("\n")[1].split(" ");
    String[] b = without.out().strip().split("\n")[1].split(" ");
    assertEquals(Double.parseDouble(a[1]), Double.parseDouble(b[1]), 1e-9 * Math.abs(Double.parseDouble(b[1])) + 1e-9);
    assertEquals(Double.parseDouble(a[4]), Double.parseDouble(b[4]), 1e-9 * Math.abs(Double.parseDouble(b[4])) + 1e-9);
  }
}
