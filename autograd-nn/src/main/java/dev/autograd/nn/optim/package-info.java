/**
 * Optimizers: update a model's parameters from their gradients, outside the graph.
 *
 * <p>The gradients come from the core engine ({@link dev.autograd.Autograd#gradients}); an optimizer
 * only applies an update rule to each parameter's live storage with recording switched off, so no
 * update ever becomes part of a graph. The rules are
 *
 * <ul>
 *   <li>{@link dev.autograd.nn.optim.SGD}: {@code θ ← θ − η·g};
 *   <li>{@link dev.autograd.nn.optim.Momentum}: {@code v ← μ·v + g, θ ← θ − η·v};
 *   <li>{@link dev.autograd.nn.optim.Adam}: bias-corrected moving averages of {@code g} and {@code g²};
 *   <li>{@link dev.autograd.nn.optim.AdamW}: Adam with decoupled weight decay {@code θ ← θ·(1 − η·λ)}.
 * </ul>
 *
 * <p>SGD and Momentum take an optional L2 weight decay ({@code g ← g + λ·θ}). Every optimizer accepts
 * a {@link dev.autograd.nn.optim.GradientClipping} (by global norm or by value) and a {@link
 * dev.autograd.nn.optim.LearningRateSchedule} (step, exponential, cosine with warm-up), applied at
 * each step; its state ({@link dev.autograd.nn.optim.Optimizer#stateSnapshot()}) goes into a {@link
 * dev.autograd.nn.io.Checkpoint} so that training resumes exactly.
 *
 * <p>Per-example SGD (the lecture's) and minibatch SGD are the same rule applied to batches of one or
 * of many examples; the batch size is chosen in {@link dev.autograd.nn.train.Trainer}.
 */
package dev.autograd.nn.optim;
