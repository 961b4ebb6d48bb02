package dev.autograd.nn.data;

import java.io.IOException;

/** A numeric CSV file that cannot be read: the message names the source, the line and what is wrong. */
public final class CsvFormatException extends IOException {
  private static final long serialVersionUID = 1L;
  /** The 1-based line number of the problem, or 0 when it concerns the whole file. */
  private final int line;

  /**
   * A problem at one line of a file.
   *
   * @param message what is wrong, naming the source and the line
   * @param line the 1-based line number, or 0 when the problem concerns the whole file
   */
  public CsvFormatException(String message, int line) {
    super(message);
    this.line = line;
  }

  /**
   * The line of the problem.
   *
   * @return the 1-based line number, or 0 when the problem concerns the whole file
   */
  public int line() {
    return line;
  }
}
