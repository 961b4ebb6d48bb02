package dev.autograd.nn.data;

import dev.autograd.Args;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a data set from a CSV file whose first line names its columns, choosing the feature columns
 * and the label column by name:
 *
 * <pre>{@code
 * CsvDataset iris = CsvDatasetReader.create()
 *     .features("sepal_length", "petal_length")
 *     .label("species")
 *     .categoricalLabel()
 *     .read(Path.of("iris.csv"));
 * Dataset data = iris.dataset();   // labels 0, 1, 2; class names setosa, versicolor, virginica
 * }</pre>
 *
 * <p>The text is split as by {@link NumericCsv} (RFC 4180 quoting, blank lines skipped, a UTF-8 byte
 * order mark ignored, {@code .gz} files decompressed), and feature values follow its rules for
 * numbers. Without {@link #label}, the label is the last column; without {@link #features}, every
 * other column is a feature. Columns that are neither are not read at all, so they may hold anything.
 *
 * <p><b>Labels.</b> By default the label column holds numbers (class indices {@code 0 … k−1} or
 * regression targets). With {@link #categoricalLabel()} it holds class names: the distinct names
 * (surrounding spaces removed) are <em>sorted</em> ({@link String#compareTo}) and name {@code j}
 * becomes label {@code j}, so the mapping does not depend on the order of the rows and a shuffled copy
 * of a file gets the same labels. With {@link #classes} the caller fixes the names and their order, and
 * a name outside the list is an error.
 *
 * <p>Problems throw a {@link CsvFormatException} naming the source, the line and, for a value, the
 * column number and name: {@code iris.csv line 4, column 2 (sepal_width): 'x' is not a number}.
 *
 * <p>Instances are immutable: each setter returns a new reader.
 */
public final class CsvDatasetReader {
  private final List<String> features;
  private final String label;
  private final boolean categorical;
  private final List<String> classes;

  private CsvDatasetReader(List<String> features, String label, boolean categorical, List<String> classes) {
    this.features = features;
    this.label = label;
    this.categorical = categorical;
    this.classes = classes;
  }

  /**
   * A reader with the defaults: every column but the last is a feature; the last is a numeric label.
   *
   * @return a reader with no columns chosen
   */
  public static CsvDatasetReader create() {
    return new CsvDatasetReader(null, null, false, null);
  }

  /**
   * The feature columns, by name, in the order the features will have.
   *
   * @param names the columns' names as in the header, at least one, distinct
   * @return a new reader with these feature columns
   * @throws IllegalArgumentException for no names, a null or a repeated name
   */
  public CsvDatasetReader features(String... names) {
    Args.noNulls(names, "features", "names");
    if (names.length == 0) {
      throw new IllegalArgumentException("features: needs at least one column name");
    }
    List<String> list = List.of(names);
    for (int i = 0; i < names.length; i++) {
      if (list.indexOf(names[i]) != i) {
        throw new IllegalArgumentException("features: column '" + names[i] + "' is named twice");
      }
    }
    return new CsvDatasetReader(list, label, categorical, classes);
  }

  /**
   * The label column, by name.
   *
   * @param name the column's name as in the header
   * @return a new reader with this label column
   */
  public CsvDatasetReader label(String name) {
    Args.notNull(name, "label", "name");
    return new CsvDatasetReader(features, name, categorical, classes);
  }

  /**
   * The label column holds class names, numbered in sorted order.
   *
   * @return a new reader whose label classes are the sorted distinct names found
   */
  public CsvDatasetReader categoricalLabel() {
    return new CsvDatasetReader(features, label, true, null);
  }

  /**
   * The label column holds class names, exactly these: name {@code j} becomes label {@code j}.
   *
   * @param names the class names, name {@code j} for label {@code j}; at least one, distinct
   * @return a new reader with these classes
   * @throws IllegalArgumentException for no names, a null, empty or repeated name
   */
  public CsvDatasetReader classes(String... names) {
    Args.noNulls(names, "classes", "names");
    if (names.length == 0) {
      throw new IllegalArgumentException("classes: needs at least one class name");
    }
    List<String> list = List.of(names);
    for (int i = 0; i < names.length; i++) {
      if (names[i].isBlank() || !names[i].equals(names[i].trim())) {
        throw new IllegalArgumentException(
            "classes: class names must be non-empty without surrounding spaces; got '" + names[i] + "'");
      }
      if (list.indexOf(names[i]) != i) {
        throw new IllegalArgumentException("classes: class '" + names[i] + "' is named twice");
      }
    }
    return new CsvDatasetReader(features, label, true, list);
  }

  /**
   * Reads a file (gzip'd when its name ends in {@code .gz}).
   *
   * @param path the CSV file
   * @return the data set with the file's column names
   * @throws IOException when the file cannot be read, or a {@link CsvFormatException} when its
   *     content does not fit
   */
  public CsvDataset read(Path path) throws IOException {
    Args.notNull(path, "read", "path");
    return NumericCsv.withFile(path, r -> read(r, NumericCsv.name(path)));
  }

  /**
   * Reads from {@code in}; {@code source} names it in error messages.
   *
   * @param in the CSV text; not closed
   * @param source the name used in error messages, e.g. the file's name
   * @return the data set with the text's column names
   * @throws IOException when {@code in} cannot be read, or a {@link CsvFormatException} when its
   *     content does not fit
   */
  public CsvDataset read(Reader in, String source) throws IOException {
    Args.notNull(in, "read", "in");
    Args.notNull(source, "read", "source");
    try (CsvRecords records = new CsvRecords(in, source)) {
      if (!records.next()) {
        throw new CsvFormatException(source + ": no header line naming the columns", 0);
      }
      int headerLine = records.line();
      List<String> names = header(records.fields(), source, headerLine);
      int labelColumn = label == null ? names.size() - 1 : column(label, names, source);
      int[] featureColumns;
      if (features == null) {
        featureColumns = new int[names.size() - 1];
        for (int j = 0, k = 0; j < names.size(); j++) {
          if (j != labelColumn) {
            featureColumns[k++] = j;
          }
        }
      } else {
        featureColumns = new int[features.size()];
        for (int k = 0; k < featureColumns.length; k++) {
          featureColumns[k] = column(features.get(k), names, source);
          if (featureColumns[k] == labelColumn) {
            throw new CsvFormatException(
                source + ": column '" + names.get(labelColumn) + "' is the label and cannot also be a feature", 0);
          }
        }
      }
      if (featureColumns.length == 0) {
        throw new CsvFormatException(
            source + ": no feature columns (the header names only the label column '" + names.get(labelColumn) + "')",
            headerLine);
      }
      String labelName = names.get(labelColumn);
      List<double[]> rows = new ArrayList<>();
      List<Double> numericLabels = new ArrayList<>();
      List<String> classLabels = new ArrayList<>();
      List<Integer> lines = new ArrayList<>();
      while (records.next()) {
        String[] f = records.fields();
        int line = records.line();
        if (f.length != names.size()) {
          throw new CsvFormatException(
              source + " line " + line + ": expected " + names.size() + " values (as in the header on line "
                  + headerLine + "), got " + f.length, line);
        }
        double[] row = new double[featureColumns.length];
        for (int k = 0; k < row.length; k++) {
          int j = featureColumns[k];
          row[k] = NumericCsv.number(f[j], source, line, j, names.get(j));
        }
        rows.add(row);
        lines.add(line);
        if (categorical) {
          String name = f[labelColumn].trim();
          String at = source + " line " + line + ", column " + (labelColumn + 1) + " (" + labelName + "): ";
          if (name.isEmpty()) {
            throw new CsvFormatException(at + "the class name is empty", line);
          }
          if (classes != null && !classes.contains(name)) {
            throw new CsvFormatException(at + "'" + name + "' is not one of the classes " + classes, line);
          }
          classLabels.add(name);
        } else {
          try {
            numericLabels.add(NumericCsv.number(f[labelColumn], source, line, labelColumn, labelName));
          } catch (CsvFormatException e) {
            throw new CsvFormatException(
                e.getMessage() + " (for a label column of class names, use categoricalLabel())", line);
          }
        }
      }
      if (rows.isEmpty()) {
        throw new CsvFormatException(source + ": no data rows", 0);
      }
      double[][] x = rows.toArray(new double[0][]);
      List<String> featureNames = new ArrayList<>();
      for (int j : featureColumns) {
        featureNames.add(names.get(j));
      }
      Dataset data;
      if (categorical) {
        List<String> classNames = classes != null ? classes : List.copyOf(new TreeSet<>(classLabels));
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < classNames.size(); c++) {
          index.put(classNames.get(c), c);
        }
        int[] y = new int[x.length];
        for (int i = 0; i < y.length; i++) {
          y[i] = index.get(classLabels.get(i));
        }
        data = Dataset.of(x, y).withClassNames(classNames);
      } else {
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
          y[i] = numericLabels.get(i);
        }
        data = Dataset.of(x, y);
      }
      return new CsvDataset(data, names, featureNames, labelName);
    }
  }

  private static List<String> header(String[] fields, String source, int line) throws CsvFormatException {
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (int j = 0; j < fields.length; j++) {
      String name = fields[j].trim();
      if (name.isEmpty()) {
        throw new CsvFormatException(
            source + " line " + line + ", column " + (j + 1) + ": the header's column name is empty", line);
      }
      Integer before = seen.put(name, j);
      if (before != null) {
        throw new CsvFormatException(
            source + " line " + line + ": the header names column '" + name + "' twice (columns " + (before + 1)
                + " and " + (j + 1) + ")", line);
      }
    }
    if (fields.length < 2) {
      throw new CsvFormatException(
          source + " line " + line + ": a data set needs at least one feature column and a label column; the header names "
              + Arrays.toString(fields), line);
    }
    return List.copyOf(seen.keySet());
  }

  private static int column(String name, List<String> names, String source) throws CsvFormatException {
    int j = names.indexOf(name);
    if (j < 0) {
      throw new CsvFormatException(source + ": no column '" + name + "'; the header names " + names, 0);
    }
    return j;
  }
}
