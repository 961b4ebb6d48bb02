package dev.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {

  @Test
  void factories_make_the_shapes_they_promise() {
    assertArrayEquals(new int[] {}, Tensor.scalar(3).shape());
    assertArrayEquals(new int[] {3}, Tensor.vector(1, 2, 3).shape());
    assertArrayEquals(new int[] {2, 2}, Tensor.matrix(new double[][] {{1, 2}, {3, 4}}).shape());
    assertArrayEquals(new int[] {2, 1, 2}, Tensor.of(new double[][][] {{{1, 2}}, {{3, 4}}}).shape());
    assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0}, Tensor.zeros(2, 3).toArray(), 0);
    assertArrayEquals(new double[] {7, 7}, Tensor.full(7, 2).toArray(), 0);
    assertArrayEquals(new double[] {0, 0.5, 1}, Tensor.linspace(0, 1, 3).toArray(), 0);
    assertEquals(4.0, Tensor.matrix(new double[][] {{1, 2}, {3, 4}}).get(1, 1));
  }

  @Test
  void factories_copy_their_input() {
    double[] d = {1, 2};
    Tensor t = Tensor.of(d, 2);
    d[0] = 99;
    assertEquals(1, t.get(0));
  }

  @Test
  void seeded_random_tensors_are_reproducible() {
    assertArrayEquals(Tensor.randn(42, 3, 3).toArray(), Tensor.randn(42, 3, 3).toArray(), 0);
    assertFalse(Tensor.randn(42, 3).allClose(Tensor.randn(43, 3)));
    double[] u = Tensor.rand(1, 1000).toArray();
    for (double v : u) {
      assertTrue(v >= 0 && v < 1);
    }
    double mean = Tensor.randn(5, 20000).mean().item();
    assertEquals(0, mean, 0.03);
  }

  @Test
  void to_string_is_readable() {
    assertEquals("tensor([[1, 2], [3, 4.5]], shape [2, 2])", Tensor.matrix(new double[][] {{1, 2}, {3, 4.5}}).toString());
    assertEquals("tensor(3, requiresGrad)", Tensor.scalar(3).requiresGrad(true).toString());
    assertEquals("tensor(6, op: mul)", Tensor.scalar(3).requiresGrad(true).mul(2).toString());
    assertEquals("tensor([0.333333, 1e-20], shape [2])", Tensor.vector(1.0 / 3, 1e-20).toString());
    assertTrue(Tensor.zeros(100, 100).toString().startsWith("tensor(shape [100, 100], first values [0, 0"));
  }

  @Test
  void approximate_equality_uses_both_tolerances() {
    Tensor a = Tensor.vector(1, 1000);
    Tensor b = Tensor.vector(1 + 1e-10, 1000 + 1e-7);
    assertTrue(a.allClose(b, 1e-9, 1e-9));
    assertFalse(a.allClose(b, 0, 1e-9));
    assertFalse(a.allClose(Tensor.vector(1, 1000, 3)));
    assertFalse(Tensor.vector(Double.NaN).allClose(Tensor.vector(Double.NaN)));
    assertEquals(1e-7, a.maxAbsDiff(b), 1e-12);
  }

  @Test
  void reshape_shares_storage_and_copy_does_not() {
    Tensor t = Tensor.arange(6);
    Tensor r = t.reshape(2, -1);
    assertArrayEquals(new int[] {2, 3}, r.shape());
    assertTrue(r.storage() == t.storage());
    assertNotEquals(t.copy().storage(), t.storage());
  }

  @Test
  void reductions_along_axes() {
    Tensor m = Tensor.matrix(new double[][] {{1, 5, 3}, {4, 2, 6}});
    assertArrayEquals(new double[] {5, 7, 9}, m.sum(0).toArray(), 0);
    assertArrayEquals(new int[] {2, 1}, m.sum(new int[] {1}, true).shape());
    assertArrayEquals(new double[] {9, 12}, m.sum(1).toArray(), 0);
    assertArrayEquals(new double[] {5, 6}, m.max(1).toArray(), 0);
    assertEquals(3.5, m.mean().item(), 0);
    assertArrayEquals(new double[] {2.5, 3.5, 4.5}, m.mean(0).toArray(), 0);
    Tensor cube = Tensor.arange(24).reshape(2, 3, 4);
    assertArrayEquals(new double[] {60, 66, 72, 78}, cube.sum(new int[] {0, 1}, false).toArray(), 0);
    assertEquals(276, cube.sum().item(), 0);
  }

  @Test
  void movement_ops_place_values_where_expected() {
    Tensor m = Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}});
    assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, m.transpose().toArray(), 0);
    assertArrayEquals(new double[] {2, 3, 5, 6}, m.slice(1, 1, 3).toArray(), 0);
    assertArrayEquals(new double[] {4, 5, 6, 1, 2, 3, 4, 5, 6}, m.rows(1, 0, 1).toArray(), 0);
    assertArrayEquals(new double[] {3, 4}, m.pick(2, 0).toArray(), 0);
    Tensor c = Tensor.concat(1, m, Tensor.zeros(2, 1));
    assertArrayEquals(new double[] {1, 2, 3, 0, 4, 5, 6, 0}, c.toArray(), 0);
    Tensor p = Tensor.arange(24).reshape(2, 3, 4).permute(2, 0, 1);
    assertArrayEquals(new int[] {4, 2, 3}, p.shape());
    assertEquals(Tensor.arange(24).reshape(2, 3, 4).get(1, 2, 3), p.get(3, 1, 2), 0);
    assertArrayEquals(new double[] {1, 2, 3, 1, 2, 3}, Tensor.vector(1, 2, 3).broadcastTo(2, 3).toArray(), 0);
    assertArrayEquals(new double[] {5, 7, 9}, m.sumTo(3).toArray(), 0);
  }

  @Test
  void matmul_covers_matrices_and_vectors() {
    Tensor a = Tensor.matrix(new double[][] {{1, 2}, {3, 4}, {5, 6}});
    Tensor b = Tensor.matrix(new double[][] {{1, 0, 2}, {0, 1, 3}});
    assertArrayEquals(new double[] {1, 2, 8, 3, 4, 18, 5, 6, 28}, a.matmul(b).toArray(), 0);
    assertArrayEquals(new double[] {5, 11, 17}, a.matmul(Tensor.vector(1, 2)).toArray(), 0);
    assertArrayEquals(new double[] {22, 28}, Tensor.vector(1, 2, 3).matmul(a).toArray(), 0);
    assertEquals(14, Tensor.vector(1, 2, 3).matmul(Tensor.vector(1, 2, 3)).item(), 0);
  }

  @Test
  void large_matmul_through_blas_agrees_with_a_plain_loop() {
    Tensor a = Tensor.randn(1, 70, 90);
    Tensor b = Tensor.randn(2, 90, 50);
    Tensor c = a.matmul(b);
    double[] ad = a.storage();
    double[] bd = b.storage();
    for (int i = 0; i < 70; i += 7) {
      for (int j = 0; j < 50; j += 5) {
        double s = 0;
        for (int k = 0; k < 90; k++) {
          s += ad[i * 90 + k] * bd[k * 50 + j];
        }
        assertEquals(s, c.get(i, j), 1e-12 * 90);
      }
    }
    // Transposed-operand products used by the backward pass agree with explicit transposes.
    Tensor g = Tensor.randn(3, 70, 50);
    Tensor viaRule = new dev.autograd.ops.LinearAlgebra.MatMul(false, true).apply(g, b);
    assertTrue(viaRule.allClose(g.matmul(b.transpose()), 1e-12, 1e-12));
    Tensor viaRule2 = new dev.autograd.ops.LinearAlgebra.MatMul(true, false).apply(a, g);
    assertTrue(viaRule2.allClose(a.transpose().matmul(g), 1e-12, 1e-12));
  }

  @Test
  void where_keeps_a_nan_in_the_branch_not_taken_out_of_the_result() {
    Tensor x = Tensor.vector(-1, 4).requiresGrad(true);
    Tensor mask = x.gt(0);
    Tensor y = Tensor.where(mask, x.sqrt(), Tensor.scalar(0));
    assertTrue(y.isFinite());
    assertArrayEquals(new double[] {0, 2}, y.toArray(), 0);
    // The untaken branch's own rule still sees its NaN (0 · ∞ in sqrt's rule), as in other engines:
    y.sum().backward();
    assertTrue(Double.isNaN(x.grad().get(0)));
    // The documented remedy: also guard the branch's input, so the untaken branch is evaluated at a safe point.
    x.zeroGrad();
    Tensor guarded = Tensor.where(mask, Tensor.where(mask, x, Tensor.scalar(1)).sqrt(), Tensor.scalar(0));
    guarded.sum().backward();
    assertArrayEquals(new double[] {0, 2}, guarded.toArray(), 0);
    assertArrayEquals(new double[] {0, 0.25}, x.grad().toArray(), 0);
  }

  @Test
  void every_broadcasting_path_agrees_with_explicit_expansion() {
    Tensor big = Tensor.randn(1, 4, 3, 5);
    Tensor[] smalls = {Tensor.randn(2, 5), Tensor.randn(3, 3, 5), Tensor.randn(4, 3, 1), Tensor.randn(5, 4, 1, 5),
        Tensor.scalar(2.5), Tensor.randn(6, 1, 1, 1)};
    for (Tensor small : smalls) {
      Tensor expanded = small.broadcastTo(4, 3, 5).copy();
      assertArrayEquals(big.sub(expanded).toArray(), big.sub(small).toArray(), 0, "big - small " + small);
      assertArrayEquals(expanded.sub(big).toArray(), small.sub(big).toArray(), 0, "small - big " + small);
      assertArrayEquals(big.div(expanded).toArray(), big.div(small).toArray(), 0, "big / small " + small);
    }
  }

  @Test
  void matmul_add_equals_matmul_then_add_in_value_and_gradient() {
    for (int[] biasShape : new int[][] {{5}, {1, 5}, {4, 5}, {4, 1}, {}}) {
      Tensor x = Tensor.randn(1, 4, 3).requiresGrad(true);
      Tensor w = Tensor.randn(2, 3, 5).requiresGrad(true);
      Tensor b = (biasShape.length == 0 ? Tensor.scalar(0.7) : Tensor.randn(3, biasShape)).requiresGrad(true);
      Tensor fused = x.matmulAdd(w, b);
      Tensor plain = x.matmul(w).add(b);
      assertTrue(fused.allClose(plain, 1e-14, 1e-14));
      Gradients gf = Autograd.gradients(fused.tanh().sum(), x, w, b);
      Gradients gp = Autograd.gradients(plain.tanh().sum(), x, w, b);
      for (int i = 0; i < 3; i++) {
        assertTrue(gf.get(i).allClose(gp.get(i), 1e-13, 1e-14), "input " + i + " with bias " + java.util.Arrays.toString(biasShape));
      }
    }
    RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Tensor.zeros(2, 3).matmulAdd(Tensor.zeros(3, 4), Tensor.zeros(3)));
    assertEquals("matmulAdd: the added term of shape [3] does not broadcast to the product's shape [2, 4]", e.getMessage());
  }
}
