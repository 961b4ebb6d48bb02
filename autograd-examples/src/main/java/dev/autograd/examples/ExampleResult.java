package dev.autograd.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one example produced: named numbers (accuracies, losses, differences), the files it wrote
 * and the summary lines it printed. Tests assert on this rather than on printed text.
 *
 * @param name the subcommand's name, e.g. {@code "xor"}
 * @param title the lecture part's title
 * @param metrics named results in the order they were recorded
 * @param files the files written, in order
 * @param summary the short summary printed by the tour
 */
public record ExampleResult(
    String name, String title, Map<String, Double> metrics, List<Path> files, List<String> summary) {

  public ExampleResult {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    files = List.copyOf(files);
    summary = List.copyOf(summary);
  }

  /**
   * The metric called {@code key}.
   *
   * @throws IllegalArgumentException when the example recorded no such metric (the message lists those it did)
   */
  public double metric(String key) {
    Double v = metrics.get(key);
    if (v == null) {
      throw new IllegalArgumentException(
          "example '" + name + "' recorded no metric '" + key + "'; it has " + metrics.keySet());
    }
    return v;
  }

  /** The written file whose name is {@code fileName}. */
  public Path file(String fileName) {
    for (Path p : files) {
      if (p.getFileName().toString().equals(fileName)) {
        return p;
      }
    }
    throw new IllegalArgumentException("example '" + name + "' wrote no file '" + fileName + "'; it wrote " + files);
  }

  /** Collects an example's results while it runs. */
  public static final class Builder {
    private final String name;
    private final String title;
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private final List<Path> files = new ArrayList<>();
    private final List<String> summary = new ArrayList<>();

    public Builder(String name, String title) {
      this.name = name;
      this.title = title;
    }

    /** Records a named number. */
    public Builder metric(String key, double value) {
      metrics.put(key, value);
      return this;
    }

    /** Records a file written. */
    public Builder file(Path file) {
      files.add(file);
      return this;
    }

    /** Records a summary line. */
    public Builder line(String text) {
      summary.add(text);
      return this;
    }

    public ExampleResult build() {
      return new ExampleResult(name, title, metrics, files, summary);
    }
  }
}
