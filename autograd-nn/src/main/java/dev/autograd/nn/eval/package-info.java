/**
 * Evaluation without recording a graph: predicted labels ({@link dev.autograd.nn.eval.Decision}),
 * accuracy and loss on a data set ({@link dev.autograd.nn.eval.Metrics}), confusion counts
 * ({@link dev.autograd.nn.eval.ConfusionMatrix}) and k-fold cross-validation
 * ({@link dev.autograd.nn.eval.CrossValidation}).
 */
package dev.autograd.nn.eval;
