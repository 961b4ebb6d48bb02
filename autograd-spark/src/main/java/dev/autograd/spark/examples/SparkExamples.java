package dev.autograd.spark.examples;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The command line of the Spark examples:
 *
 * <pre>
 * spark-logistic [--rows N] [--features D] [--partitions P] [--master M] [--seed S] [--out DIR] [--scaling]
 * spark-custom   [--rows N] [--partitions P] [--master M] [--seed S] [--out DIR]
 * </pre>
 *
 * <p>Defaults: 2,000,000 rows (spark-custom: 1,000,000), 5 features, 2 partitions, {@code local[2]},
 * seed 42, pictures in {@code target/spark-examples}. {@code --scaling} runs the same fit on
 * {@code local[1]} and on {@code local[2]} (a fresh Spark context each) and prints both wall times,
 * their ratio and the largest difference between the two fits' parameters. Spark's logging is set to
 * errors only, so that the programs print only their results.
 */
public final class SparkExamples {
  private SparkExamples() {}

  private static final String USAGE = String.join("\n",
      "usage: spark-logistic [--rows N] [--features D] [--partitions P] [--master M] [--seed S] [--out DIR] [--scaling]",
      "       spark-custom   [--rows N] [--partitions P] [--master M] [--seed S] [--out DIR]");

  /**
   * Runs one example.
   *
   * @param args the example's name, then its options
   * @throws IOException when a picture cannot be written
   */
  public static void main(String[] args) throws IOException {
    URL logging = SparkExamples.class.getResource("log4j2-examples.properties");
    if (logging != null && System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", logging.toString());
    }
    Locale.setDefault(Locale.ROOT);
    Map<String, String> o;
    try {
      o = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    String example = o.get("example");
    int partitions = Integer.parseInt(o.getOrDefault("--partitions", "2"));
    long seed = Long.parseLong(o.getOrDefault("--seed", "42"));
    String master = o.getOrDefault("--master", "local[2]");
    Path out = Path.of(o.getOrDefault("--out", "target/spark-examples"));
    if (example.equals("spark-logistic")) {
      long rows = Long.parseLong(o.getOrDefault("--rows", "2000000"));
      int d = Integer.parseInt(o.getOrDefault("--features", "5"));
      String what = String.format("spark-logistic: %,d rows, %d features, %d partitions", rows, d, partitions);
      if (o.containsKey("--scaling")) {
        scaling(rows, d, partitions, seed, what, out);
        return;
      }
      SparkLogistic.Fit fit;
      try (JavaSparkContext sc = context(master)) {
        fit = SparkLogistic.fit(sc, rows, d, partitions, seed);
      }
      SparkLogistic.report(fit, what + ", master " + master, out);
    } else {
      long rows = Long.parseLong(o.getOrDefault("--rows", "1000000"));
      SparkCustom.Fit fit;
      try (JavaSparkContext sc = context(master)) {
        fit = SparkCustom.fit(sc, rows, partitions, seed);
      }
      SparkCustom.report(fit,
          String.format("spark-custom: negative-binomial regression, %,d rows, %d partitions, master %s", rows,
              partitions, master), out);
    }
  }

  /** The same fit on local[1] and local[2], each in a fresh Spark context. */
  private static void scaling(long rows, int d, int partitions, long seed, String what, Path out) throws IOException {
    SparkLogistic.Fit one;
    SparkLogistic.Fit two;
    // a small fit first in each context would only warm that context: warm the JIT once, on local[2]
    try (JavaSparkContext sc = context("local[2]")) {
      SparkLogistic.fit(sc, Math.min(rows, 20_000), d, partitions, seed + 1);
    }
    try (JavaSparkContext sc = context("local[1]")) {
      one = SparkLogistic.fit(sc, rows, d, partitions, seed);
    }
    try (JavaSparkContext sc = context("local[2]")) {
      two = SparkLogistic.fit(sc, rows, d, partitions, seed);
    }
    SparkLogistic.report(two, what + ", master local[2]", out);
    double diff = 0;
    for (int j = 0; j < one.fitted().length; j++) {
      diff = Math.max(diff, Math.abs(one.fitted()[j] - two.fitted()[j]));
    }
    System.out.printf("scaling (%,d rows, %d partitions; same data, same fit):%n", rows, partitions);
    System.out.printf("  local[1]: fit %.2f s (%d evaluations), data %.2f s%n", one.fitMillis() / 1e3,
        one.evaluations(), one.dataMillis() / 1e3);
    System.out.printf("  local[2]: fit %.2f s (%d evaluations), data %.2f s%n", two.fitMillis() / 1e3,
        two.evaluations(), two.dataMillis() / 1e3);
    System.out.printf("  speed-up of the fit local[1]/local[2]: %.2f (ideal 2); of data + fit: %.2f%n",
        (double) one.fitMillis() / two.fitMillis(),
        (double) (one.fitMillis() + one.dataMillis()) / (two.fitMillis() + two.dataMillis()));
    System.out.printf("  largest difference between the two fits' parameters: %.1e%s%n", diff,
        diff == 0 ? " (identical)" : "");
  }

  /** A local Spark context without UI, quiet. */
  static JavaSparkContext context(String master) {
    SparkSession session = SparkSession.builder()
        .master(master)
        .appName("autograd-spark examples")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate();
    session.sparkContext().setLogLevel("ERROR");
    return JavaSparkContext.fromSparkContext(session.sparkContext());
  }

  /** The example's name under "example", and each option with its value ("" for a flag). */
  static Map<String, String> parse(String[] args) {
    if (args.length == 0 || !(args[0].equals("spark-logistic") || args[0].equals("spark-custom"))) {
      throw new IllegalArgumentException("name the example first: spark-logistic or spark-custom; got "
          + Arrays.toString(args));
    }
    Map<String, String> o = new LinkedHashMap<>();
    o.put("example", args[0]);
    boolean logistic = args[0].equals("spark-logistic");
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--scaling") && logistic) {
        o.put(a, "");
      } else if (a.equals("--rows") || a.equals("--partitions") || a.equals("--master") || a.equals("--seed")
          || a.equals("--out") || (a.equals("--features") && logistic)) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(args[0] + ": " + a + " needs a value");
        }
        o.put(a, args[++i]);
      } else {
        throw new IllegalArgumentException(args[0] + ": unknown option " + a);
      }
    }
    for (String numeric : new String[] {"--rows", "--partitions", "--features", "--seed"}) {
      if (o.containsKey(numeric)) {
        try {
          long v = Long.parseLong(o.get(numeric));
          if (v < 1 && !numeric.equals("--seed")) {
            throw new IllegalArgumentException(args[0] + ": " + numeric + " must be >= 1; got " + v);
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(args[0] + ": " + numeric + " needs a whole number; got " + o.get(numeric));
        }
      }
    }
    return o;
  }
}
