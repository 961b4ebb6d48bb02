package dev.autograd.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NumericCsvTest {

  private static Dataset read(String text, NumericCsv.Header header) throws IOException {
    return NumericCsv.readDataset(new StringReader(text), "test.csv", header);
  }

  @Test
  void rows_become_features_and_a_target_in_the_last_column() throws IOException {
    Dataset d = read("1, 2.5,0\n-3,4e-1,1\n\n.5,+6,1\n", NumericCsv.Header.NONE);
    assertEquals(3, d.size());
    assertEquals(2, d.featureCount());
    assertArrayEquals(new double[] {1, 2.5, -3, 0.4, 0.5, 6}, d.features().toArray(), 0);
    assertArrayEquals(new int[] {0, 1, 1}, d.labels());
  }

  @Test
  void the_counts_and_class_names_header_is_checked_and_names_the_classes() throws IOException {
    Dataset d = read("2,1,no,yes\n0.5,0\n1.5,1\n", NumericCsv.Header.COUNTS_AND_CLASS_NAMES);
    assertEquals(List.of("no", "yes"), d.classNames());
    var count = assertThrows(
        CsvFormatException.class, () -> read("3,1,no,yes\n0.5,0\n1.5,1\n", NumericCsv.Header.COUNTS_AND_CLASS_NAMES));
    assertTrue(count.getMessage().contains("promises 3 samples; the file has 2 rows"), count.getMessage());
    var width = assertThrows(
        CsvFormatException.class, () -> read("2,2,no,yes\n0.5,0\n1.5,1\n", NumericCsv.Header.COUNTS_AND_CLASS_NAMES));
    assertTrue(width.getMessage().contains("promises 2 features"), width.getMessage());
    var label = assertThrows(
        CsvFormatException.class, () -> read("2,1,no,yes\n0.5,0\n1.5,2\n", NumericCsv.Header.COUNTS_AND_CLASS_NAMES));
    assertTrue(label.getMessage().contains("label 2 has no class name") && label.line() == 3, label.getMessage());
  }

  @Test
  void a_ragged_row_names_its_line_and_both_lengths() {
    var e = assertThrows(CsvFormatException.class, () -> read("h\n1,2,0\n3,4,1\n5,1\n", NumericCsv.Header.SKIP));
    assertEquals("test.csv line 4: expected 3 values (as on line 2), got 2", e.getMessage());
    assertEquals(4, e.line());
  }

  @Test
  void a_non_number_names_its_line_column_and_text() {
    var e = assertThrows(CsvFormatException.class, () -> read("1,2,0\n3,abc,1\n", NumericCsv.Header.NONE));
    assertEquals("test.csv line 2, column 2: 'abc' is not a number", e.getMessage());
    for (String bad : new String[] {"NaN", "Infinity", "", "1.2.3", "0x10", "1f"}) {
      var f = assertThrows(CsvFormatException.class, () -> read("1," + bad + ",0\n", NumericCsv.Header.NONE), bad);
      assertTrue(f.getMessage().contains("'" + bad + "' is not a number"), f.getMessage());
    }
  }

  @Test
  void an_empty_file_and_a_malformed_header_are_refused() {
    var e = assertThrows(CsvFormatException.class, () -> read("\n\n", NumericCsv.Header.NONE));
    assertEquals("test.csv: no data rows", e.getMessage());
    var h = assertThrows(CsvFormatException.class, () -> read("x,y\n1,0\n", NumericCsv.Header.COUNTS_AND_CLASS_NAMES));
    assertTrue(h.getMessage().contains("expected a header 'n_samples,n_features"), h.getMessage());
  }

  @Test
  void a_single_column_is_not_a_data_set() {
    var e = assertThrows(CsvFormatException.class, () -> read("1\n2\n", NumericCsv.Header.NONE));
    assertTrue(e.getMessage().contains("at least one feature column and a target column"), e.getMessage());
  }

  @Test
  void files_are_read_and_gzip_files_decompressed(@TempDir Path dir) throws IOException {
    Path plain = dir.resolve("a.csv");
    Files.writeString(plain, "1,2,1\n3,4,0\n");
    Path gz = dir.resolve("a.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("1,2,1\n3,4,0\n".getBytes(StandardCharsets.UTF_8));
    }
    double[][] rows = NumericCsv.readRows(gz, false);
    assertArrayEquals(new double[] {3, 4, 0}, rows[1], 0);
    assertArrayEquals(
        NumericCsv.readDataset(plain, NumericCsv.Header.NONE).features().toArray(),
        NumericCsv.readDataset(gz, NumericCsv.Header.NONE).features().toArray(), 0);
    var e = assertThrows(CsvFormatException.class, () -> {
      Path fake = dir.resolve("b.csv.gz");
      Files.writeString(fake, "not gzip");
      NumericCsv.readRows(fake, false);
    });
    assertTrue(e.getMessage().contains("b.csv.gz: not a gzip file"), e.getMessage());
  }
}
