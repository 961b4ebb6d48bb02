package dev.autograd.examples;

import dev.autograd.examples.lecture.BasisFunctionsExample;
import dev.autograd.examples.lecture.FashionMnistExample;
import dev.autograd.examples.lecture.GraphExample;
import dev.autograd.examples.lecture.LogisticRegressionExample;
import dev.autograd.examples.lecture.PerceptronExample;
import dev.autograd.examples.lecture.RealDataExample;
import dev.autograd.examples.lecture.RingExample;
import dev.autograd.examples.lecture.SigmoidExample;
import dev.autograd.examples.lecture.XorExample;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The examples' command line. Without a subcommand (or with {@code tour}) it runs every part of
 * the lecture in order; each subcommand runs one part.
 */
@Command(
    name = "autograd-examples",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    sortOptions = false,
    scope = ScopeType.INHERIT,
    description = {
        "The lecture on logistic regression and neural networks (Harvard CS 181, \"Neural Networks 1\") "
            + "as runnable programs on the autograd engine; every gradient comes from the engine.",
        "",
        "Without a subcommand, runs the tour: every part below, in order (well under a minute)."},
    subcommands = {
        Main.Tour.class,
        SigmoidExample.class,
        LogisticRegressionExample.class,
        PerceptronExample.class,
        BasisFunctionsExample.class,
        XorExample.class,
        RingExample.class,
        RealDataExample.class,
        GraphExample.class,
        FashionMnistExample.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Pictures go to the --out folder (default: autograd-output)."})
public final class Main implements Callable<Integer> {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  /** How progress is shown. */
  public enum ProgressOption { auto, bar, lines, none }

  @Option(names = "--seed", defaultValue = "42", scope = ScopeType.INHERIT,
      description = "Seed of every random choice (data, initial weights, shuffling). Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = {"-o", "--out"}, defaultValue = "autograd-output", scope = ScopeType.INHERIT,
      description = "Folder for the pictures. Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(names = "--progress", defaultValue = "auto", scope = ScopeType.INHERIT,
      description = "Training progress: auto (a bar on a terminal, plain lines otherwise), bar, lines or none. "
          + "Default: ${DEFAULT-VALUE}.")
  ProgressOption progress;

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "Also print the BLAS implementation in use and other details.")
  boolean verbose;

  /** Held so that the level set on it stays in force. */
  private static final Logger NETLIB_LOGGER = Logger.getLogger("dev.ludovic.netlib");

  private final PrintStream stdout;
  private final List<ExampleResult> results = new ArrayList<>();

  /** A command line printing to standard output. */
  public Main() {
    this(System.out);
  }

  /** A command line printing to {@code stdout} (tests pass their own stream). */
  public Main(PrintStream stdout) {
    this.stdout = stdout;
  }

  public static void main(String[] args) {
    System.exit(commandLine(new Main()).execute(args));
  }

  /** The picocli command line of {@code main}, printing help and errors to main's stream. */
  public static CommandLine commandLine(Main main) {
    CommandLine cl = new CommandLine(main);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setOut(new PrintWriter(main.stdout, true));
    return cl;
  }

  /** The tour's parts, in the lecture's order (new instances with default settings). */
  public static List<Example> lecture() {
    return List.of(
        new SigmoidExample(),
        new LogisticRegressionExample(),
        new PerceptronExample(),
        new BasisFunctionsExample(),
        new XorExample(),
        new RingExample(),
        new RealDataExample(),
        new GraphExample());
  }

  /**
   * The tour: the lecture's parts, then Fashion-MNIST where Debian's {@code dataset-fashion-mnist}
   * is installed.
   */
  public static List<Example> tour() {
    List<Example> parts = new ArrayList<>(lecture());
    if (FashionMnistExample.available(FashionMnistExample.DEFAULT_DATA)) {
      parts.add(new FashionMnistExample());
    }
    return parts;
  }

  /** Runs the tour when no subcommand is given. */
  @Override
  public Integer call() {
    return runAll(tour());
  }

  /** The results of the parts run by this command line so far. */
  public List<ExampleResult> results() {
    return List.copyOf(results);
  }

  /** The context the options describe. */
  public Context context() {
    Progress.Style style = switch (progress) {
      case bar -> Progress.Style.BAR;
      case lines -> Progress.Style.LINES;
      case none -> Progress.Style.NONE;
      default -> Progress.Style.auto();
    };
    return new Context(seed, out, stdout, style, verbose);
  }

  /**
   * Runs parts in order, printing each one's summary and, at the end, where the pictures are. A part
   * that fails is reported and the others still run.
   *
   * @return the exit code: 0 when every part succeeded, 1 otherwise
   */
  int runAll(List<Example> parts) {
    Context ctx = context();
    // The BLAS library announces its choice through java.util.logging; say it only when asked.
    NETLIB_LOGGER.setLevel(verbose ? Level.INFO : Level.WARNING);
    if (verbose) {
      ctx.printf("BLAS implementation: %s%n", dev.autograd.Runtime.blas());
      ctx.printf("Java %s on %d processors; seed %d; pictures to %s%n", System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors(), seed, out.toAbsolutePath().normalize());
    }
    long start = System.nanoTime();
    int failed = 0;
    int files = 0;
    for (Example part : parts) {
      ctx.printf("%n== %s ==%n", part.title());
      long t0 = System.nanoTime();
      try {
        ExampleResult r = part.run(ctx);
        results.add(r);
        files += r.files().size();
        for (String line : r.summary()) {
          ctx.printf("  %s%n", line);
        }
        for (Path f : r.files()) {
          ctx.printf("  wrote %s%n", f.getFileName());
        }
        ctx.printf("  (%.1f s)%n", (System.nanoTime() - t0) / 1e9);
      } catch (Exception e) {
        failed++;
        ctx.printf("  FAILED: %s%n", e);
        if (verbose) {
          e.printStackTrace(ctx.out());
        }
      }
    }
    ctx.printf("%n%d part%s in %.1f s%s. Pictures (%d files) are in %s%n", parts.size(),
        parts.size() == 1 ? "" : "s", (System.nanoTime() - start) / 1e9,
        failed == 0 ? "" : String.format(Locale.ROOT, ", %d FAILED", failed), files,
        out.toAbsolutePath().normalize());
    return failed == 0 ? 0 : 1;
  }

  /** Runs every part of the lecture in order. */
  @Command(name = "tour",
      description = "Run every part of the lecture in order (the default).")
  static final class Tour implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand Main main;

    @Override
    public Integer call() {
      return main.runAll(tour());
    }
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"autograd-examples " + (v == null ? "(development build)" : v)};
    }
  }
}
