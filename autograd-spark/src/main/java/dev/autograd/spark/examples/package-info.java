/**
 * Two runnable fits on Apache Spark: {@link dev.autograd.spark.examples.SparkLogistic} (the
 * lecture's logistic regression on millions of generated rows, and its {@code local[1]} vs
 * {@code local[2]} scaling) and {@link dev.autograd.spark.examples.SparkCustom} (a negative-binomial
 * regression with an exposure offset and a learned dispersion, which MLlib has no model for). Both
 * start from {@link dev.autograd.spark.examples.SparkExamples#main}; each prints its fit and draws
 * its loss curve ({@link dev.autograd.spark.examples.LossCurve}).
 */
package dev.autograd.spark.examples;
