package dev.autograd.nn.data;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads comma-separated numeric tables strictly. The text is split into records by Apache Commons CSV
 * (RFC 4180: fields may be quoted with {@code "}, a quote inside a quoted field is doubled, line ends
 * are LF, CRLF or CR). Every row must have as many values as the first, and every value must be a
 * decimal number ({@code 12}, {@code -0.5}, {@code 1.2e-3}; surrounding spaces are ignored; {@code
 * NaN}, {@code Infinity}, empty fields and numbers beyond the range of a double such as {@code 1e400}
 * are rejected; a number too small for a double, such as {@code 1e-400}, is read as 0, its nearest
 * double). Blank lines are skipped, and a UTF-8 byte order mark at the start is ignored. Files are
 * read as UTF-8; other bytes are an error naming the line. A file whose
 * name ends in {@code .gz} is decompressed.
 *
 * <p>A problem throws a {@link CsvFormatException} naming the source, the line and, for a bad value,
 * the column (counted from 1):
 *
 * <pre>
 *   iris.csv line 7: expected 5 values (as on line 2), got 4
 *   iris.csv line 5, column 3: 'abc' is not a number
 *   iris.csv line 5, column 3: '1e400' is beyond the range of a double (largest 1.7976931348623157E308)
 *   iris.csv line 9: a quoted value is not closed before the end of the file
 *   digits.csv.gz: the compressed data ends early (the .gz file is truncated)
 * </pre>
 *
 * <p>For a data set, the last column is the target and the others are features. A header line can be
 * skipped, or read in the format of the bundled data sets, {@code n_samples,n_features,<class
 * names…>}, which is checked against the rows. For a header of column names, columns chosen by name
 * and class names in the label column, use {@link CsvDatasetReader}.
 */
public final class NumericCsv {
  private NumericCsv() {}

  /** What the first line of a file is. */
  public enum Header {
    /** No header: the first line is data. */
    NONE,
    /** A header line that is ignored. */
    SKIP,
    /**
     * {@code n_samples,n_features,<class names…>}: the counts are checked against the data and the
     * names become the data set's class names (label {@code j} is the {@code j}-th name).
     */
    COUNTS_AND_CLASS_NAMES
  }

  private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  /**
   * The numeric rows of a file (gzip'd when the name ends in {@code .gz}).
   *
   * @param path the file
   * @param skipHeader whether the first line is a header to ignore
   * @return the rows, one array of numbers each
   * @throws IOException if the file cannot be read, or {@link CsvFormatException} if it is not numeric CSV of the expected form
   */
  public static double[][] readRows(Path path, boolean skipHeader) throws IOException {
    return withFile(path, r -> parse(r, name(path), skipHeader ? Header.SKIP : Header.NONE).rows);
  }

  /**
   * The numeric rows read from {@code in}; {@code source} names it in error messages.
   *
   * @param in the text to read; the caller closes it
   * @param source the name of the text in error messages
   * @param skipHeader whether the first line is a header to ignore
   * @return the rows, one array of numbers each
   * @throws IOException if reading fails, or {@link CsvFormatException} if the text is not numeric CSV of the expected form
   */
  public static double[][] readRows(Reader in, String source, boolean skipHeader) throws IOException {
    return parse(in, source, skipHeader ? Header.SKIP : Header.NONE).rows;
  }

  /**
   * A data set from a file: features, then the target in the last column.
   *
   * @param path the file (gzip'd when the name ends in {@code .gz})
   * @param header what the first line holds
   * @return the data set
   * @throws IOException if the file cannot be read, or {@link CsvFormatException} if it is not numeric CSV of the expected form
   */
  public static Dataset readDataset(Path path, Header header) throws IOException {
    return withFile(path, r -> readDataset(r, name(path), header));
  }

  /**
   * A data set read from {@code in}: features, then the target in the last column.
   *
   * @param in the text to read; the caller closes it
   * @param source the name of the text in error messages
   * @param header what the first line holds
   * @return the data set
   * @throws IOException if reading fails, or {@link CsvFormatException} if the text is not numeric CSV of the expected form
   */
  public static Dataset readDataset(Reader in, String source, Header header) throws IOException {
    Parsed p = parse(in, source, header);
    int width = p.rows[0].length;
    if (width < 2) {
      throw new CsvFormatException(
          source + ": a data set needs at least one feature column and a target column; rows have " + width
              + " value", p.firstDataLine);
    }
    double[][] x = new double[p.rows.length][];
    double[] y = new double[p.rows.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = Arrays.copyOf(p.rows[i], width - 1);
      y[i] = p.rows[i][width - 1];
    }
    if (p.counts != null) {
      if (p.counts[0] != x.length) {
        throw new CsvFormatException(
            source + ": the header promises " + p.counts[0] + " samples; the file has " + x.length + " rows", 1);
      }
      if (p.counts[1] != width - 1) {
        throw new CsvFormatException(
            source + ": the header promises " + p.counts[1] + " features; rows have " + (width - 1)
                + " features and a label", 1);
      }
    }
    Dataset data = Dataset.of(x, y);
    if (p.classNames != null && !p.classNames.isEmpty()) {
      int[] labels;
      try {
        labels = data.labels();
      } catch (IllegalStateException e) {
        throw new CsvFormatException(source + ": " + e.getMessage() + " (the header names classes)", 0);
      }
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] >= p.classNames.size()) {
          throw new CsvFormatException(
              source + ": label " + labels[i] + " has no class name (the header names " + p.classNames.size()
                  + " classes)", p.lineOfRow.get(i));
        }
      }
      data = data.withClassNames(p.classNames);
    }
    return data;
  }

  private static final class Parsed {
    double[][] rows;
    int[] counts;
    List<String> classNames;
    int firstDataLine;
    List<Integer> lineOfRow;
  }

  private static Parsed parse(Reader in, String source, Header header) throws IOException {
    Parsed p = new Parsed();
    List<double[]> rows = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    boolean headerPending = header != Header.NONE;
    int width = -1;
    try (CsvRecords records = new CsvRecords(in, source)) {
      while (records.next()) {
        String[] fields = records.fields();
        int lineNo = records.line();
        if (headerPending) {
          headerPending = false;
          if (header == Header.COUNTS_AND_CLASS_NAMES) {
            readHeader(p, fields, source, lineNo);
          }
          continue;
        }
        if (width < 0) {
          width = fields.length;
          p.firstDataLine = lineNo;
        } else if (fields.length != width) {
          throw new CsvFormatException(
              source + " line " + lineNo + ": expected " + width + " values (as on line " + p.firstDataLine + "), got "
                  + fields.length, lineNo);
        }
        double[] row = new double[width];
        for (int j = 0; j < width; j++) {
          row[j] = number(fields[j], source, lineNo, j, null);
        }
        rows.add(row);
        lines.add(lineNo);
      }
    }
    if (rows.isEmpty()) {
      throw new CsvFormatException(source + ": no data rows", 0);
    }
    p.rows = rows.toArray(new double[0][]);
    p.lineOfRow = lines;
    return p;
  }

  /**
   * The number in {@code field} (surrounding spaces ignored), or an error naming the source, the line,
   * the 1-based column and, when given, the column's name.
   */
  static double number(String field, String source, int line, int column, String columnName)
      throws CsvFormatException {
    String f = field.trim();
    String at = source + " line " + line + ", column " + (column + 1)
        + (columnName == null ? "" : " (" + columnName + ")") + ": '" + f + "' ";
    if (!NUMBER.matcher(f).matches()) {
      throw new CsvFormatException(at + "is not a number", line);
    }
    double v = Double.parseDouble(f);
    if (Double.isInfinite(v)) {
      throw new CsvFormatException(at + "is beyond the range of a double (largest " + Double.MAX_VALUE + ")", line);
    }
    return v;
  }

  private static void readHeader(Parsed p, String[] f, String source, int lineNo) throws CsvFormatException {
    String expected = source + " line " + lineNo + ": expected a header 'n_samples,n_features,<class names...>'; got '"
        + String.join(",", f) + "'";
    if (f.length < 2) {
      throw new CsvFormatException(expected, lineNo);
    }
    int[] counts = new int[2];
    for (int i = 0; i < 2; i++) {
      try {
        counts[i] = Integer.parseInt(f[i].trim());
      } catch (NumberFormatException e) {
        throw new CsvFormatException(expected, lineNo);
      }
      if (counts[i] < 1) {
        throw new CsvFormatException(expected, lineNo);
      }
    }
    List<String> names = new ArrayList<>();
    for (int i = 2; i < f.length; i++) {
      String name = f[i].trim();
      if (name.isEmpty()) {
        throw new CsvFormatException(
            source + " line " + lineNo + ": class name " + (i - 2) + " in the header is empty", lineNo);
      }
      names.add(name);
    }
    p.counts = counts;
    p.classNames = List.copyOf(names);
  }

  /**
   * Opens a file as UTF-8 text, through gzip when its name ends in {@code .gz}; bytes that are not
   * UTF-8 are an error, not replacement characters.
   */
  static Reader open(Path path) throws IOException {
    InputStream s = Files.newInputStream(path);
    try {
      if (name(path).endsWith(".gz")) {
        s = new GzipErrors(new GZIPInputStream(s), name(path));
      }
    } catch (IOException e) {
      s.close();
      throw new CsvFormatException(name(path) + ": not a gzip file (" + e.getMessage() + ")", 0);
    }
    return new InputStreamReader(
        s, StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT));
  }

  /** A step that reads from an opened file. */
  @FunctionalInterface
  interface FileRead<T> {
    T from(Reader r) throws IOException;
  }

  /**
   * {@code body} applied to the opened file; when the text turns out not to be UTF-8, the error is
   * replaced by one giving the line and byte offset of the first bad byte.
   */
  static <T> T withFile(Path path, FileRead<T> body) throws IOException {
    try (Reader r = open(path)) {
      return body.from(r);
    } catch (CsvFormatException e) {
      if (e.getMessage().equals(name(path) + CsvRecords.NOT_UTF8)) {
        throw locateNotUtf8(path, e);
      }
      throw e;
    }
  }

  private static CsvFormatException locateNotUtf8(Path path, CsvFormatException e) throws IOException {
    byte[] bytes;
    try (InputStream raw = Files.newInputStream(path);
        InputStream in = name(path).endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
      bytes = in.readAllBytes();
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    CoderResult result = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(buf, CharBuffer.allocate(bytes.length), true);
    if (!result.isError()) {
      return e;
    }
    int at = buf.position();
    int line = 1;
    for (int i = 0; i < at; i++) {
      // CR and LF never occur inside a multi-byte UTF-8 sequence, so counting bytes counts lines
      if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) {
        line++;
      }
    }
    return new CsvFormatException(
        name(path) + " line " + line + ": the text is not valid UTF-8 (byte " + String.format("0x%02X", bytes[at] & 0xff)
            + " at offset " + at + ")", line);
  }

  /** Turns the decompressor's bare exceptions into messages that name the file. */
  private static final class GzipErrors extends FilterInputStream {
    private final String name;

    GzipErrors(InputStream in, String name) {
      super(in);
      this.name = name;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (EOFException e) {
        throw truncated();
      } catch (ZipException e) {
        throw corrupt(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (EOFException e) {
        throw truncated();
      } catch (ZipException e) {
        throw corrupt(e);
      }
    }

    private CsvFormatException truncated() {
      return new CsvFormatException(name + ": the compressed data ends early (the .gz file is truncated)", 0);
    }

    private CsvFormatException corrupt(ZipException e) {
      return new CsvFormatException(name + ": the compressed data is corrupt (" + e.getMessage() + ")", 0);
    }
  }

  static String name(Path path) {
    Path f = path.getFileName();
    return f == null ? path.toString() : f.toString();
  }
}
