package dev.autograd.ops;

import static dev.autograd.ops.LinearAlgebraTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autograd.Tensor;
import dev.autograd.check.GradCheck;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EinsumTest {

  /** einsum by its definition: a loop over every assignment of every letter, summing products. */
  static Tensor reference(String equation, Tensor... operands) {
    String[] sides = equation.split("->", -1);
    String[] subs = sides[0].split(",", -1);
    String out = sides[1];
    Map<Character, Integer> size = new HashMap<>();
    for (int o = 0; o < subs.length; o++) {
      for (int i = 0; i < subs[o].length(); i++) {
        size.put(subs[o].charAt(i), operands[o].dim(i));
      }
    }
    char[] letters = new char[size.size()];
    int li = 0;
    for (char c : size.keySet()) {
      letters[li++] = c;
    }
    int[] outShape = new int[out.length()];
    for (int i = 0; i < outShape.length; i++) {
      outShape[i] = size.get(out.charAt(i));
    }
    double[] result = new double[dev.autograd.Shape.size(outShape)];
    int[] value = new int[letters.length];
    Map<Character, Integer> at = new HashMap<>();
    while (true) {
      for (int i = 0; i < letters.length; i++) {
        at.put(letters[i], value[i]);
      }
      double p = 1;
      for (int o = 0; o < subs.length; o++) {
        int[] idx = new int[subs[o].length()];
        for (int i = 0; i < idx.length; i++) {
          idx[i] = at.get(subs[o].charAt(i));
        }
        p *= operands[o].get(idx);
      }
      int off = 0;
      for (int i = 0; i < out.length(); i++) {
        off = off * outShape[i] + at.get(out.charAt(i));
      }
      result[off] += p;
      int d = letters.length - 1;
      while (d >= 0 && ++value[d] == size.get(letters[d])) {
        value[d] = 0;
        d--;
      }
      if (d < 0) {
        break;
      }
    }
    return Tensor.wrap(result, outShape);
  }

  private static final Object[][] CASES = {
    {"ij,jk->ik", new int[][] {{3, 4}, {4, 5}}},
    {"ij,kj->ik", new int[][] {{3, 4}, {5, 4}}},
    {"ji,jk->ik", new int[][] {{4, 3}, {4, 5}}},
    {"ji,kj->ki", new int[][] {{4, 3}, {5, 4}}},
    {"bij,bjk->bik", new int[][] {{2, 3, 4}, {2, 4, 5}}},
    {"bij,bkj->bki", new int[][] {{2, 3, 4}, {2, 5, 4}}},
    {"ibj,jbk->bik", new int[][] {{3, 2, 4}, {4, 2, 5}}},
    {"abij,bjka->bki", new int[][] {{2, 3, 2, 4}, {3, 4, 2, 2}}},
    {"ijk,jl->lik", new int[][] {{2, 3, 4}, {3, 5}}},
    {"ijk,jkl->il", new int[][] {{2, 3, 4}, {3, 4, 2}}},
    {"ii->", new int[][] {{4, 4}}},
    {"ii->i", new int[][] {{4, 4}}},
    {"iji->j", new int[][] {{3, 2, 3}}},
    {"iii->i", new int[][] {{3, 3, 3}}},
    {"ij->ji", new int[][] {{3, 4}}},
    {"ijk->kij", new int[][] {{2, 3, 4}}},
    {"ij->i", new int[][] {{3, 4}}},
    {"ij->", new int[][] {{3, 4}}},
    {"i,j->ij", new int[][] {{3}, {4}}},
    {"i,i->", new int[][] {{5}, {5}}},
    {"i,i->i", new int[][] {{5}, {5}}},
    {"ij,ij->ij", new int[][] {{3, 4}, {3, 4}}},
    {"ij,j->i", new int[][] {{3, 4}, {4}}},
    {"ij,j->ij", new int[][] {{3, 4}, {4}}},
    {"bi,bj->bij", new int[][] {{2, 3}, {2, 4}}},
    {"ij,kl->ijkl", new int[][] {{2, 3}, {2, 2}}},
    {"ij,kl->", new int[][] {{2, 3}, {2, 2}}},
    {"ii,ij->j", new int[][] {{3, 3}, {3, 2}}},
    {"ij,jk,kl->il", new int[][] {{2, 3}, {3, 4}, {4, 2}}},
    {"i,ij,j->", new int[][] {{2}, {2, 3}, {3}}},
    {",ij->ij", new int[][] {{}, {2, 3}}},
    {"->", new int[][] {{}}},
  };

  @Test
  void einsum_matches_its_definition_for_contractions_traces_diagonals_and_products() {
    SplittableRandom rng = new SplittableRandom(20);
    for (Object[] c : CASES) {
      String eq = (String) c[0];
      int[][] shapes = (int[][]) c[1];
      Tensor[] xs = new Tensor[shapes.length];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = Tensor.uniform(rng, -1, 1, shapes[i]);
      }
      Tensor want = reference(eq, xs);
      Tensor got = Tensor.einsum(eq, xs);
      assertArrayEquals(want.shape(), got.shape(), eq);
      assertTrue(want.maxAbsDiff(got) <= 1e-12, eq + ": " + want + " vs " + got);
    }
  }

  @Test
  void einsum_gradients_pass_first_and_second_order_checks() {
    SplittableRandom rng = new SplittableRandom(21);
    for (Object[] c : CASES) {
      String eq = (String) c[0];
      int[][] shapes = (int[][]) c[1];
      Tensor[] xs = new Tensor[shapes.length];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = Tensor.uniform(rng, -1, 1, shapes[i]);
      }
      GradCheck.assertGradients(ys -> Tensor.einsum(eq, ys).square().sum(), xs);
      GradCheck.assertSecondOrderGradients(ys -> Tensor.einsum(eq, ys).square().sum(), xs);
    }
  }

  @Test
  void without_an_arrow_the_output_is_the_letters_used_once_in_alphabetical_order() {
    SplittableRandom rng = new SplittableRandom(22);
    Tensor a = Tensor.uniform(rng, -1, 1, 3, 4);
    Tensor b = Tensor.uniform(rng, -1, 1, 4, 5);
    assertTrue(Tensor.einsum("ij,jk", a, b).allClose(a.matmul(b)));
    assertTrue(Tensor.einsum("kj,ji", b.transpose(), a.transpose()).allClose(a.matmul(b)), "output 'ik'");
    assertTrue(Tensor.einsum("ij", a).allClose(a));
    assertTrue(Tensor.einsum("ji", a).allClose(a.transpose()));
    assertTrue(Tensor.einsum("ii", Tensor.eye(3)).allClose(Tensor.scalar(3)));
  }

  @Test
  void einsum_errors_name_the_equation_and_the_problem() {
    assertMessage("einsum: 'ij,jk->ik': operand 1 has shape [3, 4] but subscripts 'jk' need j = 5 (from operand 0)",
        () -> Tensor.einsum("ij,jk->ik", Tensor.zeros(2, 5), Tensor.zeros(3, 4)));
    assertMessage("einsum: 'ii->i': operand 0 has shape [2, 3] but subscripts 'ii' need i = 2 (from operand 0)",
        () -> Tensor.einsum("ii->i", Tensor.zeros(2, 3)));
    assertMessage("einsum: 'ij,jk->ik': names 2 operands; got 1",
        () -> Tensor.einsum("ij,jk->ik", Tensor.zeros(2, 5)));
    assertMessage("einsum: 'ij->i': operand 0 has shape [2, 3, 4] (rank 3) but subscripts 'ij' name 2 axes",
        () -> Tensor.einsum("ij->i", Tensor.zeros(2, 3, 4)));
    assertMessage("einsum: 'ij->ik': output subscript 'k' is in no operand", () -> Tensor.einsum("ij->ik", Tensor.zeros(2, 3)));
    assertMessage("einsum: 'ij->ii': output subscript 'i' appears more than once",
        () -> Tensor.einsum("ij->ii", Tensor.zeros(2, 3)));
    assertMessage("einsum: '...ij->...ji': ellipsis ('...') is not supported; name every axis",
        () -> Tensor.einsum("...ij->...ji", Tensor.zeros(2, 3)));
    assertMessage("einsum: 'i1->i': subscripts are letters a-z and A-Z (operands separated by ',', the output after "
        + "'->'); got '1'", () -> Tensor.einsum("i1->i", Tensor.zeros(2, 3)));
    assertMessage("einsum: 'i->i->i': has more than one '->'", () -> Tensor.einsum("i->i->i", Tensor.zeros(2)));
  }
}
