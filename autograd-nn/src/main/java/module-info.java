/**
 * Neural networks on the autograd engine: modules and layers, losses, optimizers, training,
 * data sets and evaluation, parameter files. Every gradient comes from {@code dev.autograd}'s
 * primitives; nothing here states a derivative.
 */
module dev.autograd.nn {
  requires transitive dev.autograd;
  requires org.apache.commons.csv;

  exports dev.autograd.nn.data;
  exports dev.autograd.nn.eval;
  exports dev.autograd.nn.io;
  exports dev.autograd.nn.loss;
  exports dev.autograd.nn.module;
  exports dev.autograd.nn.optim;
  exports dev.autograd.nn.train;
}
