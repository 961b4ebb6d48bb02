package dev.autograd.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetReaderTest {
  @TempDir Path dir;

  private static Path iris() throws URISyntaxException {
    return Path.of(CsvDatasetReaderTest.class.getResource("/csv/iris_species.csv").toURI());
  }

  private static CsvDataset read(CsvDatasetReader reader, String text) throws IOException {
    return reader.read(new StringReader(text), "t.csv");
  }

  private static String error(CsvDatasetReader reader, String text) {
    return assertThrows(CsvFormatException.class, () -> read(reader, text)).getMessage();
  }

  /** The iris file split by hand: rows of fields after the header. */
  private static List<String[]> irisFields() throws Exception {
    List<String[]> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(iris());
    for (String line : lines.subList(1, lines.size())) {
      out.add(line.split(","));
    }
    return out;
  }

  @Test
  void iris_with_species_names_loads_with_sorted_class_names() throws Exception {
    CsvDataset csv = CsvDatasetReader.create().categoricalLabel().read(iris());
    Dataset d = csv.dataset();
    assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width", "species"), csv.columnNames());
    assertEquals(List.of("sepal_length", "sepal_width", "petal_length", "petal_width"), csv.featureNames());
    assertEquals("species", csv.labelName());
    assertEquals(List.of("setosa", "versicolor", "virginica"), d.classNames());
    List<String[]> rows = irisFields();
    assertEquals(rows.size(), d.size());
    int[] labels = d.labels();
    for (int i = 0; i < rows.size(); i++) {
      String[] f = rows.get(i);
      double[] expected = {
          Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])};
      assertArrayEquals(expected, d.row(i), 0, "row " + i);
      assertEquals(f[4], d.classNames().get(labels[i]), "row " + i);
    }
  }

  @Test
  void the_species_file_agrees_with_the_bundled_iris_data() throws Exception {
    Dataset named = CsvDatasetReader.create().categoricalLabel().read(iris()).dataset();
    Dataset bundled = Datasets.iris();
    assertEquals(bundled.classNames(), named.classNames());
    int[] picked = {0, 1, 2, 3, 4, 50, 51, 52, 53, 54, 100, 101, 102, 103, 104};
    for (int i = 0; i < picked.length; i++) {
      assertArrayEquals(bundled.row(picked[i]), named.row(i), 0);
      assertEquals(bundled.labels()[picked[i]], named.labels()[i]);
    }
  }

  @Test
  void features_and_label_are_chosen_by_name_in_the_given_order() throws Exception {
    CsvDataset csv = CsvDatasetReader.create().features("petal_width", "sepal_length").label("sepal_width").read(iris());
    assertEquals(List.of("petal_width", "sepal_length"), csv.featureNames());
    assertEquals("sepal_width", csv.labelName());
    List<String[]> rows = irisFields();
    for (int i = 0; i < rows.size(); i++) {
      assertArrayEquals(
          new double[] {Double.parseDouble(rows.get(i)[3]), Double.parseDouble(rows.get(i)[0])}, csv.dataset().row(i), 0);
      assertEquals(Double.parseDouble(rows.get(i)[1]), csv.dataset().target(i), 0);
    }
  }

  @Test
  void class_names_are_numbered_in_sorted_order_not_by_first_appearance() throws IOException {
    Dataset d = read(CsvDatasetReader.create().categoricalLabel(), "x,y\n1,b\n2, a \n3,c\n4,b\n").dataset();
    assertEquals(List.of("a", "b", "c"), d.classNames());
    assertArrayEquals(new int[] {1, 0, 2, 1}, d.labels());
  }

  @Test
  void fixed_classes_set_the_order_and_refuse_other_names() throws IOException {
    CsvDatasetReader r = CsvDatasetReader.create().classes("yes", "no", "maybe");
    Dataset d = read(r, "x,answer\n1,no\n2,yes\n").dataset();
    assertEquals(List.of("yes", "no", "maybe"), d.classNames());
    assertArrayEquals(new int[] {1, 0}, d.labels());
    assertEquals("t.csv line 3, column 2 (answer): 'nope' is not one of the classes [yes, no, maybe]",
        error(r, "x,answer\n1,no\n2,nope\n"));
  }

  @Test
  void a_quoted_header_a_bom_and_unread_columns() throws IOException {
    String text = "\uFEFF\"id\",\"Sepal.Length\",\"Species\"\r\n\"a-1\",5.1,\"setosa\"\r\n\"b 2\",7.0,\"versicolor\"\r\n";
    CsvDataset csv = read(CsvDatasetReader.create().features("Sepal.Length").label("Species").categoricalLabel(), text);
    assertEquals(List.of("id", "Sepal.Length", "Species"), csv.columnNames());
    assertArrayEquals(new double[] {5.1, 7.0}, csv.dataset().features().toArray(), 0);
    assertArrayEquals(new int[] {0, 1}, csv.dataset().labels());
  }

  @Test
  void a_numeric_label_column_holding_names_says_how_to_read_it() throws Exception {
    var e = assertThrows(CsvFormatException.class, () -> CsvDatasetReader.create().read(iris()));
    assertEquals("iris_species.csv line 2, column 5 (species): 'setosa' is not a number "
        + "(for a label column of class names, use categoricalLabel())", e.getMessage());
    assertEquals(2, e.line());
    var f = assertThrows(CsvFormatException.class, () -> CsvDatasetReader.create().label("petal_width").read(iris()));
    assertEquals("iris_species.csv line 2, column 5 (species): 'setosa' is not a number", f.getMessage());
  }

  @Test
  void unknown_and_conflicting_column_names_are_refused() throws Exception {
    var e = assertThrows(CsvFormatException.class,
        () -> CsvDatasetReader.create().features("sepal_length", "petal_size").categoricalLabel().read(iris()));
    assertEquals("iris_species.csv: no column 'petal_size'; the header names "
        + "[sepal_length, sepal_width, petal_length, petal_width, species]", e.getMessage());
    var l = assertThrows(CsvFormatException.class, () -> CsvDatasetReader.create().label("Species").read(iris()));
    assertEquals("iris_species.csv: no column 'Species'; the header names "
        + "[sepal_length, sepal_width, petal_length, petal_width, species]", l.getMessage());
    assertEquals("t.csv: column 'y' is the label and cannot also be a feature",
        error(CsvDatasetReader.create().features("x", "y"), "x,y\n1,2\n"));
    var twice = assertThrows(IllegalArgumentException.class, () -> CsvDatasetReader.create().features("a", "b", "a"));
    assertEquals("features: column 'a' is named twice", twice.getMessage());
  }

  @Test
  void malformed_headers_are_refused() {
    CsvDatasetReader r = CsvDatasetReader.create();
    assertEquals("t.csv line 1: the header names column 'x' twice (columns 1 and 3)", error(r, "x,y,x\n1,2,3\n"));
    assertEquals("t.csv line 2, column 2: the header's column name is empty", error(r, "\nx, ,y\n1,2,3\n"));
    assertEquals("t.csv: no header line naming the columns", error(r, "\n \n"));
    assertEquals("t.csv: no data rows", error(r, "x,y\n\n"));
    assertEquals(
        "t.csv line 1: a data set needs at least one feature column and a label column; the header names [y]",
        error(r, "y\n1\n"));
  }

  @Test
  void bad_rows_name_their_line_column_and_column_name() {
    CsvDatasetReader r = CsvDatasetReader.create().categoricalLabel();
    assertEquals("t.csv line 3: expected 3 values (as in the header on line 1), got 2", error(r, "a,b,c\n1,2,x\n3,y\n"));
    assertEquals("t.csv line 2, column 2 (b): 'NaN' is not a number", error(r, "a,b,c\n1,NaN,x\n"));
    assertEquals("t.csv line 2, column 1 (a): '1e400' is beyond the range of a double (largest 1.7976931348623157E308)",
        error(r, "a,b,c\n1e400,2,x\n"));
    assertEquals("t.csv line 3, column 3 (c): the class name is empty", error(r, "a,b,c\n1,2,x\n3,4,\"  \"\n"));
  }

  @Test
  void gzip_files_are_read(@TempDir Path dir) throws Exception {
    Path gz = dir.resolve("iris.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(Files.readString(iris()).getBytes(StandardCharsets.UTF_8));
    }
    CsvDatasetReader r = CsvDatasetReader.create().categoricalLabel();
    assertArrayEquals(r.read(iris()).dataset().features().toArray(), r.read(gz).dataset().features().toArray(), 0);
  }
}
