package dev.autograd.examples;

import static dev.autograd.examples.TestSupport.assertPicture;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

  @Test
  void help_lists_every_subcommand() {
    assertEquals(0, cli.execute("--help"));
    for (String name : List.of("tour", "sigmoid", "logistic", "perceptron", "basis", "xor", "ring", "real-data",
        "graph", "fashion-mnist", "--seed", "--out", "--progress", "--verbose")) {
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
  void tour_is_a_subcommand_and_the_default() {
    CommandLine.ParseResult parsed = cli.parseArgs("tour");
    assertInstanceOf(Main.Tour.class, parsed.subcommand().commandSpec().userObject());
    assertEquals(List.of("sigmoid", "logistic", "perceptron", "basis", "xor", "ring", "real-data", "graph"),
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
    assertTrue(out().contains("Pictures (1 files) are in " + a.toAbsolutePath().normalize()), out());
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
    assertTrue(out().contains("FAILED: java.lang.IllegalStateException: deliberately broken"), out());
    assertTrue(out().contains("1 FAILED"), out());
    assertEquals(1, main.results().size(), "the second part still ran");
  }

  /** The README's first command: the whole tour with default settings, within its stated bounds. */
  @Test
  void tour_runs_every_part_in_order_and_says_where_the_pictures_are(@TempDir Path dir) throws Exception {
    int code = cli.execute("--out", dir.toString(), "--progress", "lines");
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
  }
}
