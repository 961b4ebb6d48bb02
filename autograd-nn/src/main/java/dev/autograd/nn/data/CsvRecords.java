package dev.autograd.nn.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.Iterator;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The records of a CSV text (RFC 4180, as parsed by Apache Commons CSV: comma-separated, fields may be
 * quoted with {@code "}, a quote inside a quoted field is doubled, line ends are LF, CRLF or CR), one
 * at a time, each with the line it starts on. Blank lines are skipped; a UTF-8 byte order mark at the
 * start is ignored. Bytes that are not UTF-8 (in files opened strictly, as {@link NumericCsv} opens them)
 * are reported (with their line when read from a file). A syntax error or a failing source becomes a {@link CsvFormatException} or the
 * source's own {@link IOException}.
 */
final class CsvRecords implements Closeable {
  private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();
  private static final char BOM = '\uFEFF';
  /** The end of the message for text that is not UTF-8, after the source's name. */
  static final String NOT_UTF8 = ": the text is not valid UTF-8";

  private final String source;
  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private String[] fields;
  private int line;

  CsvRecords(Reader in, String source) throws IOException {
    this.source = source;
    PushbackReader r = new PushbackReader(in, 1);
    try {
      int first = r.read();
      if (first != -1 && first != BOM) {
        r.unread(first);
      }
      this.parser = CSVParser.parse(r, FORMAT);
    } catch (CharacterCodingException e) {
      throw new CsvFormatException(source + NOT_UTF8, 0);
    }
    this.records = parser.iterator();
  }

  /** Moves to the next record that is not blank; false at the end of the text. */
  boolean next() throws IOException {
    while (true) {
      int start = (int) parser.getCurrentLineNumber() + 1;
      CSVRecord rec;
      try {
        if (!records.hasNext()) {
          return false;
        }
        rec = records.next();
      } catch (UncheckedIOException e) {
        if (e.getCause() instanceof CharacterCodingException) {
          // the decoder reads ahead, so the line is not known here; NumericCsv.withFile finds it
          throw new CsvFormatException(source + NOT_UTF8, 0);
        }
        throw translate(e.getCause(), start);
      }
      if (rec.size() == 1 && rec.get(0).isBlank()) {
        continue;
      }
      fields = rec.values();
      line = start;
      return true;
    }
  }

  private IOException translate(IOException e, int start) {
    if (!(e instanceof CSVException)) {
      return e;
    }
    String m = String.valueOf(e.getMessage());
    if (m.contains("EOF reached before encapsulated token finished")) {
      return new CsvFormatException(
          source + " line " + start + ": a quoted value is not closed before the end of the file", start);
    }
    if (m.contains("Invalid character between encapsulated token and delimiter")) {
      return new CsvFormatException(
          source + " line " + start + ": a quoted value is followed by more text before the next comma", start);
    }
    return new CsvFormatException(source + " line " + start + ": malformed CSV (" + m + ")", start);
  }

  /** The current record's fields, as written (quotes removed, spaces kept). */
  String[] fields() {
    return fields;
  }

  /** The 1-based line on which the current record starts. */
  int line() {
    return line;
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }
}
