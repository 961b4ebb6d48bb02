package dev.autograd.ops;

import dev.autograd.Primitive;
import dev.autograd.internal.FloatLoops;

/**
 * The base of the built-in primitives: each one's forward returns a tensor it has just created,
 * which the engine may then record as it is (see {@link Primitive#Primitive(boolean)}), and
 * computes in float32 when its inputs are float32 ({@link FloatLoops}' kernels), unless it says
 * otherwise ({@link #computesFloat32()} false: the engine then hands it float64 copies and rounds
 * its result).
 */
abstract class BuiltIn extends Primitive {
  BuiltIn() {
    super(true);
  }

  @Override
  protected boolean computesFloat32() {
    return true;
  }
}
