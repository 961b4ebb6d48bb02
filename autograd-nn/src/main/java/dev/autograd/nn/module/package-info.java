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
 *
 * <p>Layers over {@link dev.autograd.NN}: {@link dev.autograd.nn.module.Conv1d},
 * {@link dev.autograd.nn.module.Conv2d}, {@link dev.autograd.nn.module.MaxPool2d},
 * {@link dev.autograd.nn.module.AvgPool2d}, {@link dev.autograd.nn.module.Flatten},
 * {@link dev.autograd.nn.module.LayerNorm}, {@link dev.autograd.nn.module.BatchNorm1d},
 * {@link dev.autograd.nn.module.BatchNorm2d}, {@link dev.autograd.nn.module.Dropout} and
 * {@link dev.autograd.nn.module.Embedding}. Modules are in training mode until
 * {@link dev.autograd.nn.module.Module#eval()}; batch normalisation's running statistics are
 * {@linkplain dev.autograd.nn.module.Module#buffers() buffers}, saved with the parameters.
 */
package dev.autograd.nn.module;
