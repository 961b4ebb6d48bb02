package dev.autograd.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.nn.loss.Losses;
import dev.autograd.nn.module.Activation;
import dev.autograd.nn.module.MLP;
import dev.autograd.nn.module.Parameter;
import dev.autograd.nn.module.Sequential;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Optimizers over float32 parameters: state in the parameter's precision, updates computed in double
 * and stored in float32, so a float32 step is the float64 step on the same values, rounded.
 */
class Float32OptimizerTest {

  private static Sequential net(DType dtype) {
    return MLP.of(1L, Activation.TANH, 3, 4, 2).to(dtype);
  }

  private static Tensor loss(Sequential net, int i) {
    Tensor x = Tensor.randn(100L + i, 6, 3);
    Tensor y = Tensor.vector(0, 1, 1, 0, 1, 0);
    return Losses.softmaxCrossEntropy().apply(net.forward(x), y);
  }

  private static void assertStateDType(Optimizer opt, DType dtype, int arrays) {
    Values[] state = opt.stateValues();
    assertEquals(arrays, state.length);
    for (Values v : state) {
      assertEquals(dtype, v.dtype());
    }
  }

  @Test
  void state_of_momentum_adam_and_adamw_has_the_parameters_precision() {
    for (DType dtype : DType.values()) {
      assertStateDType(new Momentum(net(dtype), 0.1), dtype, 4);
      assertStateDType(new Adam(net(dtype), 0.1), dtype, 8);
      assertStateDType(new AdamW(net(dtype), 0.1), dtype, 8);
      assertStateDType(new SGD(net(dtype), 0.1), dtype, 0);
    }
  }

  @Test
  void a_model_of_mixed_precision_keeps_each_parameters_state_in_its_own_precision() {
    Sequential net = net(DType.FLOAT64);
    ((dev.autograd.nn.module.Linear) net.layer(0)).to(DType.FLOAT32);
    Adam adam = new Adam(net, 0.01);
    Values[] s = adam.stateValues();
    assertEquals(List.of(DType.FLOAT32, DType.FLOAT32, DType.FLOAT64, DType.FLOAT64),
        List.of(s[0].dtype(), s[1].dtype(), s[2].dtype(), s[3].dtype()));
    adam.step(loss(net, 0));
    assertEquals(DType.FLOAT32, net.parameters().get(0).value().dtype());
    assertEquals(DType.FLOAT64, net.parameters().get(2).value().dtype());
  }

  /**
   * One step on float32 parameters gives the float64 step from the same (float32-valued) parameters
   * and gradients, rounded to float32: the update is computed in double.
   */
  private static void stepIsTheFloat64StepRounded(Function<Sequential, Optimizer> make) {
    stepIsTheFloat64StepRounded(make, 0.5);
  }

  /** The same within {@code ulps} float32 units in the last place at the first step. */
  private static void stepIsTheFloat64StepRounded(Function<Sequential, Optimizer> make, double ulps) {
    Sequential n32 = net(DType.FLOAT32);
    Sequential n64 = net(DType.FLOAT32).to(DType.FLOAT64);   // the same float32 values, widened
    Optimizer o32 = make.apply(n32);
    Optimizer o64 = make.apply(n64);
    for (int step = 0; step < 3; step++) {
      Tensor l32 = loss(n32, step);
      dev.autograd.Gradients g = dev.autograd.Autograd.gradients(l32, Tensor.onesLike(l32), n32.parameterTensors(),
          false, false);
      Tensor[] g32 = g.toArray();
      Tensor[] g64 = new Tensor[g32.length];
      for (int i = 0; i < g32.length; i++) {
        assertEquals(DType.FLOAT32, g32[i].dtype());
        g64[i] = g32[i].to(DType.FLOAT64);
      }
      o32.apply(g32);
      o64.apply(g64);
      List<Parameter> p32 = n32.parameters();
      List<Parameter> p64 = n64.parameters();
      for (int i = 0; i < p32.size(); i++) {
        assertEquals(DType.FLOAT32, p32.get(i).value().dtype());
        float[] actual = p32.get(i).value().floatStorage();
        double[] wide = p64.get(i).value().storage();
        for (int j = 0; j < actual.length; j++) {
          // after the first step the float64 run keeps digits the float32 one rounded away
          assertEquals(wide[j], actual[j], step == 0 ? ulps * Math.ulp((float) wide[j]) : 1e-5,
              p32.get(i).name() + "[" + j + "] at step " + step);
        }
      }
    }
    assertTrue(n32.parameters().get(0).value().maxAbsDiff(net(DType.FLOAT32).parameters().get(0).value()) > 0,
        "the steps changed the parameters");
  }

  @Test
  void sgd_with_weight_decay_steps_in_float32() {
    stepIsTheFloat64StepRounded(net -> new SGD(net, 0.1, 0.01));
  }

  @Test
  void momentum_steps_in_float32() {
    stepIsTheFloat64StepRounded(net -> new Momentum(net, 0.1, 0.9, 0.01));
  }

  @Test
  void adam_steps_in_float32() {
    stepIsTheFloat64StepRounded(net -> new Adam(net, 0.01));
  }

  @Test
  void adamw_with_clipping_by_norm_steps_in_float32() {
    stepIsTheFloat64StepRounded(net -> {
      AdamW a = new AdamW(net, 0.01, 0.1);
      a.setGradientClipping(GradientClipping.byNorm(0.1));
      return a;
    }, 1.5);   // the clipped gradients are float32 (rounded once more), as in PyTorch
  }

  @Test
  void momentum_with_clipping_by_value_steps_in_float32() {
    stepIsTheFloat64StepRounded(net -> {
      Momentum m = new Momentum(net, 0.1);
      m.setGradientClipping(GradientClipping.byValue(0.05));
      return m;
    }, 1.5);
  }

  @Test
  void a_float64_gradient_for_a_float32_parameter_is_converted_to_float32() {
    Tensor w = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
    SGD sgd = new SGD(List.of(new Parameter("w", w)), 0.5);
    sgd.apply(new Tensor[] {Tensor.vector(0.1, 0.2)});
    assertEquals(DType.FLOAT32, w.dtype());
    assertArrayEquals(new float[] {(float) (1 - 0.5 * 0.1f), (float) (2 - 0.5 * 0.2f)}, w.floatStorage(), 0f);
    // the norm of the gradient as converted to float32
    assertEquals(Math.hypot(0.1f, 0.2f), sgd.lastGradientNorm(), 1e-15);
  }

  @Test
  void clipped_float32_gradients_stay_float32() {
    Tensor g = Tensor.of(new float[] {3, 4}, 2);
    GradientClipping.Clipped c = GradientClipping.byNorm(1).clip(new Tensor[] {g});
    assertEquals(DType.FLOAT32, c.gradients()[0].dtype());
    assertEquals(5, c.normBefore(), 1e-6);
    assertArrayEquals(new double[] {0.6, 0.8}, c.gradients()[0].toArray(), 1e-6);
    assertEquals(5, GradientClipping.globalNorm(new Tensor[] {g}), 0);
  }

  @Test
  void a_snapshot_of_float32_state_restores_exactly() {
    Sequential a = net(DType.FLOAT32);
    Adam adam = new Adam(a, 0.01);
    adam.step(loss(a, 0));
    adam.step(loss(a, 1));
    Optimizer.Snapshot s = adam.stateSnapshot();
    Sequential b = net(DType.FLOAT32);
    Adam other = new Adam(b, 0.01);
    other.restoreState(s);
    Values[] x = adam.stateValues();
    Values[] y = other.stateValues();
    for (int i = 0; i < x.length; i++) {
      assertArrayEquals(x[i].floats(), y[i].floats(), 0f);
    }
  }

  /** A subclass with only the float64 update: float32 parameters go through it widened. */
  private static final class HalfStep extends Optimizer {
    HalfStep(List<Parameter> ps) {
      super(ps, 1);
    }

    @Override
    protected void update(int index, double[] value, double[] grad) {
      for (int j = 0; j < value.length; j++) {
        value[j] -= 0.5 * grad[j];
      }
    }
  }

  @Test
  void a_subclass_with_only_the_float64_update_still_updates_float32_parameters() {
    Tensor w = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
    new HalfStep(List.of(new Parameter("w", w))).apply(new Tensor[] {Tensor.of(new float[] {0.2f, 0.4f}, 2)});
    assertArrayEquals(new float[] {(float) (1 - 0.5 * 0.2f), (float) (2 - 0.5 * 0.4f)}, w.floatStorage(), 0f);
  }

  @Test
  void lbfgs_refuses_a_float32_model_and_says_how_to_fix_it() {
    Sequential n = net(DType.FLOAT32);
    var e = assertThrows(IllegalArgumentException.class,
        () -> new LBFGS().minimize(n, Losses.softmaxCrossEntropy(), Tensor.randn(1L, 4, 3), Tensor.vector(0, 1, 0, 1)));
    assertTrue(e.getMessage().contains("'0.weight' is float32") && e.getMessage().contains("to(DType.FLOAT64)"),
        e.getMessage());
  }

  @Test
  void lbfgs_minimises_a_function_of_float32_starting_values_in_float64() {
    Tensor start = Tensor.of(new float[] {3, -2}, 2);
    LBFGS.Result r = new LBFGS().minimize(xs -> xs[0].sub(1).square().sum(), start);
    assertEquals(DType.FLOAT64, r.parameters()[0].dtype());
    assertArrayEquals(new double[] {1, 1}, r.flat(), 1e-6);
    assertArrayEquals(new double[] {3, -2}, ParameterVector.flatten(start), 0);
  }
}
