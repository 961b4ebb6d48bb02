/**
 * Losses as tensor expressions.
 *
 * <p>A {@link dev.autograd.nn.loss.Loss} maps a prediction and a target to a scalar tensor, built
 * from differentiable operations; its gradient comes from the core engine. The built-in losses in
 * {@link dev.autograd.nn.loss.Losses} are written this way too, so a loss of your own (Huber, focal,
 * anything) is just as good a citizen:
 *
 * <pre>{@code
 * Loss huber = (h, y) -> {
 *   Tensor r = h.sub(y).abs();
 *   return Tensor.where(r.lt(1.0), r.square().mul(0.5), r.sub(0.5)).mean();
 * };
 * }</pre>
 */
package dev.autograd.nn.loss;
