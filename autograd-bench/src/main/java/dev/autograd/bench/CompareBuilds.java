package dev.autograd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Compares two builds measured in one run by {@code compare-builds.sh}: for every benchmark, the
 * median of all measured iterations of each build (pooled over its forks), their range, the ratio
 * of the medians and the bytes allocated per operation.
 *
 * <p>Usage: {@code CompareBuilds DIR}, where DIR holds {@code old-*.json} and {@code new-*.json}; or
 * {@code CompareBuilds DIR PREFIX_A PREFIX_B LABEL_A LABEL_B} for other pairs of runs (PyTorch's twins
 * against ours, in {@code compare-pytorch.sh}).
 */
public final class CompareBuilds {
  private CompareBuilds() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    if (args.length >= 5) {
      System.out.print(table(dir, args[1], args[2], args[3], args[4]));
    } else {
      System.out.print(table(dir, "old-", "new-", "old build", "new build"));
    }
  }

  /**
   * The comparison table of the runs in {@code dir}: files named {@code prefixA*.json} against
   * {@code prefixB*.json}, benchmark by benchmark (matched by short name), with the ratio B / A.
   *
   * @param dir the folder of JMH-format result files
   * @param prefixA the file-name prefix of the reference runs (the ratio's denominator)
   * @param prefixB the file-name prefix of the runs compared with them
   * @param labelA the reference's column heading
   * @param labelB the compared runs' column heading
   * @return a Markdown table, one row per benchmark present on both sides
   * @throws IOException if the folder or a file cannot be read
   */
  static String table(Path dir, String prefixA, String prefixB, String labelA, String labelB) throws IOException {
    Map<String, List<Report.Raw>> a = collect(dir, prefixA);
    Map<String, List<Report.Raw>> bRuns = collect(dir, prefixB);
    StringBuilder b = new StringBuilder();
    b.append("| benchmark | ").append(labelA).append(" | ").append(labelB).append(" | ").append(labelB)
        .append(" / ").append(labelA).append(" | bytes/op ").append(labelA).append(" | bytes/op ").append(labelB)
        .append(" |\n");
    b.append("|---|---|---|---|---|---|\n");
    for (String name : a.keySet()) {
      if (!bRuns.containsKey(name)) {
        continue;
      }
      double[] o = pool(a.get(name));
      double[] n = pool(bRuns.get(name));
      String unit = a.get(name).get(0).unit();
      b.append(String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %s | %s |%n", name, cell(o, unit), cell(n, unit),
          Report.median(n) / Report.median(o), bytes(a.get(name)), bytes(bRuns.get(name))));
    }
    return b.toString();
  }

  static Map<String, List<Report.Raw>> collect(Path dir, String prefix) throws IOException {
    Map<String, List<Report.Raw>> out = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".json"))
          .sorted().toList();
    }
    for (Path f : files) {
      Report.readRaw(f).forEach((name, raw) -> out.computeIfAbsent(name, k -> new ArrayList<>()).add(raw));
    }
    return out;
  }

  static double[] pool(List<Report.Raw> runs) {
    return runs.stream().flatMapToDouble(r -> java.util.Arrays.stream(r.iterations())).toArray();
  }

  private static String cell(double[] v, String unit) {
    return String.format(Locale.ROOT, "%,.1f %s (%,.1f–%,.1f, n = %d)", Report.median(v), unit, Report.min(v),
        Report.max(v), v.length);
  }

  private static String bytes(List<Report.Raw> runs) {
    double sum = 0;
    for (Report.Raw r : runs) {
      sum += r.allocBytes();
    }
    return Double.isNaN(sum) ? "" : String.format(Locale.ROOT, "%,.0f", sum / runs.size());
  }
}
