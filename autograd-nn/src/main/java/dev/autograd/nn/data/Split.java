package dev.autograd.nn.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A training set and a test set drawn from one data set, with the ways of making them: a random
 * train/test split and k-fold cross-validation folds, each optionally stratified (every class in the
 * same proportion in each part).
 *
 * <pre>{@code
 * for (Split fold : Split.stratifiedKFold(data, 5, 0L)) {
 *   Split s = fold.standardised();           // statistics from fold.train() only
 *   ... train on s.train(), score on s.test()
 * }
 * }</pre>
 *
 * @param train the examples to fit on
 * @param test the held-out examples
 */
public record Split(Dataset train, Dataset test) {

  /**
   * Both parts standardised with the mean and standard deviation of the training part (so nothing
   * about the test set leaks into the model).
   *
   * @return a split of the same examples, features standardised
   */
  public Split standardised() {
    Standardizer s = Standardizer.fit(train);
    return new Split(s.transform(train), s.transform(test));
  }

  /**
   * A random split with {@code round(testFraction · n)} test examples (at least one in each part).
   *
   * @param data the examples to split, at least 2
   * @param testFraction the share of examples held out, in {@code (0, 1)}
   * @param seed the seed of the shuffle
   * @return a split whose parts together hold every example once
   * @throws IllegalArgumentException unless {@code 0 < testFraction < 1} and there are at least 2 examples
   */
  public static Split trainTest(Dataset data, double testFraction, long seed) {
    int n = data.size();
    int nTest = testCount(n, testFraction);
    int[] p = Dataset.permutation(n, new SplittableRandom(seed));
    return new Split(
        data.subset(Arrays.copyOfRange(p, nTest, n)), data.subset(Arrays.copyOfRange(p, 0, nTest)));
  }

  /**
   * A random split in which each class contributes {@code round(testFraction · nₖ)} test examples
   * (targets must be class labels).
   *
   * @param data the examples to split, targets class labels
   * @param testFraction the share of each class held out, in {@code (0, 1)}
   * @param seed the seed of the shuffle
   * @return a split whose parts together hold every example once
   */
  public static Split stratifiedTrainTest(Dataset data, double testFraction, long seed) {
    testCount(data.size(), testFraction);
    SplittableRandom rng = new SplittableRandom(seed);
    List<Integer> train = new ArrayList<>();
    List<Integer> test = new ArrayList<>();
    for (int[] members : byClass(data)) {
      int[] p = shuffledCopy(members, rng);
      int nTest = (int) Math.round(testFraction * p.length);
      for (int i = 0; i < p.length; i++) {
        (i < nTest ? test : train).add(p[i]);
      }
    }
    if (train.isEmpty() || test.isEmpty()) {
      throw new IllegalArgumentException(
          "split: test fraction " + testFraction + " leaves an empty part for " + data.size() + " examples");
    }
    return new Split(data.subset(toArray(train)), data.subset(toArray(test)));
  }

  /**
   * {@code k} folds for cross-validation: the examples are shuffled with {@code seed} and cut into
   * {@code k} nearly equal parts; fold {@code i} tests on part {@code i} and trains on the rest.
   *
   * @param data the examples to fold
   * @param k the number of folds, {@code 2 ≤ k ≤ n}
   * @param seed the seed of the shuffle
   * @return {@code k} splits, an unmodifiable list; every example is tested in exactly one
   * @throws IllegalArgumentException unless {@code 2 ≤ k ≤ n}
   */
  public static List<Split> kFold(Dataset data, int k, long seed) {
    checkFolds(data.size(), k);
    int[] p = Dataset.permutation(data.size(), new SplittableRandom(seed));
    int[] fold = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      fold[p[i]] = i % k;
    }
    return folds(data, fold, k);
  }

  /**
   * {@code k} stratified folds: the examples of each class are shuffled with {@code seed} and dealt to
   * the folds in turn, so every fold holds each class in about the proportion of the whole data set.
   * Targets must be class labels.
   *
   * @param data the examples to fold, targets class labels
   * @param k the number of folds, {@code 2 ≤ k ≤ n}
   * @param seed the seed of the shuffle
   * @return {@code k} splits, an unmodifiable list; every example is tested in exactly one
   */
  public static List<Split> stratifiedKFold(Dataset data, int k, long seed) {
    checkFolds(data.size(), k);
    SplittableRandom rng = new SplittableRandom(seed);
    int[] fold = new int[data.size()];
    int next = 0;
    for (int[] members : byClass(data)) {
      for (int i : shuffledCopy(members, rng)) {
        fold[i] = next;
        next = (next + 1) % k;
      }
    }
    return folds(data, fold, k);
  }

  private static List<Split> folds(Dataset data, int[] fold, int k) {
    List<Split> out = new ArrayList<>(k);
    for (int f = 0; f < k; f++) {
      List<Integer> train = new ArrayList<>();
      List<Integer> test = new ArrayList<>();
      for (int i = 0; i < fold.length; i++) {
        (fold[i] == f ? test : train).add(i);
      }
      out.add(new Split(data.subset(toArray(train)), data.subset(toArray(test))));
    }
    return List.copyOf(out);
  }

  private static int testCount(int n, double testFraction) {
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException("split: test fraction must be between 0 and 1; got " + testFraction);
    }
    int nTest = (int) Math.round(testFraction * n);
    if (nTest < 1 || nTest >= n) {
      throw new IllegalArgumentException(
          "split: test fraction " + testFraction + " leaves an empty part for " + n + " examples");
    }
    return nTest;
  }

  private static void checkFolds(int n, int k) {
    if (k < 2 || k > n) {
      throw new IllegalArgumentException(
          "k-fold: needs 2 <= k <= number of examples (" + n + "); got k = " + k);
    }
  }

  private static int[][] byClass(Dataset data) {
    int[] labels = data.labels();
    int[] counts = data.classCounts();
    int[][] members = new int[counts.length][];
    int[] fill = new int[counts.length];
    for (int c = 0; c < counts.length; c++) {
      members[c] = new int[counts[c]];
    }
    for (int i = 0; i < labels.length; i++) {
      members[labels[i]][fill[labels[i]]++] = i;
    }
    return members;
  }

  private static int[] shuffledCopy(int[] a, SplittableRandom rng) {
    int[] p = Dataset.permutation(a.length, rng);
    int[] out = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[p[i]];
    }
    return out;
  }

  private static int[] toArray(List<Integer> list) {
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }
}
