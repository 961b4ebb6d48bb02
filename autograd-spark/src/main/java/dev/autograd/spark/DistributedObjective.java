package dev.autograd.spark;

import dev.autograd.Autograd;
import dev.autograd.Gradients;
import dev.autograd.Tensor;
import dev.autograd.nn.optim.LBFGS;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * A loss and its gradients summed over every row of a distributed data set.
 *
 * <p>One evaluation is one Spark job: the parameters go to the executors as a broadcast of one plain
 * {@code double[]}; each partition cuts its rows into batches of {@link #batchSize()} rows, builds
 * each batch's graph with our engine ({@link Autograd#valueAndGrad}) and adds up the batch losses and
 * gradients; the partitions' partial sums (one {@code double[]} of {@code 2 + parameters} values:
 * loss, gradient, row count) are combined by {@code treeAggregate} with depth
 * {@code max(1, ⌈log₈ partitions⌉)}. Nothing of a graph is serialized.
 *
 * <p>The data are checked once, by the factories, before any fit: an empty data set, a row of the
 * wrong width or a non-finite value (NaN, infinity or, for a {@code Dataset}, null) is an
 * {@link IllegalArgumentException} naming the row and column; for a {@code Dataset}, a missing or
 * non-numeric column is named too. The data are cached (persisted in memory) by the factories.
 *
 * <p>Sums are deterministic for a given partitioning when at most two partial sums meet at the
 * driver; with more, Spark merges them in the order tasks finish, so the last bits may differ between
 * runs (as in MLlib).
 */
public final class DistributedObjective implements LBFGS.Objective {
  private final JavaRDD<double[]> rows;
  private final int width;
  private final int[][] shapes;
  private final int parameterCount;
  private final BatchLoss loss;
  private final int batchSize;
  private final long count;
  private final String[] columns;

  /**
   * The sums of one evaluation.
   *
   * @param loss the loss summed over the rows
   * @param gradient its gradient, flat, in the order of the parameter shapes
   * @param rows the number of rows summed over
   */
  public record Sums(double loss, double[] gradient, long rows) {}

  private DistributedObjective(
      JavaRDD<double[]> rows, int width, int[][] shapes, BatchLoss loss, int batchSize, long count, String[] columns) {
    this.rows = rows;
    this.width = width;
    this.shapes = shapes;
    int n = 0;
    for (int[] s : shapes) {
      n += size(s);
    }
    this.parameterCount = n;
    this.loss = loss;
    this.batchSize = batchSize;
    this.count = count;
    this.columns = columns;
  }

  /**
   * An objective over rows of {@code width} values each.
   *
   * @param rows the data; cached by this call, and checked (one Spark job)
   * @param width the number of values in every row
   * @param shapes the parameters' shapes, at least one
   * @param loss the loss summed over a batch, a function of the parameters
   * @return the objective, with batches of 4096 rows
   * @throws IllegalArgumentException when the data set is empty, a row has another width or a
   *     non-finite value (the first such row is named, counted from 0), or an argument is invalid
   */
  public static DistributedObjective of(JavaRDD<double[]> rows, int width, int[][] shapes, BatchLoss loss) {
    if (rows == null || shapes == null || loss == null) {
      throw new IllegalArgumentException("DistributedObjective.of: rows, shapes and loss must not be null");
    }
    return checked(rows, width, checkShapes(shapes), loss, null);
  }

  /**
   * An objective over the named numeric columns of {@code data}, in that order (each row becomes a
   * {@code double[]} of {@code columns.size()} values).
   *
   * @param data the data set
   * @param columns the columns the loss reads, in the order of a batch's columns
   * @param shapes the parameters' shapes, at least one
   * @param loss the loss summed over a batch
   * @return the objective, with batches of 4096 rows
   * @throws IllegalArgumentException when a column is missing or not numeric, the data set is empty
   *     or a value is null or not finite (the row and column are named)
   */
  public static DistributedObjective of(Dataset<Row> data, List<String> columns, int[][] shapes, BatchLoss loss) {
    if (data == null || columns == null || shapes == null || loss == null) {
      throw new IllegalArgumentException("DistributedObjective.of: data, columns, shapes and loss must not be null");
    }
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("DistributedObjective.of: name at least one column");
    }
    StructType schema = data.schema();
    List<String> available = Arrays.asList(schema.fieldNames());
    for (String c : columns) {
      if (!available.contains(c)) {
        throw new IllegalArgumentException(
            "DistributedObjective.of: no column '" + c + "' in the data set; its columns are " + available);
      }
      StructField field = schema.apply(c);
      if (!(field.dataType() instanceof NumericType)) {
        throw new IllegalArgumentException(
            "DistributedObjective.of: column '" + c + "' has type " + field.dataType().simpleString()
                + "; expected a numeric column (double, float, int, long, ...)");
      }
    }
    String[] names = columns.toArray(new String[0]);
    int w = names.length;
    JavaRDD<double[]> rows = data.select(names[0], Arrays.copyOfRange(names, 1, w)).javaRDD().map(r -> {
      double[] v = new double[w];
      for (int j = 0; j < w; j++) {
        v[j] = r.isNullAt(j) ? Double.NaN : ((Number) r.get(j)).doubleValue();
      }
      return v;
    });
    return checked(rows, w, checkShapes(shapes), loss, names);
  }

  private static int[][] checkShapes(int[][] shapes) {
    if (shapes.length == 0) {
      throw new IllegalArgumentException("DistributedObjective.of: needs at least one parameter shape");
    }
    int[][] copy = new int[shapes.length][];
    for (int i = 0; i < shapes.length; i++) {
      if (shapes[i] == null) {
        throw new IllegalArgumentException("DistributedObjective.of: parameter shape " + i + " is null");
      }
      for (int d : shapes[i]) {
        if (d < 1) {
          throw new IllegalArgumentException(
              "DistributedObjective.of: parameter shape " + i + " " + Arrays.toString(shapes[i])
                  + " has a dimension < 1");
        }
      }
      copy[i] = shapes[i].clone();
    }
    return copy;
  }

  private static DistributedObjective checked(
      JavaRDD<double[]> rows, int width, int[][] shapes, BatchLoss loss, String[] names) {
    if (width < 1) {
      throw new IllegalArgumentException("DistributedObjective.of: width must be >= 1; got " + width);
    }
    JavaRDD<double[]> cached = rows.cache();
    // one pass: the row count and the first bad row (by index), if any
    List<Tuple2<double[], Long>> bad = cached.zipWithIndex().filter(t -> problem(t._1, width) != null).take(1);
    if (!bad.isEmpty()) {
      double[] row = bad.get(0)._1;
      long index = bad.get(0)._2;
      String what = problem(row, width);
      if (what.startsWith("width")) {
        throw new IllegalArgumentException(
            "DistributedObjective.of: row " + index + " has " + row.length + " values; expected " + width);
      }
      int j = Integer.parseInt(what.substring("value ".length()));
      String column = names == null ? "column " + j : "column '" + names[j] + "'";
      throw new IllegalArgumentException(
          "DistributedObjective.of: row " + index + ", " + column + " is " + (names != null && Double.isNaN(row[j])
              ? "null or NaN" : String.valueOf(row[j])) + "; expected a finite number");
    }
    long count = cached.count();
    if (count == 0) {
      throw new IllegalArgumentException("DistributedObjective.of: the data set is empty (no rows to fit)");
    }
    return new DistributedObjective(cached, width, shapes, loss, 4096, count, names);
  }

  private static String problem(double[] row, int width) {
    if (row == null || row.length != width) {
      return "width";
    }
    for (int j = 0; j < row.length; j++) {
      if (!Double.isFinite(row[j])) {
        return "value " + j;
      }
    }
    return null;
  }

  /**
   * The same objective with another batch size (rows per graph on the executors).
   *
   * @param rowsPerBatch {@code ≥ 1}
   * @return a new objective over the same (cached) data
   * @throws IllegalArgumentException when {@code rowsPerBatch < 1}
   */
  public DistributedObjective withBatchSize(int rowsPerBatch) {
    if (rowsPerBatch < 1) {
      throw new IllegalArgumentException("DistributedObjective: batch size must be >= 1; got " + rowsPerBatch);
    }
    return new DistributedObjective(rows, width, shapes, loss, rowsPerBatch, count, columns);
  }

  /**
   * Rows per batch on the executors.
   *
   * @return {@code ≥ 1}
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * The number of rows.
   *
   * @return {@code ≥ 1}
   */
  public long count() {
    return count;
  }

  /**
   * The parameters' shapes.
   *
   * @return copies, in order
   */
  public int[][] shapes() {
    int[][] out = new int[shapes.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = shapes[i].clone();
    }
    return out;
  }

  /**
   * The total number of scalar parameters.
   *
   * @return the sum of the shapes' sizes
   */
  public int parameterCount() {
    return parameterCount;
  }

  /**
   * The cached rows.
   *
   * @return the data as checked
   */
  public JavaRDD<double[]> rows() {
    return rows;
  }

  /**
   * The loss and gradient summed over every row (one Spark job).
   *
   * @param parameters the parameters, flat, {@link #parameterCount()} values
   * @return the sums
   * @throws IllegalArgumentException when the number of parameters is wrong
   */
  public Sums sums(double[] parameters) {
    return sums(rows, parameters);
  }

  /**
   * The loss and gradient summed over a Bernoulli sample of the rows (MLlib's
   * {@code miniBatchFraction}).
   *
   * @param parameters the parameters, flat
   * @param fraction the expected fraction of rows, in {@code (0, 1]}
   * @param seed the sample's seed
   * @return the sums over the sampled rows ({@link Sums#rows()} may be 0)
   */
  public Sums sampledSums(double[] parameters, double fraction, long seed) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("DistributedObjective: the sample fraction must be in (0, 1]; got " + fraction);
    }
    return sums(fraction == 1 ? rows : rows.sample(false, fraction, seed), parameters);
  }

  /**
   * The mean loss over all rows, writing the mean gradient: the function L-BFGS minimises.
   *
   * @param x the parameters, flat
   * @param gradient receives the mean gradient
   * @return the mean loss
   */
  @Override
  public double evaluate(double[] x, double[] gradient) {
    Sums s = sums(x);
    for (int i = 0; i < gradient.length; i++) {
      gradient[i] = s.gradient()[i] / s.rows();
    }
    return s.loss() / s.rows();
  }

  private Sums sums(JavaRDD<double[]> data, double[] parameters) {
    if (parameters == null || parameters.length != parameterCount) {
      throw new IllegalArgumentException(
          "DistributedObjective: needs " + parameterCount + " parameter values; got "
              + (parameters == null ? "null" : String.valueOf(parameters.length)));
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.context());
    Broadcast<double[]> bc = sc.broadcast(parameters.clone());
    try {
      int[][] shapes = this.shapes;
      int width = this.width;
      int batch = this.batchSize;
      BatchLoss f = this.loss;
      int p = parameterCount;
      int partitions = data.getNumPartitions();
      int depth = Math.max(1, (int) Math.ceil(Math.log(partitions) / Math.log(8) - 1e-9));
      double[] total = data
          .mapPartitions(it -> List.of(partial(it, bc.value(), shapes, width, batch, f)).iterator())
          .treeAggregate(new double[p + 2], DistributedObjective::addInto, DistributedObjective::addInto, depth);
      return new Sums(total[0], Arrays.copyOfRange(total, 1, p + 1), (long) total[p + 1]);
    } finally {
      bc.destroy();
    }
  }

  private static double[] addInto(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }

  /** One partition's sums: [loss, gradient..., rows]. Runs on an executor. */
  static double[] partial(Iterator<double[]> it, double[] x, int[][] shapes, int width, int batchSize, BatchLoss f) {
    int p = x.length;
    double[] acc = new double[p + 2];
    double[] buffer = new double[batchSize * width];
    int n = 0;
    while (it.hasNext()) {
      System.arraycopy(it.next(), 0, buffer, n * width, width);
      n++;
      if (n == batchSize) {
        batch(acc, x, shapes, Tensor.wrap(buffer.clone(), n, width), f);
        n = 0;
      }
    }
    if (n > 0) {
      batch(acc, x, shapes, Tensor.wrap(Arrays.copyOf(buffer, n * width), n, width), f);
    }
    return acc;
  }

  private static void batch(double[] acc, double[] x, int[][] shapes, Tensor rows, BatchLoss f) {
    Tensor[] ps = new Tensor[shapes.length];
    int k = 0;
    for (int i = 0; i < shapes.length; i++) {
      int s = size(shapes[i]);
      ps[i] = Tensor.wrap(Arrays.copyOfRange(x, k, k + s), shapes[i]);
      k += s;
    }
    Gradients g = Autograd.valueAndGrad(xs -> {
      Tensor v = f.apply(xs, rows);
      if (v == null || v.size() != 1) {
        throw new IllegalArgumentException("BatchLoss: must return a scalar (the loss summed over the batch); got "
            + (v == null ? "null" : "shape " + Arrays.toString(v.shape())));
      }
      return v;
    }, ps);
    acc[0] += g.value().item();
    k = 1;
    for (int i = 0; i < ps.length; i++) {
      double[] gi = g.get(i).toArray();
      for (double v : gi) {
        acc[k++] += v;
      }
    }
    acc[acc.length - 1] += rows.dim(0);
  }

  /**
   * The same sums computed on one machine from local rows (for checks and small data).
   *
   * @param rows the rows, each {@code width} values
   * @param parameters the parameters, flat
   * @param shapes the parameters' shapes
   * @param loss the loss summed over a batch
   * @param batchSize rows per graph
   * @return the sums
   */
  public static Sums localSums(List<double[]> rows, double[] parameters, int[][] shapes, BatchLoss loss, int batchSize) {
    int width = rows.get(0).length;
    double[] acc = partial(new ArrayList<>(rows).iterator(), parameters, shapes, width, batchSize, loss);
    int p = parameters.length;
    return new Sums(acc[0], Arrays.copyOfRange(acc, 1, p + 1), (long) acc[p + 1]);
  }

  private static int size(int[] shape) {
    int s = 1;
    for (int d : shape) {
      s *= d;
    }
    return s;
  }
}
