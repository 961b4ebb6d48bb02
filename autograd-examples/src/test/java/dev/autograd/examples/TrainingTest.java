package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.nn.data.Dataset;
import dev.autograd.nn.data.Datasets;
import dev.autograd.nn.eval.Metrics;
import dev.autograd.nn.loss.Loss;
import dev.autograd.nn.loss.Losses;
import dev.autograd.nn.module.LogisticRegression;
import dev.autograd.nn.optim.SGD;
import dev.autograd.nn.train.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TrainingTest {

  @Test
  void curves_hold_one_loss_per_epoch_and_the_test_loss_after_each() {
    Dataset train = Datasets.linearlySeparable(60, 1);
    Dataset test = Datasets.linearlySeparable(40, 2);
    LogisticRegression model = LogisticRegression.binary(2);
    Loss loss = Losses.binaryCrossEntropy();
    Trainer trainer = new Trainer(model, loss, new SGD(model, 0.1)).batchSize(10);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Context ctx = new Context(1, Path.of("unused"), new PrintStream(bytes, true, StandardCharsets.UTF_8),
        Progress.Style.LINES, false);

    Training.Curves c = Training.fit(ctx, "fit", trainer, model, loss, train, test, 8);

    assertEquals(8, c.train().length);
    assertEquals(8, c.test().length);
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, c.epochs());
    assertTrue(c.train()[7] < c.train()[0], "the training loss falls");
    assertEquals(Metrics.loss(model, loss, test), c.test()[7], 1e-12, "the last test loss is the final model's");
    assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("fit: 100% (8/8"), bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void without_test_data_the_test_curve_is_empty() {
    Dataset train = Datasets.linearlySeparable(20, 1);
    LogisticRegression model = LogisticRegression.binary(2);
    Loss loss = Losses.binaryCrossEntropy();
    Trainer trainer = new Trainer(model, loss, new SGD(model, 0.1));
    Training.Curves c = Training.fit(TestSupport.context(Path.of("unused")), "fit", trainer, model, loss, train,
        null, 2);
    assertEquals(2, c.train().length);
    assertEquals(0, c.test().length);
  }

  @Test
  void zero_epochs_are_refused() {
    LogisticRegression model = LogisticRegression.binary(2);
    Trainer trainer = new Trainer(model, Losses.binaryCrossEntropy(), new SGD(model, 0.1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Training.fit(
        TestSupport.context(Path.of("unused")), "fit", trainer, model, Losses.binaryCrossEntropy(),
        Datasets.xor(), null, 0));
    assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
  }
}
