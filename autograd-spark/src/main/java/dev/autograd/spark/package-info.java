/**
 * Fitting any differentiable model on Apache Spark: a {@link dev.autograd.spark.DistributedObjective}
 * sums a {@link dev.autograd.spark.BatchLoss} and its gradients over all rows of a {@code JavaRDD<double[]>}
 * or a {@code Dataset<Row>} (parameters go out as a broadcast of plain arrays, partial sums come back by
 * {@code treeAggregate}), and {@link dev.autograd.spark.SparkFit} minimises it with L-BFGS (full batch) or
 * with minibatch SGD/Adam on the driver.
 */
package dev.autograd.spark;
