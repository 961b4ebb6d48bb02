/**
 * The training loop: {@link dev.autograd.nn.train.Trainer} runs epochs of (per-example or minibatch)
 * optimisation steps of a model under any {@link dev.autograd.nn.loss.Loss}, reporting progress to a
 * {@link dev.autograd.nn.train.TrainingListener}.
 */
package dev.autograd.nn.train;
