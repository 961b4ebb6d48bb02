package dev.autograd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Report reads JMH's result files and pairs each float32 row with its float64 twin. */
class ReportTest {

  @Test
  void float32_rows_pair_with_their_float64_twins() {
    assertEquals("mlp784_autograd", Report.float64Twin("mlp784_f32_autograd"));
    assertEquals("mlp784_handWritten", Report.float64Twin("mlp784_f32_handWritten"));
    assertEquals("mlp2_16_16_1_autograd", Report.float64Twin("mlp2_16_16_1_f32_autograd"));
    assertEquals("logistic100_handWritten", Report.float64Twin("logistic100_f32_handWritten"));
    assertEquals("matmul_tensor", Report.float64Twin("sgemm512_tensor"));
    assertEquals("matmul_blasDirect", Report.float64Twin("sgemm512_blas"));
    assertNull(Report.float64Twin("sgemm512_ours"));
    assertNull(Report.float64Twin("mlp784_autograd"));
  }

  @Test
  void the_float32_section_gives_each_ratio_from_the_medians_and_allocations() {
    Map<String, Report.Score> one = new LinkedHashMap<>();
    one.put("mlp784_autograd", score(8000, 4_000_000));
    one.put("mlp784_f32_autograd", score(4000, 1_000_000));
    one.put("mlp784_f32_handWritten", score(3200, Double.NaN));
    one.put("matmul_blasDirect", score(2000, Double.NaN));
    one.put("sgemm512_blas", score(1000, Double.NaN));
    one.put("sgemm512_tensor", score(1250, Double.NaN));
    Map<String, Report.Score> torch = Map.of("mlp784_f32_autograd", score(5000, Double.NaN),
        "mlp784_autograd", score(10000, Double.NaN));
    String s = Report.float32(one, Map.of(), torch, Map.of());
    assertTrue(s.startsWith("\n## float32\n"), s);
    // float32 / float64: time 0.50, bytes 0.25.
    assertTrue(s.contains("| MLP 784-256-128-10, autograd | 4,000.0 µs (4,000–4,000) | 8,000.0 µs (8,000–8,000) | 0.50× "
        + "| 1,000,000 | 4,000,000 | 0.25× |"), s);
    // autograd / hand 1.25, / PyTorch float32 0.80, float64's / PyTorch float64 0.80.
    assertTrue(s.contains("| 4,000.0 µs (4,000–4,000) | 3,200.0 µs (3,200–3,200) | 1.25× | 5,000 µs | 0.80× | 0.80× |"), s);
    // 2·512³ flops in 1,000 µs is 268.4 GFLOP/s; Tensor.matmul reaches 80% of sgemm and 1.60× dgemm's speed.
    assertTrue(s.contains("| BLAS sgemm called directly | 1,000.0 (1,000–1,000) | 268.4 | 100% | `matmul_blasDirect`: 134.2 GFLOP/s | 2.00× |"), s);
    assertTrue(s.contains("| Tensor.matmul (float32 tensors), native BLAS | 1,250.0 (1,250–1,250) | 214.7 | 80% |"), s);
    assertTrue(s.contains("| Tensor.matmul (float32 tensors), pure-Java kernel | not run |"), s);
    assertTrue(s.contains("| MLP 2-16-16-1, autograd | not run | not run |  |  |  |  |"), s);
    // With our side of the interleaved runs, the ratios to PyTorch pair those medians: 4,500 / 5,000 and
    // 9,000 / 10,000, while the time columns still show this run's median.
    String paired = Report.float32(one, Map.of(), torch,
        Map.of("mlp784_f32_autograd", score(4500, Double.NaN), "mlp784_autograd", score(9000, Double.NaN)));
    assertTrue(paired.contains("| 4,000.0 µs (4,000–4,000) | 3,200.0 µs (3,200–3,200) | 1.25× | 5,000 µs | 0.90× | 0.90× |"),
        paired);
  }

  @Test
  void reads_every_benchmark_of_a_long_result_file_with_its_allocation(@TempDir Path dir) throws IOException {
    StringBuilder json = new StringBuilder("[\n");
    int n = 80;   // more benchmarks than the suite has today
    for (int i = 0; i < n; i++) {
      json.append(i == 0 ? "" : ",\n").append("{ \"benchmark\" : \"dev.autograd.bench.Float32Benchmark.b").append(i)
          .append("\", \"primaryMetric\" : { \"score\" : 2.0, \"scoreUnit\" : \"us/op\", \"rawData\" : [ [ ")
          .append(i).append(".0, 1.0, 3.0 ] ] }, \"secondaryMetrics\" : { \"gc.alloc.rate.norm\" : { \"score\" : ")
          .append(100 * i).append(".0, \"scoreUnit\" : \"B/op\" } } }");
    }
    Path file = dir.resolve("run.json");
    Files.writeString(file, json.append("\n]\n"));
    Map<String, Report.Score> scores = Report.read(file);
    assertEquals(n, scores.size());
    Report.Score last = scores.get("b79");
    assertEquals(3.0, last.value());
    assertEquals(1.0, last.min());
    assertEquals(79.0, last.max());
    assertEquals("us/op", last.unit());
    assertEquals(7900.0, last.allocBytes());
  }

  private static Report.Score score(double median, double bytes) {
    return new Report.Score(median, median, median, "us/op", bytes);
  }
}
