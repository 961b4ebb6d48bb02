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
 * <p>Usage: {@code CompareBuilds DIR}, where DIR holds {@code old-*.json} and {@code new-*.json}.
 */
public final class CompareBuilds {
  private CompareBuilds() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Map<String, List<Report.Raw>> old = collect(dir, "old-");
    Map<String, List<Report.Raw>> now = collect(dir, "new-");
    StringBuilder b = new StringBuilder();
    b.append("| benchmark | old build | new build | new / old | bytes/op old | bytes/op new |\n");
    b.append("|---|---|---|---|---|---|\n");
    for (String name : old.keySet()) {
      if (!now.containsKey(name)) {
        continue;
      }
      double[] o = pool(old.get(name));
      double[] n = pool(now.get(name));
      String unit = old.get(name).get(0).unit();
      b.append(String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %s | %s |%n", name, cell(o, unit), cell(n, unit),
          Report.median(n) / Report.median(o), bytes(old.get(name)), bytes(now.get(name))));
    }
    System.out.print(b);
  }

  private static Map<String, List<Report.Raw>> collect(Path dir, String prefix) throws IOException {
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

  private static double[] pool(List<Report.Raw> runs) {
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
    return String.format(Locale.ROOT, "%,.0f", sum / runs.size());
  }
}
