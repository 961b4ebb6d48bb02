package dev.autograd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the JMH result files written by {@code run-benchmarks.sh} into BENCHMARKS.md: every row
 * of the table with the measured time, PyTorch's reference time and the ratios, all from
 * one run.
 */
public final class Report {
  private Report() {}

  /** PyTorch 1.13, CPU, fp64, measured on this kind of machine (from the performance issue). */
  private static final double TORCH_MLP784_1T = 2978;
  private static final double TORCH_MLP784_2T = 1922;
  private static final double TORCH_LECTURE = 194;
  private static final double TORCH_LOGISTIC = 137;
  private static final double TORCH_CHAIN_NS = 8000;

  /** A benchmark's median over measured iterations, the spread (min..max) and its allocation per op. */
  record Score(double value, double min, double max, String unit, double allocBytes) {}

  /** One benchmark of a JMH result file: its measured iterations, unit and allocation per op. */
  record Raw(double[] iterations, String unit, double allocBytes) {}

  static Map<String, Score> read(Path file) throws IOException {
    Map<String, Score> out = new LinkedHashMap<>();
    readRaw(file).forEach((name, r) -> out.put(name,
        new Score(median(r.iterations()), min(r.iterations()), max(r.iterations()), r.unit(), r.allocBytes())));
    return out;
  }

  /** Every benchmark of a JMH result file, by short name, with its raw measured iterations. */
  static Map<String, Raw> readRaw(Path file) throws IOException {
    String json = Files.readString(file);
    Map<String, Raw> out = new LinkedHashMap<>();
    Pattern entry = Pattern.compile("\"benchmark\"\\s*:\\s*\"[\\w.]+\\.(\\w+)\"");
    Matcher m = entry.matcher(json);
    List<Integer> starts = new ArrayList<>();
    List<String> names = new ArrayList<>();
    while (m.find()) {
      starts.add(m.start());
      names.add(m.group(1));
    }
    int n = names.size();
    for (int i = 0; i < n; i++) {
      String block = json.substring(starts.get(i), i + 1 < n ? starts.get(i + 1) : json.length());
      Matcher unit = Pattern.compile("\"scoreUnit\"\\s*:\\s*\"([^\"]+)\"").matcher(block);
      double alloc = number(block, "\"gc.alloc.rate.norm\"\\s*:\\s*\\{\\s*\"score\"\\s*:\\s*([-0-9.eE]+)");
      out.put(names.get(i), new Raw(rawData(block), unit.find() ? unit.group(1) : "?", alloc));
    }
    return out;
  }

  /** The primary metric's per-iteration scores ("rawData" of the first fork). */
  static double[] rawData(String block) {
    int pm = block.indexOf("\"primaryMetric\"");
    int raw = block.indexOf("\"rawData\"", pm);
    int open = block.indexOf("[", block.indexOf("[", raw) + 1);
    int close = block.indexOf("]", open);
    String[] parts = block.substring(open + 1, close).split(",");
    double[] v = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      v[i] = Double.parseDouble(parts[i].trim());
    }
    return v;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  static double min(double[] v) {
    return java.util.Arrays.stream(v).min().orElse(Double.NaN);
  }

  static double max(double[] v) {
    return java.util.Arrays.stream(v).max().orElse(Double.NaN);
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    if (!m.find()) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(m.group(1));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  public static void main(String[] args) throws IOException {
    Map<String, Score> one = read(Path.of(args[0]));
    Map<String, Score> two = args.length > 1 ? read(Path.of(args[1])) : Map.of();
    Map<String, Score> java = args.length > 2 ? read(Path.of(args[2])) : Map.of();
    Path sideBySide = args.length > 3 ? Path.of(args[3]) : null;
    Path sideBySide2 = args.length > 4 ? Path.of(args[4]) : null;
    Path trainLoop = args.length > 5 ? Path.of(args[5]) : null;
    Map<String, Score> torch = side(sideBySide, "torch-");
    Map<String, Score> ours = side(sideBySide, "ours-");
    Map<String, Score> torch2 = side(sideBySide2, "torch-");
    Map<String, Score> ours2 = side(sideBySide2, "ours-");
    boolean torchMeasured = !torch.isEmpty();
    StringBuilder b = new StringBuilder();
    b.append("# Benchmarks\n\n");
    b.append("Measured ").append(LocalDate.now()).append(" on ").append(cpu()).append(", ")
        .append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
        .append(System.getProperty("java.version")).append(".\n");
    b.append("Kernel for large products in the default run: ").append(dev.autograd.Runtime.blas()).append(".\n\n");
    b.append("Command (from the project root): `bash autograd-bench/run-benchmarks.sh`. JMH average-time mode, 1 fork,\n"
        + "10 warm-up and 10 measured iterations of 1 s each; every figure is the median of the 10 measured\n"
        + "iterations, with their range in brackets, and every ratio is between medians from this one run.\n"
        + (torchMeasured
            ? "PyTorch's times were measured in this run too (PyTorch 1.13 from Debian's python3-torch, float64,\n"
                + "one thread, the twins in `autograd-bench/pytorch/twins.py`, interleaved with ours: see \"Side by side\"\n"
                + "below). Each autograd / PyTorch ratio pairs the interleaved runs of \"Side by side\" (our median\n"
                + "there, not this table's, over PyTorch's), except the nn-module and pure-Java rows, which have no\n"
                + "twin of their own and divide this table's median by PyTorch's; ratios below 1 mean faster.\n\n"
            : "PyTorch was not available in this run: its times are the reference figures given in the performance\n"
                + "issue (PyTorch 1.13, CPU, fp64, same kind of machine, another day); ratios below 1 mean faster.\n\n"));
    b.append("| work | autograd | hand-written, same kernels | autograd / hand | PyTorch | autograd / PyTorch |\n");
    b.append("|---|---|---|---|---|---|\n");
    row(b, "MLP 784-256-128-10, batch 128, one SGD step, 1 thread", one.get("mlp784_autograd"),
        one.get("mlp784_handWritten"), torchOr(torch, "mlp784_autograd", TORCH_MLP784_1T), ours.get("mlp784_autograd"),
        "µs");
    row(b, "same, through autograd-nn (MLP module, loss, SGD optimizer)", one.get("mlp784_nnModule"),
        one.get("mlp784_handWritten"), torchOr(torch, "mlp784_autograd", TORCH_MLP784_1T), null, "µs");
    row(b, "same, 2 threads (OpenBLAS)", two.get("mlp784_autograd"), two.get("mlp784_handWritten"),
        torchOr(torch2, "mlp784_autograd", torchMeasured ? Double.NaN : TORCH_MLP784_2T), ours2.get("mlp784_autograd"),
        "µs");
    row(b, "same, pure-Java kernel (no native BLAS)", java.get("mlp784_autograd"), java.get("mlp784_handWritten"),
        torchOr(torch, "mlp784_autograd", TORCH_MLP784_1T), null, "µs");
    row(b, "MLP 2-16-16-1, sigmoid, squared error, 256 points", one.get("mlp2_16_16_1_autograd"),
        one.get("mlp2_16_16_1_handWritten"), torchOr(torch, "mlp2_16_16_1_autograd", TORCH_LECTURE),
        ours.get("mlp2_16_16_1_autograd"), "µs");
    row(b, "logistic regression, 100 features, batch 1,000", one.get("logistic100_autograd"),
        one.get("logistic100_handWritten"), torchOr(torch, "logistic100_autograd", TORCH_LOGISTIC),
        ours.get("logistic100_autograd"), "µs");
    row(b, "scalar chain x = σ(x·a + b), per op, forward + backward", one.get("scalarChain_forwardBackward"),
        one.get("scalarChain_handWritten"), torchOr(torch, "scalarChain_forwardBackward", TORCH_CHAIN_NS),
        ours.get("scalarChain_forwardBackward"), "ns");
    b.append("\n## Width scaling: MLP 784-H-H-10, batch 128, one SGD step, 1 thread\n\n"
        + "`products`: the step's eight matrix products alone (three forward, five backward) on arrays\n"
        + "allocated once, the floor for any implementation with the same kernel.\n\n"
        + "| H | autograd | hand-written | products alone | autograd / hand | autograd / products | PyTorch | autograd / PyTorch |\n"
        + "|---|---|---|---|---|---|---|---|\n");
    for (int h : new int[] {32, 128, 512, 2048}) {
      Score auto = one.get("mlpH" + h + "_autograd");
      Score hand = one.get("mlpH" + h + "_handWritten");
      Score prod = one.get("mlpH" + h + "_products");
      Score t = torch.get("mlpH" + h + "_autograd");
      Score paired = ours.get("mlpH" + h + "_autograd");
      b.append("| ").append(h).append(" | ").append(fmt(auto, "µs")).append(" | ").append(fmt(hand, "µs"))
          .append(" | ").append(fmt(prod, "µs")).append(" | ").append(ratio(auto, hand == null ? Double.NaN : hand.value()))
          .append(" | ").append(ratio(auto, prod == null ? Double.NaN : prod.value())).append(" | ")
          .append(t == null ? "not measured" : String.format(Locale.ROOT, "%,.0f µs", t.value())).append(" | ")
          .append(ratio(paired != null ? paired : auto, t == null ? Double.NaN : t.value())).append(" |\n");
    }
    b.append("\n## Matrix multiply, n = 512\n\n| path | time (µs) | GFLOP/s | vs BLAS called directly |\n|---|---|---|---|\n");
    double flops = 2.0 * 512 * 512 * 512;
    Score direct1 = one.get("matmul_blasDirect");
    mm(b, "Tensor.matmul, native BLAS, 1 thread", one.get("matmul_tensor"), direct1, flops);
    mm(b, "BLAS called directly, 1 thread", direct1, direct1, flops);
    Score direct2 = two.get("matmul_blasDirect");
    mm(b, "Tensor.matmul, native BLAS, 2 threads", two.get("matmul_tensor"), direct2, flops);
    mm(b, "BLAS called directly, 2 threads", direct2, direct2, flops);
    mm(b, "Tensor.matmul, pure-Java row kernel", java.get("matmul_tensor"), null, flops);
    mm(b, "netlib's pure-Java BLAS (scalar fallback)", one.get("matmul_pureJavaBlas"), null, flops);
    b.append(float32(one, java, torch, ours));
    b.append("\n## Side by side with PyTorch, in this run\n\n");
    if (sideBySide != null && Files.isDirectory(sideBySide)) {
      b.append("Each benchmark with a PyTorch twin (`autograd-bench/pytorch/twins.py`: the same shapes, float64,\n"
          + "or float32 for `Float32Benchmark`'s rows, one thread) ran interleaved with it by\n"
          + "`autograd-bench/compare-pytorch.sh`: ours, PyTorch, PyTorch, ours, each in its own process with the\n"
          + "same iteration scheme; medians of the 20 pooled iterations of each side (10 for the float32 rows),\n"
          + "their range and count in brackets. Our side runs on a pre-touched heap, PyTorch's with glibc's\n"
          + "malloc told to keep the memory it frees (the same courtesy: on this VM a page fault costs 10–30 µs,\n"
          + "and stock malloc faults large blocks in again every step; see compare-pytorch.sh).\n"
          + "`conv2d_*`: batch 64, 3 → 32 channels, 32×32, 3×3 kernel, padding 1 (forward + backward computes\n"
          + "the gradients of input, weight and bias).\n\n");
      b.append(CompareBuilds.table(sideBySide, "torch-", "ours-", "PyTorch", "autograd"));
    } else {
      b.append("Not measured in this run (PyTorch was not available).\n");
    }
    if (sideBySide2 != null && Files.isDirectory(sideBySide2)) {
      b.append("\n## Side by side with PyTorch, 2 threads\n\n"
          + "The same interleaved scheme with two threads on each side (`THREADS=2 bash\n"
          + "autograd-bench/compare-pytorch.sh`: OpenBLAS with 2 threads under both, PyTorch's intra-op pool\n"
          + "set to 2 with `OMP_WAIT_POLICY=PASSIVE`).\n\n");
      b.append(CompareBuilds.table(sideBySide2, "torch-", "ours-", "PyTorch", "autograd"));
    }
    if (trainLoop != null && Files.isRegularFile(trainLoop)) {
      b.append("\n## A plain Java program (not JMH)\n\n"
          + "`dev.autograd.bench.TrainLoop` trains the `mlp784_autograd` model for 1,000 steps in a plain `main`\n"
          + "and times every step (`java -cp autograd-bench/target/benchmarks.jar dev.autograd.bench.TrainLoop`),\n"
          + "first with the JVM's default flags, then with the flags in the line's label:\n\n```\n")
          .append(Files.readString(trainLoop)).append("```\n");
    }
    b.append("\n## Allocation per step (JMH gc profiler, bytes per operation)\n\n| benchmark | bytes/op |\n|---|---|\n");
    for (Map.Entry<String, Score> e : one.entrySet()) {
      if (!Double.isNaN(e.getValue().allocBytes())) {
        b.append("| ").append(e.getKey()).append(" | ")
            .append(String.format(Locale.ROOT, "%,.0f", e.getValue().allocBytes())).append(" |\n");
      }
    }
    b.append("\n## Reading these numbers\n\n")
        .append("- The hand-written baselines are checked against the engine step for step (`ModelsTest`): same\n")
        .append("  initial weights, same losses to 1e-12, so each ratio compares the same arithmetic.\n")
        .append("- What remains of the engine's overhead is mostly memory traffic: every recorded op writes its result\n")
        .append("  into a fresh array, where the hand-written code updates activations and deltas in place (compare\n")
        .append("  the bytes per step above). Reusing dead gradient buffers in the backward pass would close most of it.\n")
        .append("- A scalar op costs a few small objects (result, storage, node); the time per op includes the\n")
        .append("  young-generation collections this causes, which is why its range is wider than the others'.\n")
        .append("- Two-thread runs share the machine's two cores with the JIT and GC threads; their ranges are wide\n")
        .append("  on a busy machine, so compare their medians with care.\n");
    System.out.print(b);
  }

  /**
   * The float64 benchmark a float32 one of {@link Float32Benchmark} is the twin of: its name without
   * {@code _f32} ({@code mlp784_f32_autograd} → {@code mlp784_autograd}), {@code sgemm512_tensor} →
   * {@code matmul_tensor}, {@code sgemm512_blas} → {@code matmul_blasDirect}; null for a name with
   * no float64 twin ({@code sgemm512_ours}: Gemm called directly has no float64 row).
   */
  static String float64Twin(String name) {
    switch (name) {
      case "sgemm512_tensor":
        return "matmul_tensor";
      case "sgemm512_blas":
        return "matmul_blasDirect";
      default:
        int i = name.indexOf("_f32_");
        return i < 0 ? null : name.substring(0, i) + name.substring(i + "_f32".length());
    }
  }

  /**
   * The "float32" section: each float32 row beside its float64 twin (time and bytes allocated per
   * step), the float32 engine against the hand-written float32 step and PyTorch in float32, and the
   * single-precision product n = 512 by path.
   *
   * @param one the default run (native BLAS, 1 thread, with the gc profiler)
   * @param java the pure-Java-kernel run
   * @param torch PyTorch's twins from the side-by-side run, by short name (empty when not measured)
   * @param ours our side of that run (the ratios to PyTorch pair it with PyTorch's where present)
   * @return the Markdown section
   */
  static String float32(Map<String, Score> one, Map<String, Score> java, Map<String, Score> torch,
      Map<String, Score> ours) {
    StringBuilder b = new StringBuilder();
    b.append("\n## float32\n\n"
        + "`Float32Benchmark`: the models above with parameters and data in float32 (the same seeds, drawn in\n"
        + "float64 and rounded), the SGD step in float32, the hand-written baselines in float loops around\n"
        + "Gemm's single-precision product (BLAS `sgemm`), which follow the engine's float32 steps to 1e-5\n"
        + "(`ModelsTest`); 5 warm-up and 5 measured iterations of 1 s (medians of 5). Ratios below 1 mean\n"
        + "float32 is faster, or allocates less.\n\n");
    b.append("| work | float32 | float64 | float32 / float64 | bytes/step float32 | bytes/step float64 "
        + "| bytes float32 / float64 |\n|---|---|---|---|---|---|---|\n");
    Object[][] pairs = {
        {"MLP 784-256-128-10, autograd", one, "mlp784_f32_autograd"},
        {"MLP 784-256-128-10, hand-written", one, "mlp784_f32_handWritten"},
        {"MLP 784-256-128-10, autograd, pure-Java kernel", java, "mlp784_f32_autograd"},
        {"MLP 784-256-128-10, hand-written, pure-Java kernel", java, "mlp784_f32_handWritten"},
        {"MLP 2-16-16-1, autograd", one, "mlp2_16_16_1_f32_autograd"},
        {"MLP 2-16-16-1, hand-written", one, "mlp2_16_16_1_f32_handWritten"},
        {"logistic regression, autograd", one, "logistic100_f32_autograd"},
        {"logistic regression, hand-written", one, "logistic100_f32_handWritten"},
        {"Tensor.matmul n = 512, native BLAS", one, "sgemm512_tensor"},
        {"Tensor.matmul n = 512, pure-Java kernel", java, "sgemm512_tensor"},
        {"BLAS called directly n = 512", one, "sgemm512_blas"},
    };
    for (Object[] p : pairs) {
      @SuppressWarnings("unchecked")
      Map<String, Score> run = (Map<String, Score>) p[1];
      String name = (String) p[2];
      Score f32 = run.get(name);
      Score f64 = run.get(float64Twin(name));
      String unit = name.startsWith("sgemm") ? "" : "µs";
      b.append("| ").append(p[0]).append(" | ").append(fmt(f32, unit)).append(" | ").append(fmt(f64, unit))
          .append(" | ").append(ratio(f32, f64 == null ? Double.NaN : f64.value())).append(" | ")
          .append(bytes(f32)).append(" | ").append(bytes(f64)).append(" | ")
          .append(f32 == null || f64 == null ? "" : ratio(f32.allocBytes(), f64.allocBytes())).append(" |\n");
    }
    b.append("\n| work, float32 | autograd | hand-written, same kernels | autograd / hand | PyTorch float32 "
        + "| autograd / PyTorch, float32 | autograd / PyTorch, float64 |\n|---|---|---|---|---|---|---|\n");
    Object[][] rows = {
        {"MLP 784-256-128-10, batch 128, one SGD step, 1 thread", one, "mlp784_f32"},
        {"same, pure-Java kernel (no native BLAS)", java, "mlp784_f32"},
        {"MLP 2-16-16-1, sigmoid, squared error, 256 points", one, "mlp2_16_16_1_f32"},
        {"logistic regression, 100 features, batch 1,000", one, "logistic100_f32"},
    };
    for (Object[] r : rows) {
      @SuppressWarnings("unchecked")
      Map<String, Score> run = (Map<String, Score>) r[1];
      String auto = r[2] + "_autograd";
      Score a = run.get(auto);
      Score h = run.get(r[2] + "_handWritten");
      Score t = torch.get(auto);
      Score a64 = run.get(float64Twin(auto));
      Score t64 = torch.get(float64Twin(auto));
      Score p = run == one ? ours.get(auto) : null;
      Score p64 = run == one ? ours.get(float64Twin(auto)) : null;
      b.append("| ").append(r[0]).append(" | ").append(fmt(a, "µs")).append(" | ").append(fmt(h, "µs"))
          .append(" | ").append(ratio(a, h == null ? Double.NaN : h.value())).append(" | ")
          .append(t == null ? "not measured" : String.format(Locale.ROOT, "%,.0f µs", t.value())).append(" | ")
          .append(ratio(p != null ? p : a, t == null ? Double.NaN : t.value())).append(" | ")
          .append(ratio(p64 != null ? p64 : a64, t64 == null ? Double.NaN : t64.value())).append(" |\n");
    }
    b.append("\n| single-precision product n = 512 | time (µs) | GFLOP/s | vs BLAS sgemm called directly "
        + "| float64, same path | GFLOP/s float32 / float64 |\n|---|---|---|---|---|---|\n");
    double flops = 2.0 * 512 * 512 * 512;
    Score direct = one.get("sgemm512_blas");
    sgemm(b, "Tensor.matmul (float32 tensors), native BLAS", one.get("sgemm512_tensor"), direct,
        "matmul_tensor", one.get("matmul_tensor"), flops);
    sgemm(b, "Gemm.gemm(float[]), native BLAS", one.get("sgemm512_ours"), direct, null, null, flops);
    sgemm(b, "BLAS sgemm called directly", direct, direct, "matmul_blasDirect", one.get("matmul_blasDirect"), flops);
    sgemm(b, "Tensor.matmul (float32 tensors), pure-Java kernel", java.get("sgemm512_tensor"), null,
        "matmul_tensor", java.get("matmul_tensor"), flops);
    sgemm(b, "Gemm.gemm(float[]), pure-Java float kernel", java.get("sgemm512_ours"), null,
        "matmul_tensor", java.get("matmul_tensor"), flops);
    return b.toString();
  }

  private static void sgemm(StringBuilder b, String what, Score s, Score base, String twinName, Score twin,
      double flops) {
    if (s == null) {
      b.append("| ").append(what).append(" | not run | | | | |\n");
      return;
    }
    b.append("| ").append(what).append(" | ").append(fmt(s, "")).append(" | ")
        .append(String.format(Locale.ROOT, "%.1f", flops / (s.value() * 1e3))).append(" | ")
        .append(base == null ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * base.value() / s.value()))
        .append(" | ")
        .append(twinName == null ? "" : twin == null ? "`" + twinName + "` not run"
            : String.format(Locale.ROOT, "`%s`: %.1f GFLOP/s", twinName, flops / (twin.value() * 1e3)))
        .append(" | ").append(twin == null ? "" : String.format(Locale.ROOT, "%.2f×", twin.value() / s.value()))
        .append(" |\n");
  }

  private static String bytes(Score s) {
    return s == null || Double.isNaN(s.allocBytes()) ? "" : String.format(Locale.ROOT, "%,.0f", s.allocBytes());
  }

  private static String ratio(double a, double b) {
    return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "" : String.format(Locale.ROOT, "%.2f×", a / b);
  }

  /** PyTorch's median from this run's side-by-side files, or the reference figure. */
  private static double torchOr(Map<String, Score> torch, String name, double reference) {
    Score s = torch.get(name);
    return s != null ? s.value() : reference;
  }

  /**
   * One row: this run's median and range, the hand-written one's, and PyTorch's median; the ratio to
   * PyTorch is {@code paired}'s (our side of the interleaved runs) where there is one, else {@code auto}'s.
   */
  private static void row(StringBuilder b, String what, Score auto, Score hand, double torch, Score paired,
      String unit) {
    b.append("| ").append(what).append(" | ").append(fmt(auto, unit)).append(" | ").append(fmt(hand, unit))
        .append(" | ").append(ratio(auto, hand == null ? Double.NaN : hand.value())).append(" | ")
        .append(Double.isNaN(torch) ? "not measured" : String.format(Locale.ROOT, "%,.0f %s", torch, unit)).append(" | ")
        .append(ratio(paired != null ? paired : auto, torch)).append(" |\n");
  }

  /** One side's pooled medians and ranges in a side-by-side folder, by short name (empty when not measured). */
  private static Map<String, Score> side(Path dir, String prefix) throws IOException {
    Map<String, Score> scores = new LinkedHashMap<>();
    if (dir != null && Files.isDirectory(dir)) {
      CompareBuilds.collect(dir, prefix).forEach((name, runs) -> {
        double[] v = CompareBuilds.pool(runs);
        scores.put(name, new Score(median(v), min(v), max(v), runs.get(0).unit(), Double.NaN));
      });
    }
    return scores;
  }

  private static void mm(StringBuilder b, String what, Score s, Score base, double flops) {
    if (s == null) {
      b.append("| ").append(what).append(" | not run | | |\n");
      return;
    }
    double gflops = flops / (s.value() * 1e3);
    b.append("| ").append(what).append(" | ").append(fmt(s, "")).append(" | ")
        .append(String.format(Locale.ROOT, "%.1f", gflops)).append(" | ")
        .append(base == null ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * base.value() / s.value()))
        .append(" |\n");
  }

  private static String fmt(Score s, String unit) {
    if (s == null) {
      return "not run";
    }
    return String.format(Locale.ROOT, "%,.1f%s (%,.0f–%,.0f)", s.value(), unit.isEmpty() ? "" : " " + unit, s.min(), s.max());
  }

  private static String ratio(Score s, double base) {
    if (s == null || Double.isNaN(base)) {
      return "";
    }
    return String.format(Locale.ROOT, "%.2f×", s.value() / base);
  }

  private static String cpu() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return System.getProperty("os.arch");
  }
}
