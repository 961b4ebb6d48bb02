package dev.autograd.examples;

import static dev.autograd.examples.TestSupport.assertPicture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.examples.plot.Charts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class MainTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final StringWriter errors = new StringWriter();
  private final Main main = new Main(new PrintStream(bytes, true, StandardCharsets.UTF_8));
  private final CommandLine cli = Main.commandLine(main);

  {
    cli.setErr(new PrintWriter(errors, true));
  }

  private String out() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** Asserts that the run ended with exit code 2 and exactly {@code line} on the error writer, having run nothing. */
  private void assertRejected(int code, String line) {
    String err = errors.toString();
    assertEquals(2, code, err);
    assertEquals(List.of(line), err.lines().toList(), "one line on stderr");
    assertFalse(err.contains("Exception") || err.contains("Usage"), err);
    assertEquals("", out(), "nothing ran");
    assertTrue(main.results().isEmpty());
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        Arguments.of(List.of("xor", "--epochs", "-3"), "--epochs must be at least 1; got -3"),
        Arguments.of(List.of("ring", "--hidden", "0"), "--hidden must be at least 1; got 0"),
        Arguments.of(List.of("xor", "--learning-rate", "-0.5"), "--learning-rate must be a positive number; got -0.5"),
        Arguments.of(List.of("logistic", "--learning-rate", "NaN"), "--learning-rate must be a positive number; got NaN"),
        Arguments.of(List.of("real-data", "--test-fraction", "1"),
            "--test-fraction must be between 0 and 1 (both excluded); got 1"),
        Arguments.of(List.of("real-data", "--folds", "1"), "--folds must be 0 (no cross-validation) or at least 2; got 1"),
        Arguments.of(List.of("real-data", "--mlp-epochs", "0"), "--mlp-epochs must be at least 1; got 0"),
        Arguments.of(List.of("sigmoid", "--points", "1"), "--points must be at least 2; got 1"),
        Arguments.of(List.of("basis", "--ring-points", "-7"), "--ring-points must be at least 2; got -7"),
        Arguments.of(List.of("fashion-mnist", "--test-size", "0"), "--test-size must be at least 1; got 0"),
        Arguments.of(List.of("digits-cnn", "--channels", "0"), "--channels must be at least 1; got 0"),
        Arguments.of(List.of("perceptron", "--epochs=0"), "--epochs must be at least 1; got 0"));
  }

  @ParameterizedTest
  @MethodSource("badValues")
  void a_bad_value_is_one_line_on_stderr_and_exit_code_2_before_anything_runs(List<String> args, String message,
      @TempDir Path dir) {
    List<String> line = new ArrayList<>(List.of("--out", dir.resolve("pictures").toString()));
    line.addAll(args);
    assertRejected(cli.execute(line.toArray(String[]::new)), "autograd-examples: " + message);
    assertFalse(Files.exists(dir.resolve("pictures").resolve("5-xor.png")));
  }

  @Test
  void every_numeric_option_of_every_subcommand_is_checked() {
    int checked = 0;
    for (CommandLine sub : cli.getSubcommands().values()) {
      for (CommandLine.Model.OptionSpec option : sub.getCommandSpec().options()) {
        Class<?> type = option.type();
        if (type == int.class || type == long.class || type == double.class || Number.class.isAssignableFrom(type)) {
          String name = option.longestName();
          assertTrue(Main.RULES.containsKey(name), sub.getCommandName() + " " + name + " has no rule in Main.RULES");
          if (!name.equals("--seed")) {
            StringWriter err = new StringWriter();
            CommandLine fresh = Main.commandLine(new Main(new PrintStream(new ByteArrayOutputStream())));
            fresh.setErr(new PrintWriter(err, true));
            int code = fresh.execute(sub.getCommandName(), name, "-1000000");
            assertEquals(2, code, sub.getCommandName() + " " + name + ": " + err);
            assertEquals(1, err.toString().lines().count(), err.toString());
            assertTrue(err.toString().startsWith("autograd-examples: " + name + " must ")
                && err.toString().contains("; got -1000000"), err.toString());
            checked++;
          }
        }
      }
    }
    assertTrue(checked >= 15, checked + " options checked");
  }

  @Test
  void a_value_that_is_not_a_number_is_one_line_without_the_usage() {
    assertRejected(cli.execute("xor", "--epochs", "three"),
        "autograd-examples: Invalid value for option '--epochs': 'three' is not an int "
            + "(see 'autograd-examples xor --help')");
  }

  @Test
  void an_unknown_progress_style_is_one_line() {
    int code = cli.execute("--progress", "sideways");
    assertEquals(2, code);
    assertEquals(1, errors.toString().lines().count(), errors.toString());
    assertTrue(errors.toString().contains("--progress") && errors.toString().contains("sideways"), errors.toString());
  }

  @Test
  void an_output_folder_that_cannot_be_made_is_refused_before_training(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
    assertRejected(cli.execute("--out", file.toString(), "xor"),
        "autograd-examples: cannot write pictures to --out " + file + ": " + file + " exists and is not a folder");
  }

  @Test
  void an_output_folder_below_a_file_is_refused_before_training(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    Path below = file.resolve("pictures");
    int code = cli.execute("xor", "-o", below.toString());
    String err = errors.toString();
    assertEquals(2, code, err);
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.startsWith("autograd-examples: cannot write pictures to --out " + below + ": "), err);
    assertFalse(err.contains("Exception"), err);
    assertEquals("", out());
  }

  @Test
  void missing_fashion_mnist_data_is_refused_before_training(@TempDir Path dir) {
    int code = cli.execute("--out", dir.toString(), "fashion-mnist", "--data", dir.resolve("none").toString());
    String err = errors.toString();
    assertEquals(2, code, err);
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.startsWith("autograd-examples: --data ") && err.contains("apt-get install dataset-fashion-mnist"),
        err);
  }

  @Test
  void help_is_shown_even_when_a_value_is_bad() {
    assertEquals(0, cli.execute("xor", "--epochs", "-3", "--help"));
    assertTrue(out().contains("--epochs"), out());
    assertEquals("", errors.toString());
  }

  @Test
  void counts_of_one_are_singular(@TempDir Path dir) {
    assertEquals(0, cli.execute("--out", dir.toString(), "--progress", "none", "ring", "--epochs", "1", "--hidden",
        "1", "--points", "40"), errors.toString());
    assertTrue(out().contains("1 epoch of Adam"), out());
    assertFalse(out().contains("1 epochs"), out());
    assertTrue(out().contains("1 part in "), out());
    assertTrue(out().contains("Pictures (2 files)"), out());
  }

  @Test
  void help_lists_every_subcommand() {
    assertEquals(0, cli.execute("--help"));
    for (String name : List.of("tour", "sigmoid", "logistic", "perceptron", "basis", "xor", "ring", "real-data",
        "digits-cnn", "graph", "fashion-mnist", "gp", "--seed", "--out", "--progress", "--verbose", "--quick",
        "--dtype")) {
      assertTrue(out().contains(name), "help mentions " + name + ":\n" + out());
    }
  }

  @Test
  void subcommand_help_shows_its_own_and_the_shared_options() {
    assertEquals(0, cli.execute("xor", "--help"));
    assertTrue(out().contains("--epochs") && out().contains("--hidden") && out().contains("--seed"), out());
  }

  @Test
  void unknown_option_is_an_error_with_exit_code_2() {
    assertEquals(2, cli.execute("--epochz", "3"));
    assertTrue(errors.toString().contains("--epochz"), errors.toString());
  }

  @Test
  void defaults_are_seed_42_and_the_autograd_output_folder() {
    cli.parseArgs();
    Context ctx = main.context();
    assertEquals(42, ctx.seed());
    assertEquals(Path.of("autograd-output"), ctx.outDir());
  }

  @Test
  void dtype_is_float64_by_default_and_float32_on_request_before_or_after_the_subcommand() {
    cli.parseArgs();
    assertEquals(dev.autograd.DType.FLOAT64, main.context().dtype());
    cli.parseArgs("--dtype", "float32", "ring");
    assertEquals(dev.autograd.DType.FLOAT32, main.context().dtype());
    cli.parseArgs("real-data", "--dtype", "FLOAT64");
    assertEquals(dev.autograd.DType.FLOAT64, main.context().dtype());
  }

  @Test
  void an_unknown_dtype_is_one_line() {
    int code = cli.execute("--dtype", "float16", "ring");
    assertEquals(2, code);
    assertEquals(1, errors.toString().lines().count(), errors.toString());
    assertTrue(errors.toString().contains("--dtype must be float64 or float32; got float16"), errors.toString());
    assertEquals("", out());
  }

  @Test
  void tour_is_a_subcommand_and_the_default() {
    CommandLine.ParseResult parsed = cli.parseArgs("tour");
    assertInstanceOf(Main.Tour.class, parsed.subcommand().commandSpec().userObject());
    assertEquals(List.of("sigmoid", "logistic", "perceptron", "basis", "xor", "ring", "real-data", "digits-cnn", "graph", "gp"),
        Main.lecture().stream().map(Example::name).toList());
  }

  @Test
  void subcommand_runs_with_shared_options_given_before_or_after_it(@TempDir Path dir) throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    assertEquals(0, cli.execute("--out", a.toString(), "--seed", "3", "sigmoid", "--points", "51"));
    assertEquals(0, cli.execute("sigmoid", "--out", b.toString(), "--progress", "none"));

    assertEquals(2, main.results().size());
    assertPicture(a.resolve("1-sigmoid.png"), Charts.WIDTH, Charts.HEIGHT);
    assertPicture(b.resolve("1-sigmoid.png"), Charts.WIDTH, Charts.HEIGHT);
    assertTrue(out().contains("1 part in ") && out().contains("Pictures (1 file) are in " + a.toAbsolutePath().normalize()), out());
    assertTrue(out().contains("51 points"), out());
  }

  @Test
  void verbose_reports_the_blas_implementation(@TempDir Path dir) {
    assertEquals(0, cli.execute("-v", "--out", dir.toString(), "graph"));
    assertTrue(out().contains("BLAS implementation: " + dev.autograd.Runtime.blas()), out());
  }

  @Test
  void a_failing_part_is_reported_and_the_others_still_run(@TempDir Path dir) {
    cli.parseArgs("--out", dir.toString(), "--progress", "none");
    Example broken = new Example() {
      @Override public String name() {
        return "broken";
      }

      @Override public String title() {
        return "0. A part that fails";
      }

      @Override public ExampleResult run(Context ctx) {
        throw new IllegalStateException("deliberately broken");
      }
    };
    int code = main.runAll(List.of(broken, Main.lecture().get(0)));
    assertEquals(1, code);
    assertTrue(out().contains("FAILED: deliberately broken"), out());
    assertTrue(out().contains("1 FAILED"), out());
    assertEquals(1, main.results().size(), "the second part still ran");
  }

  /**
   * The README's first command: the whole tour with default settings, within its stated bounds; with
   * {@code --quick}, so that where Fashion-MNIST is installed its CNN trains for seconds, not minutes.
   */
  @Test
  void tour_runs_every_part_in_order_and_says_where_the_pictures_are(@TempDir Path dir) throws Exception {
    int code = cli.execute("--quick", "--out", dir.toString(), "--progress", "lines");
    assertEquals(0, code, out());

    List<ExampleResult> results = main.results();
    assertEquals(Main.tour().stream().map(Example::name).toList(),
        results.stream().map(ExampleResult::name).toList());
    int files = 0;
    for (ExampleResult r : results) {
      for (Path f : r.files()) {
        assertTrue(Files.size(f) > 0, f.toString());
        assertTrue(f.toAbsolutePath().startsWith(dir.toAbsolutePath()), f + " is in the output folder");
        files++;
      }
      assertTrue(out().contains("== " + r.title() + " =="), r.title());
    }
    assertTrue(files >= 14, files + " files");
    assertTrue(out().contains("Pictures (" + files + " files) are in " + dir.toAbsolutePath().normalize()), out());
    assertTrue(out().contains("100% ("), "plain progress lines:\n" + out());
    assertTrue(!out().contains("\r"), "no carriage returns when not on a terminal");

    // The claims the tour prints, at its default settings.
    assertTrue(results.get(0).metric("max_abs_difference") <= 1e-15);
    assertTrue(results.get(1).metric("gradient_max_abs_difference") <= 1e-12);
    assertEquals(1.0, results.get(1).metric("accuracy"));
    assertEquals(1.0, results.get(4).metric("two_layer_accuracy"));
    assertEquals(1.0, results.get(4).metric("three_layer_accuracy"));
    assertTrue(results.get(5).metric("test_accuracy") >= 0.99);
    assertTrue(results.get(6).metric("breast_cancer_test_accuracy") >= 0.95);
    assertTrue(results.get(6).metric("digits_test_accuracy") >= 0.95);
    assertTrue(results.get(6).metric("breast_cancer_cv_accuracy") >= 0.97, "the nn issue's bound");
    assertTrue(results.get(6).metric("digits_cv_accuracy") >= 0.96, "the nn issue's bound");
    assertTrue(results.get(9).metric("fitted_nlml") < results.get(9).metric("initial_nlml"));
    assertEquals(1, results.get(9).metric("hessian_positive_definite"));
    assertEquals("digits-cnn", results.get(7).name());
    assertTrue(results.get(7).metric("cv_accuracy") >= 0.985, "the layers issue's bound, seed 42: "
        + results.get(7).metric("cv_accuracy"));
    if (results.size() > 10) {
      ExampleResult fashion = results.get(10);
      assertEquals("fashion-mnist", fashion.name());
      assertTrue(fashion.metric("test_accuracy") >= 0.6, "quick CNN: " + fashion.metric("test_accuracy"));
    }
  }
}
