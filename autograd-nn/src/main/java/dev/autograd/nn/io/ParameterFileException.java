package dev.autograd.nn.io;

import java.io.IOException;

/**
 * A parameter file that cannot be read: not a parameter file, an unsupported version, truncated, or
 * corrupted (its checksum does not match). The message says which.
 */
public final class ParameterFileException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * A parameter file that cannot be read.
   *
   * @param message what is wrong with the file
   */
  public ParameterFileException(String message) {
    super(message);
  }
}
