/**
 * Saving and loading a model's parameters. See {@link dev.autograd.nn.io.ParameterStore} for the file
 * format (magic bytes, version, names, shapes, values and a CRC-32 checksum) and the guarantees: a
 * file is written aside and renamed into place, and a file that does not fit the model, is corrupted
 * or is truncated is refused with a message saying which.
 */
package dev.autograd.nn.io;
