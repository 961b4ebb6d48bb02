package dev.autograd.ops;

import dev.autograd.Primitive;

/**
 * The base of the built-in primitives: each one's forward returns a tensor it has just created,
 * which the engine may then record as it is (see {@link Primitive#Primitive(boolean)}).
 */
abstract class BuiltIn extends Primitive {
  BuiltIn() {
    super(true);
  }
}
