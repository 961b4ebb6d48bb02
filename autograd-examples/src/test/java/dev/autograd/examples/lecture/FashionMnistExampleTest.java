package dev.autograd.examples.lecture;

import static dev.autograd.examples.TestSupport.assertPicture;
import static dev.autograd.examples.TestSupport.context;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.autograd.Tensor;
import dev.autograd.examples.ExampleResult;
import dev.autograd.nn.module.Dropout;
import dev.autograd.nn.module.Sequential;
import java.util.List;
import dev.autograd.examples.plot.Charts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional Fashion-MNIST part, run on small generated files in the same format (never the real data). */
class FashionMnistExampleTest {

  @Test
  void mlp_is_trained_on_files_in_the_debian_layout(@TempDir Path dir) throws Exception {
    Path data = Files.createDirectory(dir.resolve("data"));
    IdxFiles.write(data, "train", 400, 1);
    IdxFiles.write(data, "t10k", 100, 2);
    assertTrue(FashionMnistExample.available(data));

    FashionMnistExample part = new FashionMnistExample();
    part.data = data;
    part.epochs = 6;
    part.hidden = 32;
    ExampleResult r = part.run(context(dir.resolve("out")));

    assertTrue(r.metric("test_accuracy") >= 0.9, "test accuracy " + r.metric("test_accuracy"));
    assertPicture(r.file("9-fashion-mnist-loss.png"), Charts.WIDTH, Charts.HEIGHT);
    assertPicture(r.file("9-fashion-mnist-samples.png"), Charts.WIDTH, Charts.HEIGHT);
  }

  @Test
  void cnn_is_trained_on_files_in_the_debian_layout(@TempDir Path dir) throws Exception {
    Path data = Files.createDirectory(dir.resolve("data"));
    IdxFiles.write(data, "train", 400, 1);
    IdxFiles.write(data, "t10k", 100, 2);

    FashionMnistExample part = FashionMnistExample.cnn();
    part.data = data;
    part.epochs = 2;
    ExampleResult r = part.run(context(dir.resolve("out")));

    assertTrue(r.metric("test_accuracy") >= 0.8, "test accuracy " + r.metric("test_accuracy"));
    assertTrue(r.metric("seconds_per_epoch") > 0);
    assertTrue(r.summary().get(1).startsWith("  seconds per epoch: "), r.summary().toString());
    assertPicture(r.file("9-fashion-mnist-cnn-curves.png"), Charts.WIDTH, Charts.HEIGHT);
    assertPicture(r.file("9-fashion-mnist-cnn-samples.png"), Charts.WIDTH, Charts.HEIGHT);
  }

  /** Where the real data is installed (as on CI): the CNN of the tour, trained for seconds on a subset. */
  @Test
  void cnn_learns_the_real_data_from_a_small_subset_in_one_epoch(@TempDir Path dir) throws Exception {
    assumeTrue(FashionMnistExample.available(FashionMnistExample.DEFAULT_DATA), "Fashion-MNIST is not installed");
    FashionMnistExample part = FashionMnistExample.quickCnn();
    part.trainSize = 1500;
    part.testSize = 500;
    ExampleResult r = part.run(context(dir));

    assertTrue(r.metric("test_accuracy") >= 0.6, "test accuracy " + r.metric("test_accuracy"));
    assertPicture(r.file("9-fashion-mnist-cnn-samples.png"), Charts.WIDTH, Charts.HEIGHT);
  }

  @Test
  void the_cnn_maps_rows_of_784_pixels_to_ten_logits_and_has_batch_norm_and_dropout() {
    Sequential net = FashionMnistExample.cnnNetwork(1L);
    assertArrayEquals(new int[] {2, 10}, net.eval().predict(Tensor.zeros(2, 784)).shape());
    assertEquals(List.of("5.running_mean", "5.running_var"), net.buffers().stream().map(b -> b.name()).toList());
    assertTrue(net.layers().stream().anyMatch(m -> m instanceof Dropout));
  }

  @Test
  void missing_data_says_how_to_install_it(@TempDir Path dir) {
    assertFalse(FashionMnistExample.available(dir));
    FashionMnistExample part = new FashionMnistExample();
    part.data = dir;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> part.run(context(dir)));
    assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist") && e.getMessage().contains("--data"),
        e.getMessage());
  }

  @Test
  void loading_honours_the_size_limit_and_names_the_classes(@TempDir Path dir) throws Exception {
    IdxFiles.write(dir, "train", 50, 3);
    var d = FashionMnistExample.load(dir, "train", 20);
    assertEquals(20, d.size());
    assertEquals(784, d.featureCount());
    assertEquals("Boot", d.classNames().get(9));
  }
}
