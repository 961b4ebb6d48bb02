package dev.autograd.bench;

import dev.autograd.Tensor;
import dev.autograd.nn.loss.Loss;
import dev.autograd.nn.loss.Losses;
import dev.autograd.nn.module.Activation;
import dev.autograd.nn.module.MLP;
import dev.autograd.nn.module.Sequential;
import dev.autograd.nn.optim.SGD;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One SGD step (forward, loss, backward, update) of each model in the table, by the engine
 * and by the hand-written baseline that uses the same matrix-multiply kernel.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class TrainingStepBenchmark {

  /** MLP 784-256-128-10, relu, softmax cross-entropy, batch 128. */
  @State(Scope.Thread)
  public static class Mnist {
    final int batch = 128;
    Tensor x;
    double[] xd;
    int[] labels;
    Tensor labelTensor;
    Models.AutogradMlp autograd;
    Models.HandMlp hand;
    Sequential model;
    SGD sgd;
    Loss loss = Losses.softmaxCrossEntropy();

    @Setup
    public void setup() {
      x = Tensor.rand(1, batch, 784);
      xd = x.toArray();
      SplittableRandom r = new SplittableRandom(2);
      labels = new int[batch];
      double[] ld = new double[batch];
      for (int i = 0; i < batch; i++) {
        labels[i] = r.nextInt(10);
        ld[i] = labels[i];
      }
      labelTensor = Tensor.vector(ld);
      autograd = new Models.AutogradMlp(3, 784, 256, 128, 10);
      hand = new Models.HandMlp(3, 784, 256, 128, 10);
      model = MLP.of(3, Activation.RELU, 784, 256, 128, 10);
      sgd = new SGD(model, 1e-3);
    }
  }

  /** The same step through autograd-nn: an MLP module, its loss and its SGD optimizer. */
  @Benchmark
  public double mlp784_nnModule(Mnist s) {
    return s.sgd.step(s.loss.apply(s.model.forward(s.x), s.labelTensor));
  }

  @Benchmark
  public double mlp784_autograd(Mnist s) {
    return s.autograd.step(s.x, s.labels, 1e-3);
  }

  @Benchmark
  public double mlp784_handWritten(Mnist s) {
    return s.hand.step(s.xd, s.batch, s.labels, 1e-3);
  }

  /** MLP 2-16-16-1, sigmoid, squared error, 256 points: the lecture's scale. */
  @State(Scope.Thread)
  public static class Lecture {
    final int n = 256;
    Tensor x;
    Tensor y;
    double[] xd;
    double[] yd;
    Models.AutogradSigmoidMlp autograd;
    Models.HandSigmoidMlp hand;

    @Setup
    public void setup() {
      x = Tensor.randn(4, n, 2);
      y = x.map(v -> v).sum(new int[] {1}, true).gt(0);   // labels from a linear rule
      xd = x.toArray();
      yd = y.toArray();
      autograd = new Models.AutogradSigmoidMlp(5, 2, 16, 16, 1);
      hand = new Models.HandSigmoidMlp(5, 2, 16, 16, 1);
    }
  }

  @Benchmark
  public double mlp2_16_16_1_autograd(Lecture s) {
    return s.autograd.step(s.x, s.y, 0.01);
  }

  @Benchmark
  public double mlp2_16_16_1_handWritten(Lecture s) {
    return s.hand.step(s.xd, s.n, s.yd, 0.01);
  }

  /** Logistic regression, 100 features, batch 1,000. */
  @State(Scope.Thread)
  public static class Logistic {
    final int n = 1000;
    Tensor x;
    Tensor y;
    double[] xd;
    double[] yd;
    Models.AutogradLogistic autograd;
    Models.HandLogistic hand;

    @Setup
    public void setup() {
      x = Tensor.randn(6, n, 100);
      y = Tensor.rand(7, n, 1).gt(0.5);
      xd = x.toArray();
      yd = y.toArray();
      autograd = new Models.AutogradLogistic(8, 100);
      hand = new Models.HandLogistic(8, 100);
    }
  }

  @Benchmark
  public double logistic100_autograd(Logistic s) {
    return s.autograd.step(s.x, s.y, 0.1);
  }

  @Benchmark
  public double logistic100_handWritten(Logistic s) {
    return s.hand.step(s.xd, s.n, s.yd, 0.1);
  }
}
