package dev.autograd.nn.data;

import java.io.IOException;

/** A numeric CSV file that cannot be read: the message names the source, the line and what is wrong. */
public final class CsvFormatException extends IOException {
  private static final long serialVersionUID = 1L;
  private final int line;

  public CsvFormatException(String message, int line) {
    super(message);
    this.line = line;
  }

  /** The 1-based line number of the problem, or 0 when it concerns the whole file. */
  public int line() {
    return line;
  }
}
