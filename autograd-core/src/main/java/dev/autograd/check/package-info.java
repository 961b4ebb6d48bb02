/**
 * Gradient checking and property-based gradient testing, as features for users: their own
 * functions, losses and primitives, not only the built-in ones. Nothing here depends on a test
 * framework; failures are {@link java.lang.AssertionError}s carrying a readable report.
 *
 * <ul>
 *   <li>{@link dev.autograd.check.GradCheck}: the engine's first and second derivatives against
 *       finite differences at one point; reports the input, element, both values, both errors, the
 *       tolerance, kinks, and the first primitive whose rule diverges on its own inputs. Fast mode
 *       checks random directions of large inputs.
 *   <li>{@link dev.autograd.check.PropertyCheck}: the same over many generated cases (random
 *       expression graphs over a {@link dev.autograd.check.Catalog}, or random inputs to a user's
 *       function), shrinking a failure to a minimal case printed as Java code, with its seed.
 *   <li>{@link dev.autograd.check.Catalog}, {@link dev.autograd.check.OpSpec},
 *       {@link dev.autograd.check.Domain}, {@link dev.autograd.check.Shapes}: which ops to draw
 *       from, where their inputs may lie, and which shapes fit (every built-in primitive has a spec).
 * </ul>
 */
package dev.autograd.check;
