package dev.autograd.nn.data;

import java.util.List;

/**
 * A data set read by {@link CsvDatasetReader}, with the names from the file's header.
 *
 * @param dataset the examples; with a categorical label it carries the class names
 * @param columnNames every column's name, in file order
 * @param featureNames the names of the feature columns, in the order of the features
 * @param labelName the name of the label column
 */
public record CsvDataset(Dataset dataset, List<String> columnNames, List<String> featureNames, String labelName) {
  /**
   * Copies the name lists; the copies are unmodifiable.
   *
   * @param dataset the examples; with a categorical label it carries the class names
   * @param columnNames every column's name, in file order
   * @param featureNames the names of the feature columns, in the order of the features
   * @param labelName the name of the label column
   * @throws NullPointerException when a name list or a name in it is null
   */
  public CsvDataset {
    columnNames = List.copyOf(columnNames);
    featureNames = List.copyOf(featureNames);
  }
}
