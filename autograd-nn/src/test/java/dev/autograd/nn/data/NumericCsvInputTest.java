package dev.autograd.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NumericCsv on input the hand-written parser did not handle: quoting, BOMs, overflow, broken gzip. */
class NumericCsvInputTest {
  @TempDir Path dir;

  private static double[][] rows(String text) throws IOException {
    return NumericCsv.readRows(new StringReader(text), "test.csv", false);
  }

  private static String error(String text) {
    return assertThrows(CsvFormatException.class, () -> rows(text)).getMessage();
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static String table(int n) {
    StringBuilder b = new StringBuilder("a,b,c\n");
    for (int i = 0; i < n; i++) {
      b.append(i).append(',').append(i * 0.5).append(',').append(i % 3).append('\n');
    }
    return b.toString();
  }

  @Test
  void a_byte_order_mark_at_the_start_is_ignored() throws IOException {
    assertArrayEquals(new double[] {1, 2, 0}, rows("\uFEFF1,2,0\n")[0], 0);
    Path f = dir.resolve("bom.csv");
    byte[] text = "2,1,no,yes\n0.5,0\n1.5,1\n".getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[text.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(text, 0, withBom, 3, text.length);
    Files.write(f, withBom);
    Dataset d = NumericCsv.readDataset(f, NumericCsv.Header.COUNTS_AND_CLASS_NAMES);
    assertEquals(List.of("no", "yes"), d.classNames());
    assertArrayEquals(new int[] {0, 1}, d.labels());
    // only at the start: elsewhere it is an ordinary (non-numeric) character
    assertEquals("test.csv line 2, column 1: '\uFEFF3' is not a number", error("1,2\n\uFEFF3,4\n"));
  }

  @Test
  void a_number_beyond_the_range_of_a_double_is_refused_with_line_and_column() {
    assertEquals("test.csv line 2, column 2: '1e400' is beyond the range of a double (largest 1.7976931348623157E308)",
        error("1,2,0\n3,1e400,1\n"));
    assertEquals("test.csv line 1, column 3: '-2E+309' is beyond the range of a double (largest 1.7976931348623157E308)",
        error("1,2,-2E+309\n"));
  }

  @Test
  void numbers_at_the_edges_of_the_range_are_read_as_their_nearest_double() throws IOException {
    double[] r = rows("1.7976931348623157e308,4.9e-324,1e-400\n")[0];
    assertArrayEquals(new double[] {Double.MAX_VALUE, Double.MIN_VALUE, 0.0}, r, 0);
  }

  @Test
  void quoted_values_and_line_ends_follow_rfc_4180() throws IOException {
    double[][] r = rows("\"1.5\", 2 ,0\r\n\r\n3,\"4\",1\r5,6,1");
    assertEquals(3, r.length);
    assertArrayEquals(new double[] {1.5, 2, 0, 3, 4, 1, 5, 6, 1},
        Arrays.stream(r).flatMapToDouble(Arrays::stream).toArray(), 0);
    // a quoted value spanning lines counts its lines: the bad row below starts on line 4
    assertEquals("test.csv line 4, column 1: 'x' is not a number", error("1,\"2\n\",3\n4,5,6\nx,7,8\n"));
    assertEquals("test.csv line 3, column 2: 'a,b' is not a number", error("1,2\n\n3,\"a,b\"\n"));
  }

  @Test
  void broken_quoting_names_the_line() {
    assertEquals("test.csv line 2: a quoted value is not closed before the end of the file", error("1,2\n3,\"4\n5,6\n"));
    assertEquals("test.csv line 2: a quoted value is followed by more text before the next comma",
        error("1,2\n\"3\"x,4\n"));
  }

  @Test
  void ragged_rows_and_blank_lines_keep_their_line_numbers() {
    assertEquals("test.csv line 5: expected 2 values (as on line 2), got 3", error("\n1,2\n  \n3,4\n5,6,7\n"));
  }

  @Test
  void a_truncated_gzip_file_is_reported_with_its_name(@TempDir Path dir) throws IOException {
    byte[] whole = gzip(table(2000));
    Path f = dir.resolve("big.csv.gz");
    Files.write(f, Arrays.copyOf(whole, whole.length / 2));
    var e = assertThrows(CsvFormatException.class, () -> NumericCsv.readRows(f, true));
    assertEquals("big.csv.gz: the compressed data ends early (the .gz file is truncated)", e.getMessage());
    assertEquals(0, e.line());
    var d = assertThrows(CsvFormatException.class, () -> NumericCsv.readDataset(f, NumericCsv.Header.SKIP));
    assertEquals(e.getMessage(), d.getMessage());
    var c = assertThrows(CsvFormatException.class, () -> CsvDatasetReader.create().read(f));
    assertEquals(e.getMessage(), c.getMessage());
    // the whole file reads
    Files.write(f, whole);
    assertEquals(2000, NumericCsv.readRows(f, true).length);
    assertEquals(2000, CsvDatasetReader.create().read(f).dataset().size());
  }

  @Test
  void a_gzip_file_with_a_damaged_checksum_is_reported_with_its_name(@TempDir Path dir) throws IOException {
    byte[] bytes = gzip(table(50));
    bytes[bytes.length - 8] ^= 0x55; // the CRC-32 of the trailer
    Path f = dir.resolve("crc.csv.gz");
    Files.write(f, bytes);
    var e = assertThrows(CsvFormatException.class, () -> NumericCsv.readRows(f, true));
    assertEquals("crc.csv.gz: the compressed data is corrupt (Corrupt GZIP trailer)", e.getMessage());
  }

  @Test
  void bytes_that_are_not_utf8_are_reported_with_their_line() throws IOException {
    Path f = dir.resolve("latin1.csv");
    byte[] head = "x,kind\n1,a\n2,b\n".getBytes(StandardCharsets.UTF_8);
    byte[] bad = {'3', ',', 'c', (byte) 0xE9, '\n', '4', ',', 'd', '\n'};
    byte[] all = Arrays.copyOf(head, head.length + bad.length);
    System.arraycopy(bad, 0, all, head.length, bad.length);
    Files.write(f, all);
    var e = assertThrows(CsvFormatException.class, () -> CsvDatasetReader.create().categoricalLabel().read(f));
    assertEquals("latin1.csv line 4: the text is not valid UTF-8 (byte 0xE9 at offset 18)", e.getMessage());
    assertEquals(4, e.line());
    var rows = assertThrows(CsvFormatException.class, () -> NumericCsv.readRows(f, true));
    assertEquals(e.getMessage(), rows.getMessage());
    // a strict reader supplied by the caller: the source is named, the line is not known
    var strict = new java.io.InputStreamReader(new java.io.ByteArrayInputStream(all),
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT));
    var r = assertThrows(CsvFormatException.class, () -> NumericCsv.readRows(strict, "in.csv", true));
    assertEquals("in.csv: the text is not valid UTF-8", r.getMessage());
    Files.write(f, "x,kind\n1,a\n2,\u00e9t\u00e9\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of("a", "\u00e9t\u00e9"), CsvDatasetReader.create().categoricalLabel().read(f).dataset().classNames());
  }
}
