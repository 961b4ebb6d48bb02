package dev.autograd.nn.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Reads comma-separated numeric tables strictly: every row must have as many values as the first,
 * and every value must be a decimal number ({@code 12}, {@code -0.5}, {@code 1.2e-3}; surrounding
 * spaces are ignored; {@code NaN}, {@code Infinity} and empty fields are rejected). Blank lines are
 * skipped. A file whose name ends in {@code .gz} is decompressed.
 *
 * <p>A problem throws a {@link CsvFormatException} naming the source, the line and, for a bad value,
 * the column:
 *
 * <pre>
 *   iris.csv line 7: expected 5 values (as on line 2), got 4
 *   iris.csv line 5, column 3: 'abc' is not a number
 * </pre>
 *
 * <p>For a data set, the last column is the target and the others are features. A header line can be
 * skipped, or read in the format of the bundled data sets, {@code n_samples,n_features,<class
 * names…>}, which is checked against the rows.
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
    try (Reader r = open(path)) {
      return parse(r, name(path), skipHeader ? Header.SKIP : Header.NONE).rows;
    }
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
    try (Reader r = open(path)) {
      return readDataset(r, name(path), header);
    }
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
    BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in);
    Parsed p = new Parsed();
    List<double[]> rows = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    int lineNo = 0;
    String line;
    boolean headerPending = header != Header.NONE;
    int width = -1;
    while ((line = r.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      if (headerPending) {
        headerPending = false;
        if (header == Header.COUNTS_AND_CLASS_NAMES) {
          readHeader(p, line, source, lineNo);
        }
        continue;
      }
      String[] fields = line.split(",", -1);
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
        String f = fields[j].trim();
        if (!NUMBER.matcher(f).matches()) {
          throw new CsvFormatException(
              source + " line " + lineNo + ", column " + (j + 1) + ": '" + f + "' is not a number", lineNo);
        }
        row[j] = Double.parseDouble(f);
      }
      rows.add(row);
      lines.add(lineNo);
    }
    if (rows.isEmpty()) {
      throw new CsvFormatException(source + ": no data rows", 0);
    }
    p.rows = rows.toArray(new double[0][]);
    p.lineOfRow = lines;
    return p;
  }

  private static void readHeader(Parsed p, String line, String source, int lineNo) throws CsvFormatException {
    String[] f = line.split(",", -1);
    String expected = source + " line " + lineNo + ": expected a header 'n_samples,n_features,<class names...>'; got '"
        + line + "'";
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

  /** Opens a file as UTF-8 text, through gzip when its name ends in {@code .gz}. */
  static Reader open(Path path) throws IOException {
    InputStream s = Files.newInputStream(path);
    try {
      if (name(path).endsWith(".gz")) {
        s = new GZIPInputStream(s);
      }
    } catch (IOException e) {
      s.close();
      throw new CsvFormatException(name(path) + ": not a gzip file (" + e.getMessage() + ")", 0);
    }
    return new InputStreamReader(s, StandardCharsets.UTF_8);
  }

  private static String name(Path path) {
    Path f = path.getFileName();
    return f == null ? path.toString() : f.toString();
  }
}
