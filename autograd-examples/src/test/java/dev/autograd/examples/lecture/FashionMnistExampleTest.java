package dev.autograd.examples.lecture;

import static dev.autograd.examples.TestSupport.assertPicture;
import static dev.autograd.examples.TestSupport.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.examples.ExampleResult;
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
