/**
 * Data: an immutable {@link dev.autograd.nn.data.Dataset} of feature rows and targets, seeded
 * shuffling and minibatches, train/test splits and (stratified) k-fold cross-validation folds
 * ({@link dev.autograd.nn.data.Split}), per-feature standardisation fitted on training data
 * ({@link dev.autograd.nn.data.Standardizer}), a strict numeric CSV reader
 * ({@link dev.autograd.nn.data.NumericCsv}) and the bundled data sets
 * ({@link dev.autograd.nn.data.Datasets}).
 *
 * <p>Everything random takes a seed: the same seed gives the same order, split and folds.
 */
package dev.autograd.nn.data;
