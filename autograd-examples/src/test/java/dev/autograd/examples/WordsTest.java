package dev.autograd.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WordsTest {

  @Test
  void one_is_singular_and_every_other_count_plural() {
    assertEquals("1 epoch", Words.count(1, "epoch"));
    assertEquals("2 epochs", Words.count(2, "epoch"));
    assertEquals("0 epochs", Words.count(0, "epoch"));
    assertEquals("-1 epoch", Words.count(-1, "epoch"));
    assertEquals("1 hidden unit", Words.count(1, "hidden unit"));
    assertEquals("3 hidden units", Words.count(3, "hidden unit"));
  }

  @Test
  void irregular_plurals_are_given() {
    assertEquals("1 child", Words.count(1, "child", "children"));
    assertEquals("4 children", Words.count(4, "child", "children"));
    assertEquals("matrices", Words.noun(2, "matrix", "matrices"));
    assertEquals("matrix", Words.noun(1, "matrix", "matrices"));
  }
}
