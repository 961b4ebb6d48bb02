/**
 * Neural-network building blocks written as graph expressions over the core engine.
 *
 * <p>Nothing in this module knows a derivative. A model is a function from tensors to tensors built
 * from {@link dev.autograd.Tensor} operations, a loss is another such expression, and every gradient
 * comes from the core's reverse mode. The lecture this project grows from derives the gradient of
 * logistic regression and backpropagation by hand; here both are read off the graph.
 *
 * <ul>
 *   <li>{@link dev.autograd.nn.module}: modules with named parameters ({@code Linear}, activations,
 *       {@code Sequential}, the {@code MLP} builder, {@code LogisticRegression}).
 *   <li>{@link dev.autograd.nn.loss}: losses as expressions; a user loss is any lambda.
 *   <li>{@link dev.autograd.nn.optim}: optimizers that update parameters outside the graph.
 *   <li>{@link dev.autograd.nn.train}: the training loop (per-example or minibatch).
 *   <li>{@link dev.autograd.nn.data}: data sets, splits, folds, standardisation, CSV reading, the
 *       bundled data sets.
 *   <li>{@link dev.autograd.nn.eval}: accuracy, confusion counts, loss on a data set, cross-validation.
 *   <li>{@link dev.autograd.nn.io}: saving and loading parameters in a checked file format.
 * </ul>
 */
package dev.autograd.nn;
