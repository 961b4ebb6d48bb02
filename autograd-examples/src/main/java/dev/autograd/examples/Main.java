package dev.autograd.examples;

import dev.autograd.DType;
import dev.autograd.examples.lecture.BasisFunctionsExample;
import dev.autograd.examples.lecture.DigitsCnnExample;
import dev.autograd.examples.lecture.FashionMnistExample;
import dev.autograd.examples.lecture.GaussianProcessExample;
import dev.autograd.examples.lecture.GraphExample;
import dev.autograd.examples.lecture.LogisticRegressionExample;
import dev.autograd.examples.lecture.PerceptronExample;
import dev.autograd.examples.lecture.RealDataExample;
import dev.autograd.examples.lecture.RingExample;
import dev.autograd.examples.lecture.SigmoidExample;
import dev.autograd.examples.lecture.XorExample;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
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
        "Without a subcommand, runs the tour: every part below, in order (a couple of minutes; where Fashion-MNIST "
            + "is installed, its CNN adds minutes per epoch unless --quick)."},
    subcommands = {
        Main.Tour.class,
        SigmoidExample.class,
        LogisticRegressionExample.class,
        PerceptronExample.class,
        BasisFunctionsExample.class,
        XorExample.class,
        RingExample.class,
        RealDataExample.class,
        DigitsCnnExample.class,
        GraphExample.class,
        FashionMnistExample.class,
        GaussianProcessExample.class,
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

  @Option(names = "--quick",
      description = "In the tour, train the Fashion-MNIST CNN briefly (seconds) instead of for minutes.")
  boolean quick;

  @Option(names = "--dtype", defaultValue = "float64", scope = ScopeType.INHERIT, converter = DTypeConverter.class,
      description = "Precision of the trained MLPs and CNNs (parts 5, 6, 7, 7b, Fashion-MNIST): float64 or float32. "
          + "Default: ${DEFAULT-VALUE}.")
  DType dtype;

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
      description = "Also print the BLAS implementation in use and other details.")
  boolean verbose;

  /** The program's name, the start of every error line. */
  public static final String NAME = "autograd-examples";

  /** Held so that the level set on it stays in force. */

  /** The terminal library under the progress bar logs through java.util.logging; it has nothing to say here. */
  private static final Logger JLINE_LOGGER = Logger.getLogger("org.jline");

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

  /**
   * The picocli command line of {@code main}, printing help to main's stream and errors to its
   * error writer (standard error unless {@link CommandLine#setErr} says otherwise). Every option's
   * value is checked before anything runs: a bad one ends the run with exit code 2 and one line on
   * the error writer, such as {@code autograd-examples: --epochs must be at least 1; got -3}.
   */
  public static CommandLine commandLine(Main main) {
    CommandLine cl = new CommandLine(main);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setOut(new PrintWriter(main.stdout, true));
    cl.setParameterExceptionHandler(Main::badInput);
    cl.setExecutionExceptionHandler((e, commandLine, parsed) -> {
      commandLine.getErr().println(NAME + ": " + describe(e));
      commandLine.getErr().flush();
      return 1;
    });
    cl.setExecutionStrategy(parsed -> {
      if (!helpRequested(parsed)) {
        main.check(parsed);
      }
      return new CommandLine.RunLast().execute(parsed);
    });
    return cl;
  }

  /** A rule for a numeric option: null when {@code value} is acceptable, otherwise what is wrong. */
  interface Rule {
    String problem(double value);
  }

  private static Rule atLeast(long min) {
    return v -> v >= min ? null : "must be at least " + min;
  }

  /**
   * The rule of every numeric option of every subcommand, by option name ({@code --seed} takes any
   * number). A test walks the subcommands and fails on a numeric option missing from here.
   */
  static final Map<String, Rule> RULES = Map.ofEntries(
      Map.entry("--seed", v -> null),
      Map.entry("--epochs", atLeast(1)),
      Map.entry("--lr-epochs", atLeast(1)),
      Map.entry("--mlp-epochs", atLeast(1)),
      Map.entry("--hidden", atLeast(1)),
      Map.entry("--channels", atLeast(1)),
      Map.entry("--points", atLeast(2)),
      Map.entry("--ring-points", atLeast(2)),
      Map.entry("--train-size", atLeast(1)),
      Map.entry("--test-size", atLeast(1)),
      Map.entry("--folds", v -> v == 0 || v >= 2 ? null : "must be 0 (no cross-validation) or at least 2"),
      Map.entry("--test-fraction", v -> v > 0 && v < 1 ? null : "must be between 0 and 1 (both excluded)"),
      Map.entry("--learning-rate", v -> v > 0 && Double.isFinite(v) ? null : "must be a positive number"));

  /**
   * Checks the options of every command on the line, and that the picture folder can be written;
   * throws a {@link ParameterException} saying what is wrong.
   */
  void check(ParseResult parsed) {
    for (ParseResult level = parsed; level != null; level = level.subcommand()) {
      CommandLine cl = level.commandSpec().commandLine();
      for (OptionSpec option : level.commandSpec().options()) {
        Object value = option.getValue();
        Rule rule = RULES.get(option.longestName());
        if (rule != null && value instanceof Number n) {
          String problem = rule.problem(n.doubleValue());
          if (problem != null) {
            List<String> typed = option.originalStringValues();
            throw new ParameterException(cl, option.longestName() + " " + problem + "; got "
                + (typed.isEmpty() ? value : typed.get(typed.size() - 1)));
          }
        }
      }
      if (level.commandSpec().userObject() instanceof FashionMnistExample f && !FashionMnistExample.available(f.data)) {
        throw new ParameterException(cl, "--data " + f.data + ": no Fashion-MNIST IDX files there; install them "
            + "with 'apt-get install dataset-fashion-mnist' or pass --data DIR");
      }
    }
    String problem = unwritable(out);
    if (problem != null) {
      throw new ParameterException(parsed.commandSpec().commandLine(),
          "cannot write pictures to --out " + out + ": " + problem);
    }
  }

  /** Null when pictures can be written into {@code dir} (created if needed), otherwise why not. */
  static String unwritable(Path dir) {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".autograd-write-test", ".tmp");
      Files.delete(probe);
      return null;
    } catch (FileAlreadyExistsException e) {
      return e.getFile() + " exists and is not a folder";
    } catch (AccessDeniedException e) {
      return "permission denied" + (e.getFile() == null ? "" : " (" + e.getFile() + ")");
    } catch (FileSystemException e) {
      String where = e.getFile() == null || Path.of(e.getFile()).equals(dir) ? "" : " (" + e.getFile() + ")";
      return (e.getReason() != null ? e.getReason().toLowerCase(Locale.ROOT) : "the folder cannot be created") + where;
    } catch (IOException | SecurityException e) {
      return describe(e);
    }
  }

  private static boolean helpRequested(ParseResult parsed) {
    for (ParseResult level = parsed; level != null; level = level.subcommand()) {
      if (level.isUsageHelpRequested() || level.isVersionHelpRequested()
          || level.commandSpec().userObject() instanceof CommandLine.HelpCommand) {
        return true;
      }
    }
    return false;
  }

  /** One line on the error writer for a bad command line; exit code 2. */
  private static int badInput(ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    String message = oneLine(e.getMessage());
    if (!(e.getCause() == null && e.getClass() == ParameterException.class)) {
      // picocli's own parse errors (unknown option, not a number, ...): say where the options are listed
      message += " (see '" + cl.getCommandSpec().qualifiedName() + " --help')";
    }
    cl.getErr().println(NAME + ": " + message);
    cl.getErr().flush();
    return cl.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** What went wrong, in words: the message (without exception class names), or the kind of error. */
  static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : oneLine(m);
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", "; ");
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
        new DigitsCnnExample(),
        new GraphExample(),
        new GaussianProcessExample());
  }

  /**
   * The tour: the lecture's parts, then the Fashion-MNIST CNN where Debian's {@code dataset-fashion-mnist}
   * is installed.
   */
  public static List<Example> tour() {
    return tour(false);
  }

  /**
   * The tour; with {@code quick}, the Fashion-MNIST CNN is trained briefly
   * ({@link FashionMnistExample#quickCnn()}) instead of for minutes.
   */
  public static List<Example> tour(boolean quick) {
    List<Example> parts = new ArrayList<>(lecture());
    if (FashionMnistExample.available(FashionMnistExample.DEFAULT_DATA)) {
      parts.add(quick ? FashionMnistExample.quickCnn() : FashionMnistExample.cnn());
    }
    return parts;
  }

  /** Runs the tour when no subcommand is given. */
  @Override
  public Integer call() {
    return runAll(tour(quick));
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
    return new Context(seed, out, stdout, style, verbose, dtype);
  }

  /**
   * Runs parts in order, printing each one's summary and, at the end, where the pictures are. A part
   * that fails is reported and the others still run.
   *
   * @return the exit code: 0 when every part succeeded, 1 otherwise
   */
  int runAll(List<Example> parts) {
    Context ctx = context();
    JLINE_LOGGER.setLevel(verbose ? Level.WARNING : Level.OFF);
    if (verbose) {
      ctx.printf("BLAS implementation: %s%n", dev.autograd.Runtime.blas());
      ctx.printf("Java %s on %s; seed %d; pictures to %s%n", System.getProperty("java.version"),
          Words.count(Runtime.getRuntime().availableProcessors(), "processor"), seed, out.toAbsolutePath().normalize());
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
        ctx.printf("  FAILED: %s%n", describe(e));
        if (verbose) {
          e.printStackTrace(ctx.out());
        }
      }
    }
    ctx.printf("%n%s in %.1f s%s. Pictures (%s) are in %s%n", Words.count(parts.size(), "part"),
        (System.nanoTime() - start) / 1e9, failed == 0 ? "" : String.format(Locale.ROOT, ", %d FAILED", failed),
        Words.count(files, "file"), out.toAbsolutePath().normalize());
    return failed == 0 ? 0 : 1;
  }

  /** Runs every part of the lecture in order. */
  @Command(name = "tour",
      description = "Run every part of the lecture in order (the default).")
  static final class Tour implements Callable<Integer> {
    @picocli.CommandLine.ParentCommand Main main;

    @Override
    public Integer call() {
      return main.runAll(tour(main.quick));
    }
  }

  /** {@code float64} or {@code float32} (any case) as a {@link DType}. */
  static final class DTypeConverter implements CommandLine.ITypeConverter<DType> {
    @Override
    public DType convert(String value) {
      for (DType d : DType.values()) {
        if (d.toString().equalsIgnoreCase(value)) {
          return d;
        }
      }
      throw new CommandLine.TypeConversionException("--dtype must be float64 or float32; got " + value);
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
