/**
 * Gradient checking and property-based gradient testing, as features for users: their own
 * functions, losses and primitives, not only the built-in ones. Nothing here depends on a test
 * framework; failures are {@link java.lang.AssertionError}s carrying a readable report.
 *
 * <ul>
 *   <li>{@link dev.autograd.check.GradCheck}: the engine's first and second derivatives against
 *       finite differences at one point, with steps scaled to the input ({@code h·max(1, |x|)}) and
 *       an error estimate with every numeric derivative (rounding, and Richardson from a second step
 *       on a disagreement) that is part of the tolerance; reports the input, element, both values,
 *       both errors, the step, the estimate, the tolerance formula, the directions of directional and
 *       second-order checks, and the first primitive whose rule diverges on its own inputs. Kinks
 *       (relu at 0) and jumps of the second derivative (Huber at δ) are recognised from one-sided
 *       differences and reported as such; where finite differences cannot judge (values so large
 *       that rounding eats the digits) the result is <em>inconclusive</em>, never a failure. A
 *       failure therefore means a real disagreement. Fast mode checks random directions of large
 *       inputs.
 *   <li>{@link dev.autograd.check.PropertyCheck}: the same over many generated cases (random
 *       expression graphs over a {@link dev.autograd.check.Catalog}, or random inputs to a user's
 *       function, from per-element domains or a custom generator of all inputs, with constants such
 *       as labels), shrinking a failure to a minimal case printed as Java code, with its seed. A
 *       shrink step is taken only when the smaller case still fails conclusively (the error
 *       estimate included), so the minimal case reproduces; custom inputs shrink by a user's
 *       simplifier, or not at all.
 *   <li>{@link dev.autograd.check.Catalog}, {@link dev.autograd.check.OpSpec},
 *       {@link dev.autograd.check.Domain}, {@link dev.autograd.check.Shapes}: which ops to draw
 *       from, where their inputs may lie, and which shapes fit (every built-in primitive has a spec).
 * </ul>
 */
package dev.autograd.check;
