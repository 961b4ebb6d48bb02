package dev.autograd.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Autograd;
import dev.autograd.Linalg;
import dev.autograd.Tensor;
import dev.autograd.spark.examples.SparkCustom;
import dev.autograd.spark.examples.SparkExamples;
import dev.autograd.spark.examples.SparkLogistic;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two example programs on a few thousand rows. Tolerances are statistical, not tuned to a seed:
 * each fitted parameter must lie within 4.5 standard errors of the generating one, the standard
 * errors being √diag(H⁻¹) for H the Hessian of the summed negative log-likelihood at the fit
 * (the observed Fisher information; computed locally by differentiating the same BatchLoss twice).
 * For a correct maximum-likelihood fit each such deviation is about standard normal, so 4.5 fails by
 * chance with probability below 10⁻⁴ over all parameters.
 */
class SparkExamplesTest {
  @TempDir Path out;

  @Test
  void spark_logistic_recovers_the_generating_parameters_and_draws_its_loss_curve() throws Exception {
    int d = 5;
    SparkLogistic.Fit fit = SparkLogistic.fit(SparkTests.context(), 4000, d, 2, 7);
    List<double[]> rows = SparkLogistic.data(SparkTests.context(), 4000, d, 2, 7).collect();
    double[] se = standardErrors(rows, SparkLogistic.loss(d), new int[][] {{d, 1}, {1}}, fit.fitted());
    assertWithin(fit.truth(), fit.fitted(), se, 4.5);
    assertTrue(fit.loss() <= fit.lossAtTruth(), "the fit's loss is at most the loss at the truth");
    assertEquals(fit.iterations() + 1, fit.losses().size());
    assertEquals(Math.log(2), fit.losses().get(0), 1e-12);   // from w = 0, b = 0: σ = ½ everywhere
    Path picture = report(() -> SparkLogistic.report(fit, "test", out));
    assertTrue(Files.size(picture) > 1000, "the loss curve is written: " + picture);
  }

  @Test
  void spark_custom_recovers_coefficients_and_dispersion_and_draws_its_loss_curve() throws Exception {
    SparkCustom.Fit fit = SparkCustom.fit(SparkTests.context(), 5000, 2, 11);
    List<double[]> rows = SparkCustom.data(SparkTests.context(), 5000, 2, 11).collect();
    double[] se = standardErrors(rows, SparkCustom.loss(3), new int[][] {{3, 1}, {1}, {1}}, fit.fitted());
    assertWithin(fit.truth(), fit.fitted(), se, 4.5);
    assertTrue(se[4] < 0.15, "log α is identified: standard error " + se[4]);
    assertTrue(fit.loss() <= fit.lossAtTruth());
    Path picture = report(() -> SparkCustom.report(fit, "test", out));
    assertTrue(Files.size(picture) > 1000, "the loss curve is written: " + picture);
  }

  @Test
  void the_command_line_names_a_wrong_option() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> parse("spark-custom", "--scaling"));
    assertEquals("spark-custom: unknown option --scaling", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> parse("spark-logistic", "--rows", "many"));
    assertEquals("spark-logistic: --rows needs a whole number; got many", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> parse("spark-logistic", "--rows"));
    assertEquals("spark-logistic: --rows needs a value", e.getMessage());
  }

  private static void parse(String... args) throws Exception {
    var m = SparkExamples.class.getDeclaredMethod("parse", String[].class);
    m.setAccessible(true);
    try {
      m.invoke(null, (Object) args);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }

  /** √diag(H⁻¹), H the Hessian of the loss summed over all rows, at the flat parameters {@code x}. */
  static double[] standardErrors(List<double[]> rows, BatchLoss loss, int[][] shapes, double[] x) {
    int n = rows.size();
    int w = rows.get(0).length;
    double[] all = new double[n * w];
    for (int i = 0; i < n; i++) {
      System.arraycopy(rows.get(i), 0, all, i * w, w);
    }
    Tensor batch = Tensor.wrap(all, n, w);
    Tensor h = Autograd.hessian(flat -> {
      Tensor[] ps = new Tensor[shapes.length];
      int k = 0;
      for (int i = 0; i < shapes.length; i++) {
        int size = 1;
        for (int s : shapes[i]) {
          size *= s;
        }
        ps[i] = flat.slice(0, k, k + size).reshape(shapes[i]);
        k += size;
      }
      return loss.apply(ps, batch);
    }, Tensor.vector(x));
    double[] v = Linalg.inv(h).diagonal().toArray();
    double[] se = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      se[i] = Math.sqrt(v[i]);
    }
    return se;
  }

  static void assertWithin(double[] truth, double[] fitted, double[] se, double k) {
    for (int i = 0; i < truth.length; i++) {
      assertTrue(Math.abs(fitted[i] - truth[i]) <= k * se[i],
          "parameter " + i + ": fitted " + fitted[i] + ", generating " + truth[i] + ", standard error " + se[i]);
    }
  }

  interface Reporting {
    Path run() throws Exception;
  }

  /** Runs a report with System.out captured (the tests print nothing), and returns its picture. */
  static Path report(Reporting r) throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, "UTF-8"));
    try {
      Path p = r.run();
      assertTrue(buffer.toString("UTF-8").contains("loss curve: "));
      return p;
    } finally {
      System.setOut(old);
    }
  }
}
