package dev.autograd.nn.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.nn.data.Dataset;
import dev.autograd.nn.data.Datasets;
import dev.autograd.nn.data.Split;
import dev.autograd.nn.loss.Losses;
import dev.autograd.nn.module.LogisticRegression;
import dev.autograd.nn.optim.Adam;
import dev.autograd.nn.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrossValidationTest {

  @Test
  void runs_the_experiment_once_per_fold_in_order_and_summarises() {
    List<Integer> seen = new ArrayList<>();
    Dataset d = Datasets.ring(20, 1L);
    CrossValidation.Result r = CrossValidation.run(Split.kFold(d, 4, 0L), (fold, i) -> {
      seen.add(i);
      return i;
    });
    assertEquals(List.of(0, 1, 2, 3), seen);
    assertArrayEquals(new double[] {0, 1, 2, 3}, r.scores(), 0);
    assertEquals(1.5, r.mean(), 0);
    assertEquals(Math.sqrt(5.0 / 3), r.std(), 1e-15);
    assertEquals(0, r.min(), 0);
  }

  @Test
  void multinomial_logistic_regression_on_iris_scores_like_the_reference() {
    // reference: 0.960 (5-fold stratified, standardised, a widely used library)
    Dataset iris = Datasets.iris();
    CrossValidation.Result r = CrossValidation.run(Split.stratifiedKFold(iris, 5, 0L), (fold, i) -> {
      Split s = fold.standardised();
      LogisticRegression m = LogisticRegression.multinomial(4, 3);
      new Trainer(m, Losses.softmaxCrossEntropy(), new Adam(m, 0.05)).batchSize(16).seed(i).fit(s.train(), 100);
      return Metrics.accuracy(m, s.test());
    });
    System.out.println("iris, multinomial logistic regression, Adam: " + r);
    assertTrue(r.mean() >= 0.93, r.toString());
  }
}
