/**
 * Modules: functions from tensors to tensors that own named parameters.
 *
 * <p>A {@link dev.autograd.nn.module.Module} computes its output with differentiable tensor
 * operations only; it never mentions a gradient. {@link dev.autograd.nn.module.Linear} computes
 * {@code x·W + b} with {@code W} stored as {@code [in, out]}, so a batch of rows goes through one
 * matrix product. {@link dev.autograd.nn.module.Sequential} chains modules and names their
 * parameters by position ({@code "0.weight"}, {@code "2.bias"}), {@link dev.autograd.nn.module.MLP}
 * builds the usual stack, and {@link dev.autograd.nn.module.LogisticRegression} is the lecture's
 * model in its binary and multinomial forms.
 */
package dev.autograd.nn.module;
