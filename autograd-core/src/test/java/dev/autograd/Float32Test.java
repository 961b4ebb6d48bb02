package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Float32 tensors: storage, conversion, promotion of mixed operands, and gradients' precision. */
class Float32Test {
  private static final DType F32 = DType.FLOAT32;
  private static final DType F64 = DType.FLOAT64;

  @Test
  void factories_and_conversion_keep_the_precision() {
    Tensor x = Tensor.of(new float[] {1.5f, -2f, 0.1f}, 3);
    assertEquals(F32, x.dtype());
    assertEquals(0.1f, x.floatStorage()[2]);
    assertEquals((double) 0.1f, x.get(2));
    assertEquals(F64, Tensor.vector(1, 2).dtype());
    assertEquals(F32, Tensor.zeros(F32, 2, 2).dtype());
    assertEquals(F32, Tensor.onesLike(x).dtype());
    assertEquals(F32, Tensor.zerosLike(x).dtype());
    assertSame(x, x.to(F32));
    Tensor y = Tensor.vector(0.1).to(F32);
    assertEquals(0.1f, y.floatStorage()[0]);
    assertEquals((double) 0.1f, y.to(F64).item());
    IllegalStateException e = assertThrows(IllegalStateException.class, x::storage);
    assertTrue(e.getMessage().contains("float32"), e.getMessage());
    assertTrue(x.toString().contains("float32"), x.toString());
  }

  @Test
  void java_scalars_and_rank0_tensors_do_not_promote_but_ranked_float64_does() {
    Tensor x = Tensor.of(new float[] {1, 2}, 2);
    assertEquals(F32, x.mul(0.1).dtype());
    assertEquals(F32, x.add(Tensor.scalar(1)).dtype());
    assertEquals(F64, x.add(Tensor.vector(1, 1)).dtype());
    assertEquals(F64, Tensor.scalar(F32, 1).add(Tensor.scalar(2)).dtype());
    assertEquals(F32, Tensor.scalar(F32, 1).add(Tensor.scalar(F32, 2)).dtype());
    assertEquals(F32, x.gt(0.5).dtype());
    assertEquals(F64, DType.promoted(x, Tensor.vector(1, 2)));
    assertEquals(F32, DType.promoted(x, Tensor.scalar(2)));
    assertEquals(F64, DType.promoted(Tensor.scalar(F32, 1), Tensor.scalar(2)));
  }

  @Test
  void gradients_have_their_inputs_precision() {
    Tensor w = Tensor.of(new float[] {0.5f, -1f, 2f}, 3).requiresGrad(true);
    Tensor v = Tensor.vector(1, 2, 3).requiresGrad(true);
    Tensor loss = w.mul(v).sigmoid().sum();
    assertEquals(F64, loss.dtype());
    loss.backward();
    assertEquals(F32, w.grad().dtype());
    assertEquals(F64, v.grad().dtype());
    Tensor w64 = Tensor.vector(0.5f, -1f, 2f).requiresGrad(true);
    Tensor v64 = Tensor.vector(1, 2, 3).requiresGrad(true);
    w64.mul(v64).sigmoid().sum().backward();
    assertArrayEquals(w64.grad().toArray(), w.grad().toArray(), 1e-7);
  }

  @Test
  void an_op_without_float32_kernels_computes_on_double_copies_and_rounds() {
    Tensor a = Tensor.of(new float[] {4, 1, 1, 3}, 2, 2).requiresGrad(true);
    Tensor d = Linalg.det(a);
    assertEquals(F32, d.dtype());
    assertEquals(11.0, d.item(), 1e-6);
    d.backward();
    assertEquals(F32, a.grad().dtype());
    assertArrayEquals(new double[] {3, -1, -1, 4}, a.grad().toArray(), 1e-6);
  }

  @Test
  void second_order_in_float32() {
    Tensor x = Tensor.of(new float[] {0.3f, -0.7f}, 2).requiresGrad(true);
    Tensor y = x.tanh().mul(x).sum();
    Tensor g = Autograd.gradients(y, Tensor.onesLike(y), new Tensor[] {x}, true, true).get(0);
    assertEquals(F32, g.dtype());
    Tensor h = Autograd.gradients(g.sum(), x).get(0);
    assertEquals(F32, h.dtype());
    double t = Math.tanh(0.3f);
    double expected = 2 * (1 - t * t) - 2 * 0.3f * t * (1 - t * t);
    assertEquals(expected, h.get(0), 1e-5);
  }

  @Test
  void a_million_element_float32_sum_stays_within_1e_6_of_the_exact_sum() {
    java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
    float[] v = new float[1_000_000];
    double sum = 0;
    double compensation = 0;   // Neumaier's summation: within a few 1e-16 of the exact sum, the reference
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (rng.nextDouble() * 2 - 0.9);   // mostly positive: cancellation would hide the error
      double t = sum + v[i];
      compensation += Math.abs(sum) >= Math.abs(v[i]) ? (sum - t) + v[i] : (v[i] - t) + sum;
      sum = t;
    }
    Tensor x = Tensor.wrap(v, 1000, 1000);
    double want = sum + compensation;
    float naive = 0;
    for (float f : v) {
      naive += f;
    }
    assertTrue(Math.abs(naive - want) > Math.abs(want) * 1e-6, "a plain float loop would fail this bound");
    Tensor total = x.sum();
    assertEquals(F32, total.dtype());
    assertEquals(want, total.item(), Math.abs(want) * 1e-6);
    Tensor rows = x.sum(new int[] {1}, false).sum();
    assertEquals(want, rows.item(), Math.abs(want) * 1e-6);
    Tensor mean = x.mean();
    assertEquals(want / v.length, mean.item(), Math.abs(want / v.length) * 1e-6);
  }

  @Test
  void gradient_checks_run_float32_functions_in_float64_and_refuse_inner_float32() {
    Tensor x = Tensor.of(new float[] {0.3f, -1.2f, 2f}, 3);
    dev.autograd.check.GradCheck.Result r =
        dev.autograd.check.GradCheck.check(xs -> xs[0].tanh().mul(xs[0]).sum(), x);
    assertTrue(r.passed() && r.conclusive(), r.report());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> dev.autograd.check.GradCheck.check(xs -> xs[0].to(F32).tanh().sum(), Tensor.vector(0.3, 1)));
    assertTrue(e.getMessage().contains("returns float32") && e.getMessage().contains("check the same function in float64"),
        e.getMessage());
  }

  /** A user's primitive written for double[] only: y = x³, dy/dx = 3x². */
  static final class Cube extends Primitive {
    @Override public String name() { return "cube"; }
    @Override protected Tensor forward(Tensor... in) {
      double[] x = in[0].storage();   // float64 copies when the input is float32
      double[] y = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        y[i] = x[i] * x[i] * x[i];
      }
      return Tensor.wrapLike(y, in[0]);
    }
    @Override protected Tensor[] vjp(Node node, Tensor g) {
      return new Tensor[] {g.mul(node.input(0).square().mul(3))};
    }
  }

  @Test
  void a_users_double_only_primitive_works_in_float32_unchanged() {
    Tensor x = Tensor.of(new float[] {0.5f, -2f}, 2).requiresGrad(true);
    Tensor y = new Cube().apply(x);
    assertEquals(F32, y.dtype());
    assertArrayEquals(new double[] {0.125, -8}, y.toArray(), 0);
    y.sum().backward();
    assertEquals(F32, x.grad().dtype());
    assertArrayEquals(new double[] {0.75, 12}, x.grad().toArray(), 0);
  }
}
